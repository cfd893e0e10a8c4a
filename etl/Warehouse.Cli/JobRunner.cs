using Microsoft.Extensions.Logging;
using Warehouse.Cli.Locking;
using Warehouse.Cli.Publishing;
using Warehouse.Cli.Resilience;
using Warehouse.Etl.Configuration;
using Warehouse.Etl.Engines;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources;

namespace Warehouse.Cli;

public sealed record RunOutcome(RunResult Result, IReadOnlyList<string> Outputs);

/// <summary>The nightly job as the command line runs it: load the warehouse, then publish.</summary>
public sealed class JobRunner(WarehouseSettings settings, ILoggerFactory loggers)
{
    public static string SoftwareVersion { get; } =
        typeof(JobRunner).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public RunOutcome Run(bool publish, CancellationToken ct, string? failAfterStep = null, string? publishTo = null, bool fullRefresh = false)
    {
        if (publish) OutputPublisher.CheckBlobSettings(settings.Publish, publishTo);   // bad Blob settings: exit 2 before any work
        var options = new JobOptions
        {
            AsOf = SettingsLoader.ParseAsOf(settings.Marts.AsOf),
            Marts = settings.Marts.ToOptions(),
            MaxQuarantinedShare = settings.Quality.MaxQuarantinedShare,
            SoftwareVersion = SoftwareVersion,
            FailAfterStep = failAfterStep,
            FullRefresh = fullRefresh,
            Incremental = settings.Source.Incremental,
        };
        // One load at a time: a second run fails here at once (exit code 3), before touching anything.
        using var exclusive = FileLock();
        using var source = OpenSource(ct);
        using var warehouse = OpenWarehouse(ct);
        using var serverLock = warehouse.AcquireLoadLock(WarehouseConnection.Describe(settings.Warehouse));
        var result = new WarehouseJob(warehouse.Connection, warehouse.Engine, loggers.CreateLogger("run")).Run(source, options, ct);
        var outputs = new List<string> { WarehouseConnection.Describe(settings.Warehouse) };
        if (publish)
        {
            var info = OutputPublisher.ToRunInfo(result, SoftwareVersion) with { RfmWindowDays = settings.Marts.RfmWindowDays };
            outputs.AddRange(Publisher().Publish(warehouse.Connection, info, publishTo, ct, new WarehouseChanges(warehouse.Connection, warehouse.Engine)).Lines());
        }
        return new RunOutcome(result, outputs);
    }

    /// <summary>Publishes what the warehouse holds for its last successful run.</summary>
    public IReadOnlyList<string> PublishLatest(string? to, CancellationToken ct)
    {
        OutputPublisher.CheckBlobSettings(settings.Publish, to);   // bad Blob settings: exit 2 before any work
        using var exclusive = FileLock();
        using var warehouse = OpenWarehouse(ct);
        using var serverLock = warehouse.AcquireLoadLock(WarehouseConnection.Describe(settings.Warehouse));
        warehouse.Migrate();
        var last = new RunHistory(warehouse.Connection, warehouse.Engine).LatestSucceeded()
            ?? throw new InvalidOperationException("The warehouse has no successful run to publish; run `warehouse run` first.");
        var info = OutputPublisher.ToRunInfo(last, SoftwareVersion) with { RfmWindowDays = settings.Marts.RfmWindowDays };
        return Publisher().Publish(warehouse.Connection, info, to, ct, new WarehouseChanges(warehouse.Connection, warehouse.Engine)).Lines().ToList();
    }

    private ISource OpenSource(CancellationToken ct) => TransientRetry.Open(
        () => SourceFactory.Open(settings.Source), settings.Source.Retries, RetryDelay, loggers.CreateLogger("retry"), "the source", ct);

    private WarehouseConnection OpenWarehouse(CancellationToken ct) => TransientRetry.Open(
        () => WarehouseConnection.Open(settings.Warehouse), settings.Source.Retries, RetryDelay, loggers.CreateLogger("retry"), "the warehouse", ct);

    /// <summary>One load at a time: a lock file beside a DuckDB warehouse (a killed process leaves
    /// none behind); a server warehouse is locked in the server instead (AcquireLoadLock).</summary>
    private IDisposable? FileLock() => settings.Warehouse.Engine.Equals("duckdb", StringComparison.OrdinalIgnoreCase)
        ? WarehouseLock.Acquire(settings.Warehouse.Path)
        : null;

    private TimeSpan RetryDelay => TimeSpan.FromSeconds(settings.Source.RetryDelaySeconds);

    private OutputPublisher Publisher() => new(settings.Publish, settings.Marts.ToOptions().Enabled, loggers);
}
