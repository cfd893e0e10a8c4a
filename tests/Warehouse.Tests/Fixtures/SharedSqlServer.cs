using Microsoft.Data.SqlClient;
using Warehouse.Etl.Configuration;
using Warehouse.Etl.Engines;

namespace Warehouse.Tests.Fixtures;

/// <summary>Fresh SQL Server warehouses on the server WAREHOUSE_TEST_SQLSERVER names (none when
/// it is not set: no SQL Server runs on the project's machines).</summary>
public static class SharedSqlServer
{
    private static int _databases;

    public static bool Available => SqlServerDatabase.ServerConnectionString is not null;

    /// <summary>Creates an empty database and opens it as a SQL Server warehouse; disposing the
    /// returned handle drops the database.</summary>
    public static (WarehouseConnection Warehouse, IDisposable Drop) NewWarehouse()
    {
        var admin = new SqlConnectionStringBuilder(SqlServerDatabase.ServerConnectionString!) { Pooling = false }.ConnectionString;
        var name = $"warehouse_mirror_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}";
        Execute(admin, SqlServerDatabase.CreateDatabaseSql(name));
        var cs = new SqlConnectionStringBuilder(admin) { InitialCatalog = name }.ConnectionString;
        var warehouse = WarehouseConnection.Open(new WarehouseStoreSettings { Engine = "sqlserver", ConnectionString = cs });
        return (warehouse, new Dropper(() =>
        {
            warehouse.Dispose();
            SqlConnection.ClearAllPools();
            Execute(admin, SqlServerDatabase.DropDatabaseSql(name));
        }));
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new SqlConnection(connectionString);
        connection.Open();
        using var command = new SqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private sealed class Dropper(Action drop) : IDisposable
    {
        public void Dispose() => drop();
    }
}
