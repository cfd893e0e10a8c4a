using System.CommandLine;
using System.Globalization;
using Warehouse.Etl.Configuration;
using Warehouse.Etl.Engines;
using Warehouse.Etl.Pipeline;

namespace Warehouse.Cli.Commands;

public static class StatusCommand
{
    public static Command Create()
    {
        var config = CliOptions.Config();
        var last = new Option<int>("--last") { Description = "How many runs to show.", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print the runs as a JSON array (for monitoring)." };
        var command = new Command("status", "Show the last runs: start, duration, rows, quarantined, status, error.") { config, last, json };
        command.SetAction(parse => CommandGuard.Run(() =>
        {
            var settings = SettingsLoader.Load(parse.GetValue(config));
            if (settings.Warehouse.Engine.Equals("duckdb", StringComparison.OrdinalIgnoreCase) && !File.Exists(settings.Warehouse.Path))
            {
                Console.WriteLine($"No warehouse at {Path.GetFullPath(settings.Warehouse.Path)} yet.");
                return ExitCodes.Ok;
            }
            using var warehouse = WarehouseConnection.Open(settings.Warehouse);
            warehouse.Migrate();
            var inv = CultureInfo.InvariantCulture;
            if (parse.GetValue(json))
            {
                var runs = new RunHistory(warehouse.Connection, warehouse.Engine).Recent(parse.GetValue(last)).Select(r => new
                {
                    run_id = r.RunId,
                    started_at = DateTime.SpecifyKind(r.StartedAt, DateTimeKind.Utc),
                    finished_at = r.FinishedAt is { } f ? DateTime.SpecifyKind(f, DateTimeKind.Utc) : (DateTime?)null,
                    seconds = r.Duration?.TotalSeconds,
                    status = r.Status,
                    load_mode = r.LoadMode,
                    as_of = r.AsOf?.ToString("yyyy-MM-dd", inv),
                    source = r.Source,
                    rows_read = r.RowsRead,
                    rows_quarantined = r.RowsQuarantined,
                    error = r.Error is null ? null : Logging.Redactor.Redact(r.Error),
                });
                Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(runs));
                return ExitCodes.Ok;
            }
            Console.WriteLine($"{"run",5} {"started (UTC)",-19} {"seconds",8} {"status",-10} {"mode",-12} {"as of",-10} {"rows read",12} {"quarantined",11}  error");
            foreach (var r in new RunHistory(warehouse.Connection, warehouse.Engine).Recent(parse.GetValue(last)))
            {
                Console.WriteLine(string.Join(' ',
                    r.RunId.ToString(inv).PadLeft(5),
                    r.StartedAt.ToString("yyyy-MM-dd HH:mm:ss", inv),
                    (r.Duration?.TotalSeconds.ToString("F1", inv) ?? "").PadLeft(8),
                    r.Status.PadRight(10),
                    (r.LoadMode ?? "").PadRight(12),
                    (r.AsOf?.ToString("yyyy-MM-dd", inv) ?? "").PadRight(10),
                    r.RowsRead.ToString("N0", inv).PadLeft(12),
                    r.RowsQuarantined.ToString("N0", inv).PadLeft(11)) + "  " + Logging.Redactor.Redact(r.Error));
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
