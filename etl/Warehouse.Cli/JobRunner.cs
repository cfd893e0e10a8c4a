using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Warehouse.Cli.Locking;
using Warehouse.Cli.Monitoring;
using Warehouse.Cli.Publishing;
using Warehouse.Cli.Resilience;
using Warehouse.Etl.Configuration;
using Warehouse.Etl.Engines;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources;

namespace Warehouse.Cli;

/// <param name="Summary">The run as etl_run and etl_publish record it once it is over (load and
/// publish times, the publish's outcome): what `warehouse status` shows for it.</param>
public sealed record RunOutcome(RunResult Result, IReadOnlyList<string> Outputs, RunSummary? Summary = null);

/// <summary>The nightly job as the command line runs it: load the warehouse, then publish.</summary>
public sealed class JobRunner(WarehouseSettings settings, ILoggerFactory loggers)
{
    public static string SoftwareVersion { get; } =
        typeof(JobRunner).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public RunOutcome Run(bool publish, CancellationToken ct, string? failAfterStep = null, string? publishTo = null, bool fullRefresh = false,
        IReadOnlyList<string>? reloadFiles = null)
    {
        if (publish) OutputPublisher.CheckBlobSettings(settings.Publish, publishTo);   // bad Blob settings: exit 2 before any work
        var asOf = SettingsLoader.ParseAsOf(settings.Marts.AsOf);   // a malformed date: exit 2 before any work
        var marts = settings.Marts.ToOptions();
        // Source settings that are wrong (a missing file or folder, a bad connection string: exit 2)
        // stop the run before it writes anything: no lock file, no status file. Any other failure to
        // open the source (a server that stays down, a signal) is the run's, recorded below.
        ISource? opened = null;
        Exception? openFailure = null;
        try
        {
            opened = OpenSource(ct);
        }
        catch (Exception e) when (e is not SettingsException)
        {
            openFailure = e;
        }
        using var source = opened;
        var reload = ReloadFiles(source, reloadFiles ?? []);   // a path that is not a file of the source: exit 2 before any work
        // One load at a time: a second run fails here at once (exit code 3), before touching the warehouse.
        using var exclusive = FileLock();
        var status = StatusFile(ct);
        try
        {
            if (openFailure is not null) ExceptionDispatchInfo.Throw(openFailure);
            var options = new JobOptions
            {
                AsOf = asOf,
                Marts = marts,
                MaxQuarantinedShare = settings.Quality.MaxQuarantinedShare,
                SoftwareVersion = SoftwareVersion,
                FailAfterStep = failAfterStep,
                FullRefresh = fullRefresh,
                ReloadFiles = reload,
                Incremental = settings.Source.Incremental,
                PhaseChanged = status is null ? null : (runId, phase) => status.Enter(phase, runId),
            };
            using var warehouse = OpenWarehouse(ct);
            using var serverLock = warehouse.AcquireLoadLock(WarehouseConnection.Describe(settings.Warehouse));
            var result = new WarehouseJob(warehouse.Connection, warehouse.Engine, loggers.CreateLogger("run")).Run(source!, options, ct);
            var outputs = new List<string> { WarehouseConnection.Describe(settings.Warehouse) };
            if (publish)
            {
                var info = OutputPublisher.ToRunInfo(result, SoftwareVersion) with { RfmWindowDays = settings.Marts.RfmWindowDays };
                outputs.AddRange(Recorded(warehouse, result.RunId, () => status?.Enter(RunPhase.Publishing),
                    () => Publisher().Publish(warehouse.Connection, info, publishTo, ct, new WarehouseChanges(warehouse.Connection, warehouse.Engine))));
            }
            var summary = new RunHistory(warehouse.Connection, warehouse.Engine).Latest();
            status?.Enter(RunPhase.Finished);
            return new RunOutcome(result, outputs, summary);
        }
        catch (Exception e)
        {
            status?.Fail(e is OperationCanceledException or JobFailedException { InnerException: OperationCanceledException } ? "cancelled" : Logging.Redactor.Redact(e.Message));
            throw;
        }
    }

    /// <summary>Publishes what the warehouse holds for its last successful run.</summary>
    public IReadOnlyList<string> PublishLatest(string? to, CancellationToken ct)
    {
        OutputPublisher.CheckBlobSettings(settings.Publish, to);   // bad Blob settings: exit 2 before any work
        using var exclusive = FileLock();
        var status = StatusFile(ct, "publish");
        try
        {
            using var warehouse = OpenWarehouse(ct);
            using var serverLock = warehouse.AcquireLoadLock(WarehouseConnection.Describe(settings.Warehouse));
            warehouse.Migrate();
            var last = new RunHistory(warehouse.Connection, warehouse.Engine).LatestSucceeded()
                ?? throw new InvalidOperationException("The warehouse has no successful run to publish; run `warehouse run` first.");
            var info = OutputPublisher.ToRunInfo(last, SoftwareVersion) with { RfmWindowDays = settings.Marts.RfmWindowDays };
            var lines = Recorded(warehouse, last.RunId, () => status?.Enter(RunPhase.Publishing, last.RunId),
                () => Publisher().Publish(warehouse.Connection, info, to, ct, new WarehouseChanges(warehouse.Connection, warehouse.Engine))).ToList();
            status?.Enter(RunPhase.Finished);
            return lines;
        }
        catch (Exception e)
        {
            status?.Fail(e is OperationCanceledException ? "cancelled" : Logging.Redactor.Redact(e.Message));
            throw;
        }
    }

    /// <summary>Publishes, recording the publish in etl_publish: publishing before it starts (a
    /// killed publish stays so), then published with its run folder, or failed with the error.</summary>
    private static IEnumerable<string> Recorded(WarehouseConnection warehouse, long runId, Action started, Func<PublishOutcome> publish)
    {
        var record = new PublishRecord(warehouse.Connection, warehouse.Engine);
        var id = record.Start(runId, WarehouseJob.RecordedNow());
        PublishOutcome outcome;
        try
        {
            started();
            outcome = publish();
        }
        catch (Exception e)
        {
            record.Finish(id, WarehouseJob.RecordedNow(), null, e is OperationCanceledException ? "cancelled" : Logging.Redactor.Redact(e.Message));
            throw;
        }
        record.Finish(id, WarehouseJob.RecordedNow(), outcome.Blob is null ? outcome.RunFolder : $"{outcome.RunFolder} (blob: {outcome.Blob})", null);
        return outcome.Lines().ToList();
    }

    /// <summary>The files `--reload-file` names, as full paths (relative to the current directory),
    /// each one of the files the source reads; anything else is a usage error.</summary>
    private List<string> ReloadFiles(ISource? source, IReadOnlyList<string> paths)
    {
        if (paths.Count == 0 || source is null) return [];
        if (source is not IFileSource files)
            throw new SettingsException($"--reload-file: Source:Kind {settings.Source.Kind} reads no files; --reload-file applies to Source:Kind flatfile and csv.");
        var result = new List<string>();
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (!files.Files.Contains(full, StringComparer.Ordinal))
                throw new SettingsException(File.Exists(full)
                    ? $"--reload-file {path}: {full} is not one of the files of the source (Source:Path {settings.Source.Path} matches {files.Files.Count} file{(files.Files.Count == 1 ? "" : "s")})."
                    : $"--reload-file {path}: the file {full} does not exist.");
            if (!result.Contains(full, StringComparer.Ordinal)) result.Add(full);
        }
        return result;
    }

    private ISource OpenSource(CancellationToken ct) => TransientRetry.Open(
        () => SourceFactory.Open(settings.Source), settings.Source.Retries, RetryDelay, loggers.CreateLogger("retry"), "the source", ct);

    private WarehouseConnection OpenWarehouse(CancellationToken ct) => TransientRetry.Open(
        () => OpenPastReaders(ct), settings.Source.Retries, RetryDelay, loggers.CreateLogger("retry"), "the warehouse", ct);

    /// <summary>Holding the lock file, a DuckDB warehouse that is busy is held by a short-lived
    /// reader (`warehouse status` looking at it, say), not by a run: try again for up to 5 s.</summary>
    private WarehouseConnection OpenPastReaders(CancellationToken ct)
    {
        var until = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            try
            {
                return WarehouseConnection.Open(settings.Warehouse);
            }
            catch (WarehouseBusyException) when (IsDuckDb && DateTime.UtcNow < until)
            {
                if (ct.WaitHandle.WaitOne(200)) ct.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>One load at a time: a lock file beside a DuckDB warehouse (a killed process leaves
    /// none behind); a server warehouse is locked in the server instead (AcquireLoadLock).</summary>
    private IDisposable? FileLock() => IsDuckDb
        ? WarehouseLock.Acquire(settings.Warehouse.Path)
        : null;

    /// <summary>The status file beside a DuckDB warehouse (`warehouse status` reads it while the run
    /// holds the file); a server warehouse's etl_run can be read during a run instead.</summary>
    private RunStatusFile? StatusFile(CancellationToken ct, string command = "run") => IsDuckDb
        ? RunStatusFile.Begin(settings.Warehouse.Path, loggers.CreateLogger("status"), ct, command)
        : null;

    private bool IsDuckDb => settings.Warehouse.Engine.Equals("duckdb", StringComparison.OrdinalIgnoreCase);

    private TimeSpan RetryDelay => TimeSpan.FromSeconds(settings.Source.RetryDelaySeconds);

    private OutputPublisher Publisher() => new(settings.Publish, settings.Marts.ToOptions().Enabled, loggers);
}
