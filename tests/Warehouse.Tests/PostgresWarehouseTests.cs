using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Warehouse.Etl.Configuration;
using Warehouse.Etl.Engines;
using Warehouse.Etl.Pipeline;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests;

/// <summary>
/// PostgreSQL as the warehouse (Warehouse:Engine = postgres), on the test run's throwaway cluster (SharedPostgres): the same
/// source gives, table by table and row by row, the warehouse DuckDB gives (facts, history,
/// marts, to the cent), first load and incremental; and a reader querying during a load sees the
/// last committed state only.
/// </summary>
public sealed class PostgresWarehouseTests : IDisposable
{
    private readonly TempWarehouse _duckdb = new();

    public void Dispose() => _duckdb.Dispose();

    [Fact]
    public void The_same_source_gives_the_same_warehouse_on_PostgreSQL_as_on_DuckDB_first_load_and_incremental()
    {
        var source = new ChangingSource(_duckdb.PathOf("source.db"), customers: 300, seed: 7);
        var then = source.CopyTo(_duckdb.PathOf("then.db"));
        then.RewindTo(new DateTime(2025, 10, 1));
        using var postgres = SharedPostgres.NewWarehouse();

        RunResult Load(ChangingSource s, DbConnection connection, WarehouseEngine engine)
        {
            using var sqlite = s.Open();
            return new WarehouseJob(connection, engine, NullLogger.Instance).Run(sqlite, new JobOptions());
        }
        // First load of the source as it was on 1 October, then an incremental run on it as it is.
        File.Copy(then.Path, _duckdb.PathOf("live.db"), overwrite: true);
        var live = ChangingSource.At(_duckdb.PathOf("live.db"));
        Assert.Equal("full", Load(live, postgres.Connection, postgres.Engine).LoadMode);
        Load(live, _duckdb.Connection, DuckDbEngine.Instance);
        File.Copy(source.Path, _duckdb.PathOf("live.db"), overwrite: true);
        live.Execute("UPDATE customers SET country = 'Iceland', updated_at = '2025-11-15 12:00:00' WHERE customer_id = (SELECT MIN(customer_id) FROM customers)");
        var incremental = Load(live, postgres.Connection, postgres.Engine);
        Assert.Equal("incremental", incremental.LoadMode);
        Load(live, _duckdb.Connection, DuckDbEngine.Instance);

        EngineComparison.AssertSameWarehouse(_duckdb.Connection, postgres.Connection, minimumRows: 10_000);
        Assert.Equal(2L, Convert.ToInt64(Scalar(postgres.Connection, "SELECT COUNT(*) FROM dim_customer WHERE customer_id = (SELECT MIN(customer_id) FROM dim_customer WHERE country = 'Iceland')"), CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_reader_during_a_load_sees_the_last_committed_state_never_a_half_loaded_one()
    {
        var source = new ChangingSource(_duckdb.PathOf("source.db"), customers: 200, seed: 3);
        using var postgres = SharedPostgres.NewWarehouse();
        using (var sqlite = source.Open()) new WarehouseJob(postgres.Connection, postgres.Engine, NullLogger.Instance).Run(sqlite, new JobOptions());
        const string Totals = "SELECT (SELECT COUNT(*) FROM fact_order_line) || '/' || (SELECT SUM(net_amount) FROM fact_order_line) || '/' || (SELECT COUNT(*) FROM mart_customer_rfm) || '/' || (SELECT COUNT(*) FROM etl_run WHERE status = 'succeeded')";
        var before = (string)Scalar(postgres.Connection, Totals)!;

        // A second load (a full refresh: everything deleted and rebuilt) stopped in the middle of its
        // transaction, after the facts were emptied and rebuilt but before the marts: a reader on
        // another connection sees exactly what it saw before.
        using var reader = new NpgsqlConnection(((NpgsqlConnection)postgres.Connection).ConnectionString);
        reader.Open();
        var seenDuringLoad = new List<string>();
        var job = new WarehouseJob(postgres.Connection, postgres.Engine, new ProbeLogger(message =>
        {
            if (message.StartsWith("fact_order", StringComparison.Ordinal) || message.StartsWith("mart_", StringComparison.Ordinal))
                seenDuringLoad.Add((string)Scalar(reader, Totals)!);
        }));
        using (var sqlite = source.Open())
            Assert.Throws<JobFailedException>(() => job.Run(sqlite, new JobOptions { FullRefresh = true, FailAfterStep = "mart_crr" }));
        Assert.True(seenDuringLoad.Count >= 3, $"{seenDuringLoad.Count} looks during the load");
        Assert.All(seenDuringLoad, seen => Assert.Equal(before, seen));
        Assert.Equal(before, (string)Scalar(reader, Totals)!);   // and the failed run left it so
    }

    [Fact]
    public void The_scripts_a_DBA_deploys_by_hand_are_the_schema_the_job_expects()
    {
        // `warehouse script --engine postgres`: the migration scripts applied with plain SQL, then
        // the job finds every migration applied (same checksums) and loads.
        using var postgres = SharedPostgres.NewWarehouse();
        var files = Warehouse.Schema.SqlScript.Render(postgres.Engine.Dialect, Warehouse.Schema.SqlCatalog.Embedded);
        foreach (var (path, text) in files.Where(f => f.Key.StartsWith("migrations/", StringComparison.Ordinal)))
        {
            using var command = postgres.Connection.CreateCommand();
            command.CommandText = text;
            command.ExecuteNonQuery();
        }
        Assert.Empty(postgres.Migrate());
        var source = new ChangingSource(_duckdb.PathOf("source.db"), customers: 100, seed: 11);
        using var sqlite = source.Open();
        var result = new WarehouseJob(postgres.Connection, postgres.Engine, NullLogger.Instance).Run(sqlite, new JobOptions());
        Assert.Equal(source.NetOfLines(), Convert.ToDecimal(Scalar(postgres.Connection, "SELECT SUM(net_amount) FROM fact_order_line"), CultureInfo.InvariantCulture));
        Assert.True(result.Entities.All(e => e.RowsRead == e.RowsWritten + e.RowsQuarantined));
    }

    [Fact]
    public async Task The_warehouse_command_runs_the_whole_job_on_PostgreSQL_and_publishes()
    {
        // As a user runs it: the engine and its connection string (with a password, which PostgreSQL's
        // trust authentication here ignores) from the environment; load, marts, Parquet, workbooks.
        const string Password = "pg-Secret-4711";
        var cs = new NpgsqlConnectionStringBuilder(SharedPostgres.NewDatabase()) { Password = Password }.ConnectionString;
        var folder = _duckdb.PathOf("cli");
        Directory.CreateDirectory(folder);
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        _ = new ChangingSource(Path.Combine(folder, "data", "source.db"), customers: 200, seed: 13);   // the default source path
        var environment = new Dictionary<string, string>
        {
            ["WAREHOUSE_Warehouse__Engine"] = "postgres",
            ["WAREHOUSE_Warehouse__ConnectionString"] = cs,
        };
        // One load at a time, whichever machine runs it: the lock is the server's (an advisory lock).
        using (var holder = WarehouseConnection.Open(new WarehouseStoreSettings { Engine = "postgres", ConnectionString = cs }))
        using (holder.AcquireLoadLock("test"))
        {
            using var other = WarehouseConnection.Open(new WarehouseStoreSettings { Engine = "postgres", ConnectionString = cs });
            Assert.Throws<WarehouseBusyException>(() => other.AcquireLoadLock("test"));
            using var blocked = WarehouseProcess.Start(folder, environment, "run");
            Assert.Equal(3, blocked.WaitForExitCode(TimeSpan.FromMinutes(1)));
            Assert.Contains("is in use by another process", blocked.Stderr);
        }
        using (var run = WarehouseProcess.Start(folder, environment, "run"))
        {
            var code = run.WaitForExitCode(TimeSpan.FromMinutes(2));
            Assert.True(code == 0, run.Stderr + run.Stdout);
            Assert.DoesNotContain(Password, run.Stdout + run.Stderr);
            Assert.Contains(run.Lines, l => l.Line.Contains("postgres:127.0.0.1:", StringComparison.Ordinal));
        }
        var pointer = await Warehouse.Reports.DatasetPointer.ReadAsync(Path.Combine(folder, "out"));
        Assert.NotNull(pointer);
        Assert.Empty(await Warehouse.Reports.ManifestVerifier.VerifyAsync(pointer.ResolveRunFolder(Path.Combine(folder, "out"))));
        Assert.Single(Directory.GetFiles(pointer.ResolveRunFolder(Path.Combine(folder, "out")), "retention-*.xlsx"));

        // Run again with nothing new: every Parquet file is carried over from the first publish (the
        // row hashes PostgreSQL computes are unchanged), not written again.
        var first = await Warehouse.Reports.ManifestJson.ReadManifestAsync(Path.Combine(pointer.ResolveRunFolder(Path.Combine(folder, "out")), "_manifest.json"));
        var tableFiles = first.Files.Where(f => f.Table is not null).ToList();
        Assert.All(tableFiles, f => Assert.NotNull(f.Content));
        using (var again = WarehouseProcess.Start(folder, environment, "run"))
        {
            Assert.True(again.WaitForExitCode(TimeSpan.FromMinutes(2)) == 0, again.Stderr + again.Stdout);
            Assert.Contains(again.Lines, l => l.Line.Contains($"{first.Files.Count} files ({tableFiles.Count} unchanged, carried over", StringComparison.Ordinal));
        }
        var secondPointer = await Warehouse.Reports.DatasetPointer.ReadAsync(Path.Combine(folder, "out"));
        Assert.NotEqual(pointer.RunFolder, secondPointer!.RunFolder);
        Assert.Empty(await Warehouse.Reports.ManifestVerifier.VerifyAsync(secondPointer.ResolveRunFolder(Path.Combine(folder, "out"))));
        using var status = WarehouseProcess.Start(folder, environment, "status", "--json");
        Assert.Equal(0, status.WaitForExitCode(TimeSpan.FromMinutes(1)));
        Assert.Contains("\"status\":\"succeeded\"", status.Stdout);
    }

    private static object? Scalar(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    /// <summary>Calls back with every log message (to look at the warehouse between steps).</summary>
    private sealed class ProbeLogger(Action<string> onMessage) : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;
        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            onMessage(formatter(state, exception));
    }
}
