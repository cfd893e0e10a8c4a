using System.Data.Common;
using Warehouse.Etl.Configuration;
using Warehouse.Schema;

namespace Warehouse.Etl.Engines;

/// <summary>An open warehouse: its engine and connection (disposing closes the connection).</summary>
public sealed class WarehouseConnection(WarehouseEngine engine, DbConnection connection) : IDisposable
{
    public WarehouseEngine Engine { get; } = engine;
    public DbConnection Connection { get; } = connection;

    /// <summary>Opens the warehouse the settings name, on its engine.</summary>
    public static WarehouseConnection Open(WarehouseStoreSettings settings)
    {
        var engine = WarehouseEngine.For(settings.Engine);
        return new WarehouseConnection(engine, engine.Open(settings));
    }

    /// <summary>Applies pending migrations; returns those applied now.</summary>
    public IReadOnlyList<Migration> Migrate() => new Migrator(Engine.Runner(Connection)).Apply();

    /// <summary>Where the warehouse is, without secrets (a file path, or engine:host/database).</summary>
    public static string Describe(WarehouseStoreSettings settings) => settings.Engine.ToLowerInvariant() switch
    {
        "duckdb" => Path.GetFullPath(settings.Path),
        "postgres" => DescribePostgres(settings.ConnectionString),
        _ => DescribeSqlServer(settings.ConnectionString),
    };

    private static string DescribePostgres(string? cs)
    {
        var b = new Npgsql.NpgsqlConnectionStringBuilder(cs ?? "");
        return $"postgres:{b.Host}:{b.Port}/{b.Database}";
    }

    private static string DescribeSqlServer(string? cs)
    {
        var b = new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(cs ?? "");
        return $"sqlserver:{b.DataSource}/{b.InitialCatalog}";
    }

    public void Dispose() => Connection.Dispose();
}
