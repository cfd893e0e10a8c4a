using Microsoft.Extensions.Logging;
using Warehouse.Cli.Publishing;
using Warehouse.Etl.Configuration;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources;

namespace Warehouse.Cli;

public sealed record RunOutcome(RunResult Result, IReadOnlyList<string> Outputs);

/// <summary>The nightly job as the command line runs it: load the warehouse, then publish.</summary>
public sealed class JobRunner(WarehouseSettings settings, ILoggerFactory loggers)
{
    public static string SoftwareVersion { get; } =
        typeof(JobRunner).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public RunOutcome Run(bool publish, CancellationToken ct, string? failAfterStep = null, string? publishTo = null)
    {
        var options = new JobOptions
        {
            AsOf = SettingsLoader.ParseAsOf(settings.Marts.AsOf),
            Marts = settings.Marts.ToOptions(),
            MaxQuarantinedShare = settings.Quality.MaxQuarantinedShare,
            SoftwareVersion = SoftwareVersion,
            FailAfterStep = failAfterStep,
        };
        using var source = SourceFactory.Open(settings.Source);
        using var warehouse = WarehouseStore.Open(settings.Warehouse.Path);
        var result = new WarehouseJob(warehouse, loggers.CreateLogger("run")).Run(source, options, ct);
        var outputs = new List<string> { Path.GetFullPath(settings.Warehouse.Path) };
        if (publish)
        {
            var info = OutputPublisher.ToRunInfo(result, SoftwareVersion);
            outputs.AddRange(Publisher().Publish(warehouse, info, publishTo, ct).Lines());
        }
        return new RunOutcome(result, outputs);
    }

    /// <summary>Publishes what the warehouse holds for its last successful run.</summary>
    public IReadOnlyList<string> PublishLatest(string? to, CancellationToken ct)
    {
        using var warehouse = WarehouseStore.Open(settings.Warehouse.Path);
        WarehouseStore.Migrate(warehouse);
        var last = new RunHistory(warehouse).LatestSucceeded()
            ?? throw new InvalidOperationException("The warehouse has no successful run to publish; run `warehouse run` first.");
        var info = OutputPublisher.ToRunInfo(last, SoftwareVersion);
        return Publisher().Publish(warehouse, info, to, ct).Lines().ToList();
    }

    private OutputPublisher Publisher() => new(settings.Publish, settings.Marts.ToOptions().Enabled, loggers);
}
