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
        var noPublish = new Option<bool>("--no-publish") { Description = "Load the warehouse but write no Parquet files or workbooks." };
        var fullRefresh = new Option<bool>("--full-refresh")
        {
            Description = "Empty the warehouse (facts, dimensions and their history, watermarks, loaded files) and rebuild it from the source.",
        };
        var reloadFile = new Option<string[]>("--reload-file")
        {
            Description = "Read this file of a flat-file or CSV-folder source again, though it was loaded before (repeatable); its rows are upserted and its etl_loaded_file record moves to this run.",
            HelpName = "PATH",
        };
        var verbose = CliOptions.Verbose();
        var command = new Command("run", "Run the nightly job: extract the source (only what changed since the last run), load the warehouse, build the marts, publish.")
        {
            config, asOf, noPublish, fullRefresh, reloadFile, verbose,
        };
        command.SetAction((parse, ct) => Task.FromResult(CommandGuard.Run(() =>
        {
            var overrides = new Dictionary<string, string?>();
            if (parse.GetValue(asOf) is { } date) overrides["Marts:AsOf"] = date;
            var settings = SettingsLoader.Load(parse.GetValue(config), overrides);
            using var loggers = ConsoleLogging.Create(parse.GetValue(verbose));
            var outcome = new JobRunner(settings, loggers).Run(!parse.GetValue(noPublish), ct, fullRefresh: parse.GetValue(fullRefresh),
                reloadFiles: parse.GetValue(reloadFile) ?? []);
            RunReport.Print(outcome);
            return ExitCodes.Ok;
        })));
        return command;
    }
}

/// <summary>The end of a run on the console: its load and publish times (from etl_run and
/// etl_publish, as `warehouse status` shows them), counts per entity and where the outputs are.</summary>
public static class RunReport
{
    public static void Print(RunOutcome outcome)
    {
        var r = outcome.Result;
        var inv = CultureInfo.InvariantCulture;
        var times = Times(outcome);
        var incremental = r.Entities.Any(e => e.RowsChanged is not null) && r.LoadMode == "incremental";
        if (string.Equals(ConsoleLogging.DefaultFormat, "json", StringComparison.OrdinalIgnoreCase))
        {
            // For log collectors: stdout stays one JSON object per line.
            using var loggers = ConsoleLogging.Create(false, "json");
            var log = loggers.CreateLogger("report");
            foreach (var e in r.Entities)
            {
                if (incremental)
                    log.LogInformation("Run {RunId} {Entity}: {RowsRead} read, {RowsLoaded} loaded ({RowsNew} new, {RowsChanged} changed), {RowsQuarantined} quarantined",
                        r.RunId, e.Entity, e.RowsRead, e.RowsWritten, e.RowsNew, e.RowsChanged, e.RowsQuarantined);
                else
                    log.LogInformation("Run {RunId} {Entity}: {RowsRead} read, {RowsLoaded} loaded, {RowsQuarantined} quarantined",
                        r.RunId, e.Entity, e.RowsRead, e.RowsWritten, e.RowsQuarantined);
            }
            foreach (var q in r.QuarantineReasons)
                log.LogInformation("Run {RunId} {Entity}: {Rows} quarantined as {Reason}", r.RunId, q.Entity, q.Rows, q.Reason);
            log.LogInformation("Run {RunId} ({LoadMode}) succeeded: {Times}; marts as of {AsOf}; outputs: {Outputs}",
                r.RunId, r.LoadMode, times, r.AsOf.ToString("yyyy-MM-dd", inv), string.Join(", ", outcome.Outputs));
            return;
        }
        Console.WriteLine();
        Console.WriteLine($"Run {r.RunId} ({r.LoadMode}) succeeded: {times}; marts as of {r.AsOf.ToString("yyyy-MM-dd", inv)}.");
        string N(long? n) => n?.ToString("N0", inv) ?? "";
        Console.WriteLine($"  {"entity",-12} {"read",12} {"loaded",12} {"quarantined",12}" + (incremental ? $" {"new",12} {"changed",12}" : ""));
        foreach (var e in r.Entities)
            Console.WriteLine($"  {e.Entity,-12} {N(e.RowsRead),12} {N(e.RowsWritten),12} {N(e.RowsQuarantined),12}"
                + (incremental ? $" {N(e.RowsNew),12} {N(e.RowsChanged),12}" : ""));
        if (incremental)
            Console.WriteLine("  (read = loaded + quarantined; of the rows loaded, those neither new nor changed were read again unchanged, by the look-back)");
        if (r.QuarantineReasons.Count > 0)
        {
            Console.WriteLine($"Quarantined by reason (etl_quarantine, run_id {r.RunId}):");
            foreach (var q in r.QuarantineReasons)
                Console.WriteLine($"  {q.Entity,-12} {q.Reason,-28} {N(q.Rows),12}");
        }
        Console.WriteLine("Outputs:");
        foreach (var o in outcome.Outputs) Console.WriteLine($"  {o}");
    }

    /// <summary>"load 0.6 s, publish 1.2 s, total 1.9 s" (or "load 0.6 s, not published"), from
    /// etl_run and etl_publish, formatted as `warehouse status` formats them.</summary>
    public static string Times(RunOutcome outcome)
    {
        if (outcome.Summary is not { } s) return $"load {Seconds(outcome.Result.Duration)} s";
        var load = $"load {Seconds(s.LoadDuration)} s";
        return s.PublishStatus is null
            ? $"{load}, not published"
            : $"{load}, publish {Seconds(s.PublishDuration)} s, total {Seconds(s.TotalDuration)} s";
    }

    /// <summary>Seconds to one decimal, as every report of a run shows them.</summary>
    public static string Seconds(TimeSpan? time) => time?.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) ?? "";
}
