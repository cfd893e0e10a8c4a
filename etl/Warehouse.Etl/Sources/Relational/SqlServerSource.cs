using Microsoft.Data.SqlClient;

namespace Warehouse.Etl.Sources.Relational;

/// <summary>An operational SQL Server or Azure SQL database (Microsoft.Data.SqlClient). The
/// description names server and database, never the password.</summary>
public sealed class SqlServerSource(string connectionString, IReadOnlyDictionary<string, string>? queries = null)
    : RelationalSource(Open(connectionString), Describe(connectionString), queries)
{
    private static SqlConnection Open(string connectionString)
    {
        var connection = new SqlConnection(connectionString);
        try
        {
            connection.Open();
        }
        catch (SqlException e)
        {
            connection.Dispose();
            throw new InvalidOperationException($"Cannot connect to the SQL Server source {Describe(connectionString)}: {e.Message}", e);
        }
        return connection;
    }

    private static string Describe(string connectionString)
    {
        var b = new SqlConnectionStringBuilder(connectionString);
        return $"sqlserver:{b.DataSource}/{b.InitialCatalog}";
    }
}
