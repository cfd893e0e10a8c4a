using Microsoft.Data.Sqlite;

namespace Warehouse.Etl.Sources.Relational;

/// <summary>An operational database in a SQLite file (opened read-only).</summary>
public sealed class SqliteSource(string connectionString, IReadOnlyDictionary<string, string>? queries = null)
    : RelationalSource(Open(connectionString), Describe(connectionString), queries)
{
    /// <summary>SQLite keeps timestamps as text (yyyy-MM-dd HH:mm:ss[.fff]); the watermark is bound
    /// as text of that form, which compares in time order.</summary>
    protected override object WatermarkValue(Watermark watermark) =>
        watermark.Timestamp is not null ? watermark.ToString() : watermark.Value;

    private static SqliteConnection Open(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadOnly };
        if (!File.Exists(builder.DataSource))
            throw new FileNotFoundException($"The SQLite source '{builder.DataSource}' does not exist. Run `warehouse generate-sample` or set Source:ConnectionString.");
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        return connection;
    }

    private static string Describe(string connectionString) =>
        $"sqlite:{Path.GetFileName(new SqliteConnectionStringBuilder(connectionString).DataSource)}";
}
