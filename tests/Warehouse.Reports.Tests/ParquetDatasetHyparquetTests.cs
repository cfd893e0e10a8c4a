using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;

namespace Warehouse.Reports.Tests;

/// <summary>
/// Reads the published dataset with hyparquet (JavaScript, shares no code with Parquet.Net) through
/// tests/node/read-parquet.mjs and compares every value and type with the warehouse.
/// </summary>
public sealed class ParquetDatasetHyparquetTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly DuckDBConnection _db = ParquetDatasetWarehouse.Create();

    public void Dispose()
    {
        _db.Dispose();
        _folder.Dispose();
    }

    private static JsonElement ReadWithHyparquet(IEnumerable<string> files)
    {
        string folder = NodeTools.EnsurePackages("hyparquet");
        var (code, output, error) = NodeTools.Run(
            NodeTools.Node, [Path.Combine(folder, "read-parquet.mjs"), .. files], folder, TimeSpan.FromMinutes(2));
        Assert.True(code == 0, $"node read-parquet.mjs failed ({code}): {error}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    [NodeFact]
    public async Task Hyparquet_reads_every_table_with_the_warehouse_values_and_types()
    {
        var publish = await new ParquetDatasetPublisher(new ParquetPublisherOptions { RowGroupSize = 64 })
            .PublishAsync(_db, ParquetDatasetWarehouse.Request(), _folder.Path);
        var parquetFiles = publish.Files.Where(f => f.Table is not null).ToList();

        var read = ReadWithHyparquet(parquetFiles.Select(f => f.Path));
        var byFile = read.EnumerateArray().ToDictionary(r => r.GetProperty("file").GetString()!);
        Assert.Equal(parquetFiles.Count, byFile.Count);

        foreach (var table in publish.Manifest.Tables)
        {
            var files = parquetFiles.Where(f => f.Table == table.Name).Select(f => byFile[f.Path]).ToList();
            Assert.NotEmpty(files);
            foreach (var (file, manifestFile) in files.Zip(parquetFiles.Where(f => f.Table == table.Name)))
            {
                Assert.Equal(manifestFile.Rows, file.GetProperty("num_rows").GetInt64());
                Assert.Equal(table.Columns.Select(c => c.Name),
                    file.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
                Assert.DoesNotContain(file.GetProperty("encodings").EnumerateArray(),
                    e => e.GetString()!.StartsWith("DELTA", StringComparison.Ordinal));
            }

            var scales = table.Columns.ToDictionary(c => c.Name, c => DecimalScale(c.LogicalType));
            var expected = WarehouseRows(_db, table.Name, scales);
            var actual = files.SelectMany(f => f.GetProperty("rows").EnumerateArray())
                .Select(row => string.Join('\u001f', table.Columns.Select(c => JsValue(row.GetProperty(c.Name)))))
                .Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected.Count, actual.Count);
            Assert.Equal(expected, actual);

            // hyparquet's own DECIMAL -> Number conversion sums to the warehouse total to the cent.
            foreach (var (column, scale) in scales.Where(s => s.Value is not null))
            {
                double sum = files.Sum(f => f.GetProperty("decimal_sums").GetProperty(column).GetDouble());
                decimal exact = Db.Scalar<decimal?>(_db, $"SELECT SUM({column}) FROM {table.Name}") ?? 0m;
                Assert.True(Math.Abs((decimal)sum - exact) < 0.005m, $"{table.Name}.{column}: hyparquet {sum}, warehouse {exact}");
            }
        }

        // The types as hyparquet sees them.
        var factColumns = byFile[parquetFiles.First(f => f.Table == "fact_order_line").Path]
            .GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        AssertColumn(factColumns["order_date"], "INT32", "DATE");
        AssertColumn(factColumns["order_ts"], "INT64", "TIMESTAMP");
        Assert.Equal("MICROS", factColumns["order_ts"].GetProperty("timestamp_unit").GetString());
        AssertColumn(factColumns["net_amount"], "FIXED_LEN_BYTE_ARRAY", "DECIMAL");
        Assert.Equal((18, 8), (factColumns["net_amount"].GetProperty("precision").GetInt32(), factColumns["net_amount"].GetProperty("scale").GetInt32()));
        AssertColumn(factColumns["gross_amount"], "FIXED_LEN_BYTE_ARRAY", "DECIMAL");
        AssertColumn(factColumns["order_id"], "BYTE_ARRAY", "STRING");
        Assert.All(byFile.Values.SelectMany(f => f.GetProperty("columns").EnumerateArray()),
            c => Assert.NotEqual("INT96", c.GetProperty("type").GetString()));

        // Spot checks of values a person can read.
        var customers = byFile[parquetFiles.Single(f => f.Table == "dim_customer").Path].GetProperty("rows").EnumerateArray().ToList();
        var zoe = customers.Single(r => r.GetProperty("customer_id").GetString() == "C001");
        Assert.Equal("Zoë Ångström", zoe.GetProperty("name").GetString());
        Assert.Equal("2023-01-15", zoe.GetProperty("signup_date").GetString());
        Assert.Equal("12.5000", zoe.GetProperty("acquisition_cost").GetString());
        var big = customers.Single(r => r.GetProperty("customer_id").GetString() == "17850");
        Assert.Equal("123456789012.3456", big.GetProperty("acquisition_cost").GetString());
        Assert.Equal("Emoji 😀 Ltd", customers.Single(r => r.GetProperty("customer_id").GetString() == "C003").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, customers.Single(r => r.GetProperty("customer_id").GetString() == "C003").GetProperty("signup_date").ValueKind);
    }

    private static void AssertColumn(JsonElement column, string physical, string logical)
    {
        Assert.Equal(physical, column.GetProperty("type").GetString());
        Assert.Equal(logical, column.GetProperty("logical_type").GetString());
    }

    private static int? DecimalScale(string? logicalType) =>
        logicalType is not null && logicalType.StartsWith("DECIMAL(", StringComparison.Ordinal)
            ? int.Parse(logicalType[(logicalType.IndexOf(',') + 1)..^1], CultureInfo.InvariantCulture)
            : null;

    /// <summary>The warehouse's rows as the canonical strings the hyparquet output is turned into, sorted.</summary>
    private static List<string> WarehouseRows(DbConnection db, string table, IReadOnlyDictionary<string, int?> scales)
    {
        using var command = db.CreateCommand();
        command.CommandText = "SELECT * FROM " + table;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        var values = new string[reader.FieldCount];
        while (reader.Read())
        {
            for (int i = 0; i < reader.FieldCount; i++)
            {
                values[i] = reader.IsDBNull(i) ? "null" : reader.GetValue(i) switch
                {
                    DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    DateTime t => (t.Ticks / 10 - 62_135_596_800_000_000L).ToString(CultureInfo.InvariantCulture),
                    decimal m => m.ToString("F" + scales[reader.GetName(i)], CultureInfo.InvariantCulture),
                    bool b => b ? "true" : "false",
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    var v => v.ToString()!,
                };
            }
            rows.Add(string.Join('\u001f', values));
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static string JsValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.TryGetInt64(out long l) ? l.ToString(CultureInfo.InvariantCulture) : value.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        JsonValueKind.Object => value.GetProperty("micros").GetString()!,
        _ => throw new InvalidDataException("Unexpected JSON value " + value),
    };
}
