using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Warehouse.Etl.Sources.Sqlite;

/// <summary>An operational database in a SQLite file, read with the queries in Sqlite/sql.</summary>
public sealed class SqliteSource : ISource
{
    private readonly SqliteConnection _connection;

    public SqliteSource(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadOnly };
        if (!File.Exists(builder.DataSource))
            throw new FileNotFoundException($"The SQLite source '{builder.DataSource}' does not exist. Run `warehouse generate-sample` or set Source:ConnectionString.");
        Description = $"sqlite:{Path.GetFileName(builder.DataSource)}";
        _connection = new SqliteConnection(builder.ToString());
        _connection.Open();
    }

    public string Description { get; }

    public DbDataReader OpenEntity(string entity)
    {
        var command = _connection.CreateCommand();
        command.CommandText = ReadQuery(entity);
        return command.ExecuteReader();
    }

    private static string ReadQuery(string entity)
    {
        var name = $"Warehouse.Etl.Sources.Sqlite.sql.{entity}.sql";
        using var stream = typeof(SqliteSource).Assembly.GetManifestResourceStream(name)
            ?? throw new KeyNotFoundException($"No SQLite extraction query for entity '{entity}'.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public void Dispose() => _connection.Dispose();
}
