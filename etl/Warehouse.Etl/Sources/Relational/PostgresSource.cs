using Npgsql;

namespace Warehouse.Etl.Sources.Relational;

/// <summary>An operational PostgreSQL database (Npgsql). The description names host and database,
/// never the password.</summary>
public sealed class PostgresSource(string connectionString, IReadOnlyDictionary<string, string>? queries = null)
    : RelationalSource(Open(connectionString), Describe(connectionString), queries)
{
    private static NpgsqlConnection Open(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            connection.Open();
        }
        catch (NpgsqlException e)
        {
            connection.Dispose();
            throw new InvalidOperationException($"Cannot connect to the PostgreSQL source {Describe(connectionString)}: {e.Message}", e);
        }
        return connection;
    }

    private static string Describe(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgres:{b.Host}:{b.Port}/{b.Database}";
    }
}
