using Npgsql;
using Warehouse.Etl.Configuration;
using Warehouse.Etl.Engines;

namespace Warehouse.Tests.Fixtures;

/// <summary>One throwaway PostgreSQL cluster for the whole test run (started on first use, stopped
/// when the test process exits), with a fresh database per caller.</summary>
public static class SharedPostgres
{
    private static readonly Lazy<PostgresServer> Server = new(() =>
    {
        var server = new PostgresServer();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    private static int _databases;

    /// <summary>Creates an empty database; returns its connection string.</summary>
    public static string NewDatabase()
    {
        var name = $"warehouse_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        using (var admin = new NpgsqlConnection(Server.Value.ConnectionString))
        {
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            create.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(Server.Value.ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Creates an empty database and opens it as a PostgreSQL warehouse.</summary>
    public static WarehouseConnection NewWarehouse() =>
        WarehouseConnection.Open(new WarehouseStoreSettings { Engine = "postgres", ConnectionString = NewDatabase() });
}
