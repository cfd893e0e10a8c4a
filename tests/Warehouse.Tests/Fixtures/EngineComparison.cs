using System.Data.Common;
using System.Globalization;

namespace Warehouse.Tests.Fixtures;

/// <summary>Compares two warehouses on different engines table by table and row by row.</summary>
public static class EngineComparison
{
    /// <summary>Every dimension, fact, ODS, reference and mart table (control and staging tables
    /// left out) has the same rows in both, values normalised across engines.</summary>
    public static void AssertSameWarehouse(DbConnection expected, DbConnection actual, long minimumRows)
    {
        var tables = TempWarehouse.Rows((DuckDB.NET.Data.DuckDBConnection)expected, """
            SELECT table_name FROM information_schema.tables
            WHERE table_type = 'BASE TABLE' AND table_name NOT LIKE 'etl\_%' ESCAPE '\' AND table_name NOT LIKE 'stg\_%' ESCAPE '\'
              AND table_name <> 'schema_version'
            ORDER BY 1
            """).Select(r => (string)r[0]!).ToList();
        Assert.Contains("mart_customer_value", tables);
        Assert.Contains("fact_order_line", tables);
        var compared = 0L;
        foreach (var table in tables)
        {
            var want = Rows(expected, table);
            var got = Rows(actual, table);
            Assert.True(want.Count == got.Count, $"{table}: {want.Count} rows expected, {got.Count} found");
            var differing = want.Except(got).Take(3).ToList();
            Assert.True(differing.Count == 0, $"{table}: rows differ, e.g. expected {string.Join(" / ", differing)} but found {string.Join(" / ", got.Except(want).Take(3))}");
            compared += want.Count;
        }
        Assert.True(compared >= minimumRows, $"{compared} rows compared");
    }

    /// <summary>Every row of a table as text, values normalised across engines (dates, timestamps,
    /// decimals at their declared scale, booleans), in a stable order.</summary>
    public static List<string> Rows(DbConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table}";
        using var reader = command.ExecuteReader();
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var order = columns.Select((c, i) => (c, i)).OrderBy(x => x.c, StringComparer.Ordinal).Select(x => x.i).ToArray();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(string.Join('|', order.Select(i => $"{columns[i]}={Text(reader.IsDBNull(i) ? null : reader.GetValue(i))}")));
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    public static string Text(object? value) => value switch
    {
        null => "null",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t when t.TimeOfDay == TimeSpan.Zero => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        decimal m => m.ToString("G29", CultureInfo.InvariantCulture),   // the value: engines differ in trailing zeros
        bool b => b ? "true" : "false",
        short or int or long or byte => Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

}
