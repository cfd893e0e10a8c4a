using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Warehouse.Etl.Configuration;
using Warehouse.Etl.Engines;
using Warehouse.Etl.Pipeline;

namespace Warehouse.Cli.Commands;

public static class BackfillCommand
{
    public static Command Create()
    {
        var config = CliOptions.Config();
        var from = new Option<string>("--from") { Description = "First month (yyyy-MM).", Required = true };
        var to = new Option<string>("--to") { Description = "Last month (yyyy-MM).", Required = true };
        var verbose = CliOptions.Verbose();
        var command = new Command("backfill", "Build the marts for every month end from --from to --to from what the warehouse holds (history for trends and migration).")
        {
            config, from, to, verbose,
        };
        command.SetAction((parse, ct) => Task.FromResult(CommandGuard.Run(() =>
        {
            var monthEnds = MonthEnds(parse.GetValue(from)!, parse.GetValue(to)!);
            var settings = SettingsLoader.Load(parse.GetValue(config));
            using var loggers = ConsoleLogging.Create(parse.GetValue(verbose));
            using var warehouse = WarehouseConnection.Open(settings.Warehouse);
            using var serverLock = warehouse.AcquireLoadLock(WarehouseConnection.Describe(settings.Warehouse));
            var options = new JobOptions { Marts = settings.Marts.ToOptions(), SoftwareVersion = JobRunner.SoftwareVersion };
            var runId = new WarehouseJob(warehouse.Connection, warehouse.Engine, loggers.CreateLogger("backfill")).Backfill(monthEnds, options, ct);
            Console.WriteLine($"Backfill run {runId} built the marts for {monthEnds.Count} month ends, {monthEnds[0]:yyyy-MM-dd} to {monthEnds[^1]:yyyy-MM-dd}.");
            return ExitCodes.Ok;
        })));
        return command;
    }

    /// <summary>The last day of every month from <paramref name="from"/> to <paramref name="to"/> (yyyy-MM).</summary>
    public static IReadOnlyList<DateOnly> MonthEnds(string from, string to)
    {
        static DateOnly Month(string text, string option) =>
            DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d
                : throw new FormatException($"{option} '{text}' is not a month of the form yyyy-MM.");
        var first = Month(from, "--from");
        var last = Month(to, "--to");
        if (last < first) throw new ArgumentException($"--to {to} is before --from {from}.");
        var result = new List<DateOnly>();
        for (var m = first; m <= last; m = m.AddMonths(1)) result.Add(m.AddMonths(1).AddDays(-1));
        return result;
    }
}
