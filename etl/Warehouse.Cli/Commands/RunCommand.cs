using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Warehouse.Etl.Configuration;

namespace Warehouse.Cli.Commands;

public static class RunCommand
{
    public static Command Create()
    {
        var config = CliOptions.Config();
        var asOf = CliOptions.AsOf();
        var noPublish = new Option<bool>("--no-publish") { Description = "Load the warehouse but write no Parquet files or workbook." };
        var fullRefresh = new Option<bool>("--full-refresh")
        {
            Description = "Empty the warehouse (facts, dimensions and their history, watermarks, loaded files) and rebuild it from the source.",
        };
        var verbose = CliOptions.Verbose();
        var command = new Command("run", "Run the nightly job: extract the source (only what changed since the last run), load the warehouse, build the marts, publish.")
        {
            config, asOf, noPublish, fullRefresh, verbose,
        };
        command.SetAction((parse, ct) => Task.FromResult(CommandGuard.Run(() =>
        {
            var overrides = new Dictionary<string, string?>();
            if (parse.GetValue(asOf) is { } date) overrides["Marts:AsOf"] = date;
            var settings = SettingsLoader.Load(parse.GetValue(config), overrides);
            using var loggers = ConsoleLogging.Create(parse.GetValue(verbose));
            var outcome = new JobRunner(settings, loggers).Run(!parse.GetValue(noPublish), ct, fullRefresh: parse.GetValue(fullRefresh));
            RunReport.Print(outcome);
            return ExitCodes.Ok;
        })));
        return command;
    }
}

/// <summary>The end of a run on the console: counts per entity and where the outputs are.</summary>
public static class RunReport
{
    public static void Print(RunOutcome outcome)
    {
        var r = outcome.Result;
        if (string.Equals(ConsoleLogging.DefaultFormat, "json", StringComparison.OrdinalIgnoreCase))
        {
            // For log collectors: stdout stays one JSON object per line.
            using var loggers = ConsoleLogging.Create(false, "json");
            var log = loggers.CreateLogger("report");
            foreach (var e in r.Entities)
                log.LogInformation("Run {RunId} {Entity}: {RowsRead} read, {RowsLoaded} loaded, {RowsQuarantined} quarantined",
                    r.RunId, e.Entity, e.RowsRead, e.RowsWritten, e.RowsQuarantined);
            log.LogInformation("Run {RunId} ({LoadMode}) succeeded in {Seconds:F1} s; marts as of {AsOf}; outputs: {Outputs}",
                r.RunId, r.LoadMode, r.Duration.TotalSeconds, r.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), string.Join(", ", outcome.Outputs));
            return;
        }
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine($"Run {r.RunId} ({r.LoadMode}) succeeded in {r.Duration.TotalSeconds.ToString("F1", inv)} s; marts as of {r.AsOf.ToString("yyyy-MM-dd", inv)}.");
        Console.WriteLine($"  {"entity",-12} {"read",12} {"loaded",12} {"quarantined",12}");
        foreach (var e in r.Entities)
            Console.WriteLine($"  {e.Entity,-12} {e.RowsRead.ToString("N0", inv),12} {e.RowsWritten.ToString("N0", inv),12} {e.RowsQuarantined.ToString("N0", inv),12}");
        Console.WriteLine("Outputs:");
        foreach (var o in outcome.Outputs) Console.WriteLine($"  {o}");
    }
}
