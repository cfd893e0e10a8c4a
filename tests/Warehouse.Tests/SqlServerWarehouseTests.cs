using Microsoft.Extensions.Logging.Abstractions;
using Warehouse.Etl.Configuration;
using Warehouse.Etl.Engines;
using Warehouse.Etl.Pipeline;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests;

/// <summary>
/// SQL Server as the warehouse (Warehouse:Engine = sqlserver). No SQL Server runs on the project's
/// machines: these run when WAREHOUSE_TEST_SQLSERVER names a server (see docs/sql-server.md) and
/// are reported as skipped otherwise. The same source, first load and incremental, must give the
/// warehouse DuckDB gives, table by table and row by row (every mart included).
/// </summary>
public sealed class SqlServerWarehouseTests : IDisposable
{
    private readonly TempWarehouse _duckdb = new();

    public void Dispose() => _duckdb.Dispose();

    [SqlServerFact]
    public void The_same_source_gives_the_same_warehouse_on_SQL_Server_as_on_DuckDB_first_load_and_incremental()
    {
        var source = new ChangingSource(_duckdb.PathOf("source.db"), customers: 300, seed: 7);
        var live = source.CopyTo(_duckdb.PathOf("live.db"));
        live.RewindTo(new DateTime(2025, 10, 1));
        using var database = new SqlServerDatabase(SqlServerDatabase.ServerConnectionString!, live.Path);
        using var sqlServer = WarehouseConnection.Open(new WarehouseStoreSettings { Engine = "sqlserver", ConnectionString = database.ConnectionString });

        RunResult Load(WarehouseConnection? server)
        {
            using var sqlite = live.Open();
            return server is null
                ? new WarehouseJob(_duckdb.Connection, NullLogger.Instance).Run(sqlite, new JobOptions())
                : new WarehouseJob(server.Connection, server.Engine, NullLogger.Instance).Run(sqlite, new JobOptions());
        }
        Assert.Equal("full", Load(sqlServer).LoadMode);
        Load(null);
        File.Copy(source.Path, live.Path, overwrite: true);
        live.Execute("UPDATE customers SET country = 'Iceland', updated_at = '2025-11-15 12:00:00' WHERE customer_id = (SELECT MIN(customer_id) FROM customers)");
        Assert.Equal("incremental", Load(sqlServer).LoadMode);
        Load(null);

        EngineComparison.AssertSameWarehouse(_duckdb.Connection, sqlServer.Connection, minimumRows: 10_000);
    }

    [SqlServerFact]
    public void The_metric_fixtures_are_mirrored_to_SQL_Server_when_a_server_is_given()
    {
        // With the variable set, every metric fixture test (TempWarehouse(mirrorToPostgres: true))
        // also runs on a fresh SQL Server database and must match DuckDB row by row; this test
        // reports, as skipped or passed, whether that happened in this run.
        Assert.True(SharedSqlServer.Available);
        using var warehouse = new TempWarehouse(mirrorToPostgres: true);
        warehouse.Run(RfmMartTests.BuildFixture(), new DateOnly(2024, 12, 31));
    }
}
