using System.CommandLine;
using System.Globalization;
using Warehouse.Cli.Monitoring;
using Warehouse.Etl.Configuration;
using Warehouse.Etl.Engines;
using Warehouse.Etl.Pipeline;

namespace Warehouse.Cli.Commands;

/// <summary>
/// `warehouse status`: the last runs, each with its load (succeeded, failed, cancelled, killed) and
/// its publish (published, publish failed, not published, publishing, did not finish), their times
/// and the published run folder; and a run in progress with its phase. While a run holds a DuckDB
/// warehouse (DuckDB admits one process) the run is shown from the status file beside it
/// (<see cref="RunStatusFile"/>). Exits 0 whenever it can report, during a run too.
/// </summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var config = CliOptions.Config();
        var last = new Option<int>("--last") { Description = "How many runs to show.", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print the runs as a JSON array (for monitoring)." };
        var command = new Command("status", "Show the last runs (load and publish: outcome, seconds, rows, published folder, error) and a run in progress with its phase.")
        {
            config, last, json,
        };
        command.SetAction(parse => CommandGuard.Run(() =>
        {
            var settings = SettingsLoader.Load(parse.GetValue(config));
            var asJson = parse.GetValue(json);
            var duckDb = settings.Warehouse.Engine.Equals("duckdb", StringComparison.OrdinalIgnoreCase);
            RunStatus? file = null;
            if (duckDb)
            {
                file = RunStatusFile.Read(RunStatusFile.PathFor(settings.Warehouse.Path));
                if (file is { } f && !RunPhase.IsEnd(f.Phase) && RunStatusFile.Check(f) != RunProcess.Gone)
                {
                    // A run holds the warehouse: do not open it (that would only get in its way).
                    PrintLive(f, asJson);
                    return ExitCodes.Ok;
                }
                if (!File.Exists(settings.Warehouse.Path))
                {
                    if (asJson) Console.WriteLine("[]");
                    else Console.WriteLine($"No warehouse at {Path.GetFullPath(settings.Warehouse.Path)} yet {NoWarehouseHint(settings.Warehouse.Path)}.");
                    return ExitCodes.Ok;
                }
            }
            WarehouseConnection warehouse;
            try
            {
                warehouse = WarehouseConnection.Open(settings.Warehouse);
            }
            catch (WarehouseBusyException) when (duckDb
                && RunStatusFile.Read(RunStatusFile.PathFor(settings.Warehouse.Path)) is { } now && RunStatusFile.Check(now) == RunProcess.Alive)
            {
                // A run between its last phase (finished, failed) and letting go of the file.
                PrintLive(now, asJson);
                return ExitCodes.Ok;
            }
            using var _ = warehouse;
            warehouse.Migrate();
            // DuckDB: we hold the file, so no run does: a run or publish still marked running was killed.
            var nothingRunning = duckDb;
            var killed = file is { } k && !RunPhase.IsEnd(k.Phase) ? k : null;
            var runs = new RunHistory(warehouse.Connection, warehouse.Engine).Recent(parse.GetValue(last));
            if (asJson) PrintJson(runs, nothingRunning, killed);
            else PrintTable(runs, nothingRunning, killed);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Where the warehouse may be instead: the demo's (`warehouse demo` leaves its settings
    /// in demo/warehouse.json), or another configuration.</summary>
    private static string NoWarehouseHint(string warehousePath)
    {
        var demoConfig = Path.Combine("demo", "warehouse.json");
        var isTheDemos = Path.GetFullPath(warehousePath) == Path.GetFullPath(Path.Combine("demo", "warehouse.duckdb"));
        return File.Exists(demoConfig) && !isTheDemos
            ? $"(the demo's warehouse is in demo/: warehouse status --config {demoConfig.Replace(Path.DirectorySeparatorChar, '/')})"
            : "(`warehouse run` makes it; a warehouse elsewhere: warehouse status --config path/to/warehouse.json)";
    }

    private static DateTime Utc(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc);

    private static void PrintLive(RunStatus f, bool asJson)
    {
        var now = DateTime.UtcNow;
        var elapsed = now - f.StartedAt;
        var inPhase = now - f.PhaseStartedAt;
        if (asJson)
        {
            Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(new[]
            {
                new
                {
                    run_id = f.RunId,
                    command = f.Command,
                    status = "running",
                    load_status = f.Phase == RunPhase.Publishing ? "succeeded" : "running",
                    publish_status = f.Phase == RunPhase.Publishing ? "publishing" : null,
                    phase = f.Phase,
                    phase_started_at = Utc(f.PhaseStartedAt),
                    phase_seconds = Seconds(inPhase),
                    started_at = Utc(f.StartedAt),
                    elapsed_seconds = Seconds(elapsed),
                    pid = f.Pid,
                    machine = f.Machine,
                },
            }));
            return;
        }
        var run = (f.Command, f.RunId) switch
        {
            ("publish", { } id) => $"A publish of run {id.ToString(Inv)} (`warehouse publish`)",
            ("publish", null) => "A publish (`warehouse publish`)",
            (_, { } id) => $"Run {id.ToString(Inv)}",
            _ => "A run",
        };
        var where = RunStatusFile.Check(f) == RunProcess.Elsewhere ? $" on {f.Machine} (not checked from here)" : $" on {f.Machine}";
        Console.WriteLine($"{run} is in progress (pid {f.Pid.ToString(Inv)}{where}): phase {f.Phase} for {RunReport.Seconds(inPhase)} s; "
            + $"started {f.StartedAt.ToString("yyyy-MM-dd HH:mm:ss", Inv)} UTC, {RunReport.Seconds(elapsed)} s ago.");
        Console.WriteLine("It holds the warehouse (DuckDB admits one process at a time): the run history shows again when it ends.");
    }

    /// <summary>The publish outcome in words for the table.</summary>
    private static string PublishWords(string? outcome) => outcome switch
    {
        null => "",
        "publish_did_not_finish" => "did not finish",
        var o => o.Replace('_', ' '),
    };

    /// <summary>The table's last column: what went wrong, or where the run was published.</summary>
    private static string Remark(RunSummary r, bool nothingRunning)
    {
        if (r.Error is { } error) return Logging.Redactor.Redact(error);
        return r.PublishOutcome(nothingRunning) switch
        {
            "published" => r.PublishFolder ?? "",
            "publish_failed" => "publish failed: " + Logging.Redactor.Redact(r.PublishError),
            "publish_did_not_finish" => "killed during publishing: latest.json still names the previous publish (BI is stale)",
            "not_published" => "loaded, never published (--no-publish?)",
            _ => "",
        };
    }

    private static void PrintTable(IReadOnlyList<RunSummary> runs, bool nothingRunning, RunStatus? killed)
    {
        Console.WriteLine($"{"run",5} {"started (UTC)",-19} {"mode",-12} {"as of",-10} {"load",-10} {"load s",7} {"publish",-14} {"publish s",9} {"total s",8} {"rows read",12} {"quarantined",11}  published folder / error");
        foreach (var r in runs)
        {
            Console.WriteLine(string.Join(' ',
                r.RunId.ToString(Inv).PadLeft(5),
                r.StartedAt.ToString("yyyy-MM-dd HH:mm:ss", Inv),
                (r.LoadMode ?? "").PadRight(12),
                (r.AsOf?.ToString("yyyy-MM-dd", Inv) ?? "").PadRight(10),
                r.LoadOutcome(nothingRunning).PadRight(10),
                RunReport.Seconds(r.LoadDuration).PadLeft(7),
                PublishWords(r.PublishOutcome(nothingRunning)).PadRight(14),
                RunReport.Seconds(r.PublishDuration).PadLeft(9),
                RunReport.Seconds(r.TotalDuration).PadLeft(8),
                r.RowsRead.ToString("N0", Inv).PadLeft(12),
                r.RowsQuarantined.ToString("N0", Inv).PadLeft(11)) + "  " + Remark(r, nothingRunning));
        }
        if (killed is { } k && nothingRunning)
            Console.WriteLine($"Run {k.RunId?.ToString(Inv) ?? "(not yet numbered)"} (pid {k.Pid.ToString(Inv)}) was killed in phase {k.Phase}, "
                + $"entered at {k.PhaseStartedAt.ToString("yyyy-MM-dd HH:mm:ss", Inv)} UTC (so says the status file beside the warehouse; its process is gone).");
    }

    private static void PrintJson(IReadOnlyList<RunSummary> runs, bool nothingRunning, RunStatus? killed)
    {
        Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(runs.Select(r => new
        {
            run_id = r.RunId,
            started_at = Utc(r.StartedAt),
            finished_at = r.FinishedAt is { } f ? Utc(f) : (DateTime?)null,
            status = r.Status,
            load_status = r.LoadOutcome(nothingRunning),
            load_seconds = Seconds(r.LoadDuration),
            publish_status = r.PublishOutcome(nothingRunning),
            publish_started_at = r.PublishStartedAt is { } ps ? Utc(ps) : (DateTime?)null,
            publish_finished_at = r.PublishFinishedAt is { } pf ? Utc(pf) : (DateTime?)null,
            publish_seconds = Seconds(r.PublishDuration),
            total_seconds = Seconds(r.TotalDuration),
            published_folder = r.PublishStatus == "published" ? r.PublishFolder : null,
            publish_error = r.PublishError is null ? null : Logging.Redactor.Redact(r.PublishError),
            killed_in_phase = killed is { } k && nothingRunning && k.RunId == r.RunId ? k.Phase : null,
            load_mode = r.LoadMode,
            as_of = r.AsOf?.ToString("yyyy-MM-dd", Inv),
            source = r.Source,
            rows_read = r.RowsRead,
            rows_quarantined = r.RowsQuarantined,
            error = r.Error is null ? null : Logging.Redactor.Redact(r.Error),
        })));
    }

    /// <summary>Seconds as the text shows them (one decimal), as a number.</summary>
    private static double? Seconds(TimeSpan? time) => time is null ? null : double.Parse(RunReport.Seconds(time), Inv);
}
