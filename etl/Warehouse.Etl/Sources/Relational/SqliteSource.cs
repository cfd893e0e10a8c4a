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
        if (string.IsNullOrWhiteSpace(builder.DataSource))
            throw new Configuration.SettingsException("Source:ConnectionString names no SQLite file (write Data Source=path/to/file.db).");
        if (!File.Exists(builder.DataSource))
            throw new Configuration.SettingsException($"Source:ConnectionString: the SQLite file {SourceFactory.DescribePath(builder.DataSource)} does not exist; run `warehouse generate-sample` to make one, or set Source:ConnectionString (Data Source=path/to/file.db).");
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        return connection;
    }

    private static string Describe(string connectionString) =>
        $"sqlite:{Path.GetFileName(new SqliteConnectionStringBuilder(connectionString).DataSource)}";
}
