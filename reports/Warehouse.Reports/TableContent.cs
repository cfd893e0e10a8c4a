using System.Data.Common;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Parquet;

namespace Warehouse.Reports;

/// <summary>
/// What a published Parquet file holds, as a key the warehouse computes without sending the rows to
/// .NET: the table's columns and types, the writer and its settings, the software version, the row
/// count and an exact sum of a 64-bit hash of every row (<see cref="WarehouseSql.RowHashSum"/>).
/// Two publishes with the same key for a file would write the same rows with the same writer, so
/// the later one carries the earlier file over (<see cref="PreviousPublish"/>) instead of writing it
/// again. Null keys (an engine without a row hash) never match: those files are always written.
/// </summary>
internal static class TableContent
{
    private const string RowAlias = "content_row";

    /// <summary>The part of the key that does not depend on the rows, or null when the engine
    /// cannot hash rows.</summary>
    public static async Task<string?> SchemaKeyAsync(
        DbConnection warehouse, string table, string softwareVersion, ParquetPublisherOptions options, CancellationToken ct)
    {
        if (WarehouseSql.RowHashSum(warehouse, RowAlias) is null)
        {
            return null;
        }
        var declared = await WarehouseSql.DeclaredNumericColumnsAsync(warehouse, table, ct).ConfigureAwait(false);
        var text = new StringBuilder()
            .Append(softwareVersion).Append('|')
            .Append(typeof(ParquetWriter).Assembly.FullName).Append('|')
            .Append(options);
        await using var command = warehouse.CreateCommand();
        command.CommandText = "SELECT * FROM " + WarehouseSql.Quote(table) + " WHERE 1 = 0";
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        for (int i = 0; i < reader.FieldCount; i++)
        {
            string name = reader.GetName(i);
            text.Append('|').Append(name).Append(':').Append(reader.GetDataTypeName(i)).Append(':').Append(reader.GetFieldType(i).FullName);
            if (declared.TryGetValue(name, out var numeric))
            {
                text.Append('(').Append(numeric.Precision).Append(',').Append(numeric.Scale).Append(')');
            }
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    /// <summary>The key of a file holding <paramref name="rows"/> rows whose hashes sum to <paramref name="hashSum"/>.</summary>
    public static string? Key(string? schemaKey, long rows, BigInteger? hashSum) =>
        schemaKey is null ? null : string.Create(CultureInfo.InvariantCulture, $"{schemaKey}-{rows}-{hashSum ?? BigInteger.Zero}");

    /// <summary>True when <paramref name="key"/> is a key of a file with the schema key
    /// <paramref name="schemaKey"/> and <paramref name="rows"/> rows (whatever its rows' hash sum).</summary>
    public static bool HasSchemaAndRows(string? key, string? schemaKey, long rows) =>
        key is not null && schemaKey is not null
        && key.StartsWith(string.Create(CultureInfo.InvariantCulture, $"{schemaKey}-{rows}-"), StringComparison.Ordinal);

    /// <summary>The key of the whole table.</summary>
    public static async Task<string?> WholeTableKeyAsync(DbConnection warehouse, string table, string? schemaKey, CancellationToken ct)
    {
        if (schemaKey is null || WarehouseSql.RowHashSum(warehouse, RowAlias) is not { } hashSum)
        {
            return null;
        }
        await using var command = warehouse.CreateCommand();
        command.CommandText = $"SELECT COUNT(*), {hashSum} FROM {WarehouseSql.Quote(table)} AS {RowAlias}";
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await reader.ReadAsync(ct).ConfigureAwait(false);
        return Key(schemaKey, Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), HashSum(reader, 1));
    }

    /// <summary>
    /// Rows and row-hash sums of <paramref name="table"/> per day of <paramref name="dateColumn"/>
    /// (null day: the NULL dates), from one GROUP BY. The hash sums are null when
    /// <paramref name="hashes"/> is false (then only the date column is read) or the engine has no
    /// row hash. <paramref name="only"/> limits it to the days in the ranges [From, To) given and,
    /// when <paramref name="nulls"/>, the NULL dates.
    /// </summary>
    public static async Task<List<(DateOnly? Day, long Rows, BigInteger? HashSum)>> RowsByDayAsync(
        DbConnection warehouse, string table, string dateColumn, bool hashes,
        IReadOnlyList<(DateOnly From, DateOnly To)>? only, bool nulls, CancellationToken ct)
    {
        string column = $"{RowAlias}.{WarehouseSql.Quote(dateColumn)}";
        string day = $"CAST({column} AS DATE)";
        string hashSum = (hashes ? WarehouseSql.RowHashSum(warehouse, RowAlias) : null) ?? "NULL";
        await using var command = warehouse.CreateCommand();
        string where = "";
        if (only is not null)
        {
            var conditions = new List<string>();
            for (int i = 0; i < only.Count; i++)
            {
                string from = WarehouseSql.Parameter(warehouse, "from" + i), to = WarehouseSql.Parameter(warehouse, "to" + i);
                conditions.Add($"({column} >= {from} AND {column} < {to})");
                WarehouseSql.AddParameter(command, "from" + i, only[i].From);
                WarehouseSql.AddParameter(command, "to" + i, only[i].To);
            }
            if (nulls)
            {
                conditions.Add($"{column} IS NULL");
            }
            where = " WHERE " + (conditions.Count > 0 ? string.Join(" OR ", conditions) : "1 = 0");
        }
        command.CommandText = $"SELECT {day} AS day, COUNT(*) AS n, {hashSum} AS h FROM {WarehouseSql.Quote(table)} AS {RowAlias}{where} GROUP BY {day}";
        var result = new List<(DateOnly?, long, BigInteger?)>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            DateOnly? date = reader.IsDBNull(0) ? null
                : reader.GetFieldType(0) == typeof(DateOnly) ? reader.GetFieldValue<DateOnly>(0)
                : DateOnly.FromDateTime(reader.GetDateTime(0));
            result.Add((date, Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture), HashSum(reader, 2)));
        }
        return result;
    }

    private static BigInteger? HashSum(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal)
        ? null
        : reader.GetValue(ordinal) switch
        {
            BigInteger b => b,
            decimal d => new BigInteger(d),
            var other => BigInteger.Parse(Convert.ToString(other, CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture),
        };
}
