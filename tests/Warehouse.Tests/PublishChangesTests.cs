using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Warehouse.Cli.Publishing;
using Warehouse.Etl.Configuration;
using Warehouse.Etl.Engines;
using Warehouse.Etl.Pipeline;
using Warehouse.Reports;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests;

/// <summary>
/// The warehouse records in each run's transaction which order dates its facts changed
/// (etl_fact_change) and which mart snapshots it built (etl_mart_snapshot); the publish after an
/// incremental run reads the rows of only those fact months and snapshots, and still publishes
/// exactly what the warehouse holds. The months that really differ are found independently, by
/// comparing the previous publish's files with the warehouse.
/// </summary>
public sealed class PublishChangesTests : IDisposable
{
    private static readonly DateTime Cutoff = new(2025, 10, 1);
    private readonly TempWarehouse _warehouse = new();
    private readonly CapturingLoggers _loggers = new();

    public void Dispose()
    {
        _warehouse.Dispose();
        _loggers.Dispose();
    }

    private RunResult Run(ChangingSource s, DateOnly asOf)
    {
        using var source = s.Open();
        return new WarehouseJob(_warehouse.Connection, NullLogger.Instance).Run(source, new JobOptions { AsOf = asOf, Incremental = new IncrementalSettings() });
    }

    private DatasetManifest Publish(RunResult result)
    {
        _loggers.Lines.Clear();
        var settings = new PublishSettings { OutputFolder = _warehouse.PathOf("out"), Excel = false };
        var outcome = new OutputPublisher(settings, MartCatalog.All.Select(m => m.Name).ToList(), _loggers)
            .Publish(_warehouse.Connection, OutputPublisher.ToRunInfo(result, "0.0.0-test"), null, CancellationToken.None,
                new WarehouseChanges(_warehouse.Connection, DuckDbEngine.Instance));
        return ManifestJson.ReadManifestAsync(Path.Combine(outcome.RunFolder, DatasetManifest.FileName)).GetAwaiter().GetResult();
    }

    private string Folder(DatasetManifest manifest) => Path.Combine(_warehouse.PathOf("out"), "runs", manifest.RunFolder);

    [Fact]
    public async Task The_publish_after_an_incremental_run_reads_only_what_the_run_changed_and_equals_the_warehouse()
    {
        var now = new ChangingSource(_warehouse.PathOf("now.db"), customers: 300);
        var then = now.CopyTo(_warehouse.PathOf("then.db"));
        then.RewindTo(Cutoff);
        var first = Run(then, new DateOnly(2025, 9, 30));
        var before = Publish(first);
        string warehouseId = (string)_warehouse.Scalar("SELECT warehouse_id FROM etl_warehouse")!;
        Assert.Equal(warehouseId, before.WarehouseId);

        // The next night: the last quarter's orders and late returns, marts as of 31 December.
        var second = Run(now, new DateOnly(2025, 12, 31));
        Assert.Equal("incremental", second.LoadMode);
        var after = Publish(second);

        // The fact months whose rows differ from the previous publish's files, found by comparing them.
        string previousFacts = $"read_parquet('{Folder(before)}/fact_order_line/*/*.parquet', hive_partitioning = false)";
        var differing = _warehouse.Rows($"""
            SELECT DISTINCT strftime(order_date, '%Y-%m') FROM (
                (SELECT * FROM fact_order_line EXCEPT ALL SELECT * FROM {previousFacts})
                UNION ALL
                (SELECT * FROM {previousFacts} EXCEPT ALL SELECT * FROM fact_order_line))
            ORDER BY 1
            """).Select(r => (string)r[0]!).ToList();
        Assert.NotEmpty(differing);
        var written = after.Files.Where(f => f.Table == "fact_order_line")
            .Where(f => before.Files.SingleOrDefault(b => b.Path == f.Path)?.Sha256 != f.Sha256)
            .Select(f => f.Partition!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(differing, written);

        // The record names the months of the run's changed orders (old and new dates); its rows
        // were hashed only for those months, out of all the months the facts hold.
        var recorded = _warehouse.Rows($"SELECT DISTINCT strftime(order_date, '%Y-%m') FROM etl_fact_change WHERE run_id = {second.RunId} ORDER BY 1")
            .Select(r => (string)r[0]!).ToList();
        Assert.Subset(recorded.ToHashSet(), differing.ToHashSet());
        long months = (long)_warehouse.Scalar("SELECT COUNT(DISTINCT strftime(order_date, '%Y-%m')) FROM fact_order_line")!;
        Assert.True(recorded.Count < months, $"{recorded.Count} of {months} months recorded as changed");
        Assert.Contains(_loggers.Lines, l => l.Contains($"Published fact_order_line: ", StringComparison.Ordinal)
            && l.EndsWith($"{recorded.Count} read to compare)", StringComparison.Ordinal));

        // The marts: one new partition per mart for 31 December, the snapshot rebuilt for 30
        // September (the late returns reach back before it) written again, nothing else hashed.
        var built = _warehouse.Rows($"SELECT strftime(as_of_date, '%Y-%m-%d') FROM etl_mart_snapshot WHERE run_id = {second.RunId} ORDER BY 1")
            .Select(r => (string)r[0]!).ToList();
        Assert.Contains("2025-12-31", built);
        var martFiles = after.Files.Where(f => f.Table == "mart_pyramid").ToList();
        Assert.Equal(["2025-09-30", "2025-12-31"], martFiles.Select(f => f.Partition!));
        Assert.Equal(built, martFiles.Where(f => before.Files.SingleOrDefault(b => b.Path == f.Path)?.Sha256 != f.Sha256).Select(f => f.Partition!));

        // What was published equals the warehouse, table by table.
        Assert.Empty(await ManifestVerifier.VerifyAsync(Folder(after)));
        foreach (var table in after.Tables.Where(t => t.Kind != "dimension"))
        {
            string published = $"read_parquet('{Folder(after)}/{table.Name}/*/*.parquet', hive_partitioning = false)";
            Assert.Equal(0L, _warehouse.Scalar($"SELECT COUNT(*) FROM (SELECT * FROM {table.Name} EXCEPT ALL SELECT * FROM {published})"));
            Assert.Equal(0L, _warehouse.Scalar($"SELECT COUNT(*) FROM (SELECT * FROM {published} EXCEPT ALL SELECT * FROM {table.Name})"));
        }
    }

    /// <summary>Keeps the formatted log lines.</summary>
    private sealed class CapturingLoggers : ILoggerFactory, ILoggerProvider
    {
        public List<string> Lines { get; } = [];
        public ILogger CreateLogger(string categoryName) => new Logger(Lines);
        public void AddProvider(ILoggerProvider provider) { }
        public void Dispose() { }

        private sealed class Logger(List<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (lines) lines.Add(formatter(state, exception));
            }
        }
    }
}
