using System.CommandLine;
using System.Globalization;
using Warehouse.Etl.Configuration;

namespace Warehouse.Cli.Commands;

public static class RunCommand
{
    public static Command Create()
    {
        var config = CliOptions.Config();
        var asOf = CliOptions.AsOf();
        var noPublish = new Option<bool>("--no-publish") { Description = "Load the warehouse but write no Parquet files or workbook." };
        var verbose = CliOptions.Verbose();
        var command = new Command("run", "Run the nightly job: extract the source, load the warehouse, build the marts, publish.")
        {
            config, asOf, noPublish, verbose,
        };
        command.SetAction((parse, ct) => Task.FromResult(CommandGuard.Run(() =>
        {
            var overrides = new Dictionary<string, string?>();
            if (parse.GetValue(asOf) is { } date) overrides["Marts:AsOf"] = date;
            var settings = SettingsLoader.Load(parse.GetValue(config), overrides);
            using var loggers = ConsoleLogging.Create(parse.GetValue(verbose));
            var outcome = new JobRunner(settings, loggers).Run(!parse.GetValue(noPublish), ct);
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
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine($"Run {r.RunId} succeeded in {r.Duration.TotalSeconds.ToString("F1", inv)} s; marts as of {r.AsOf.ToString("yyyy-MM-dd", inv)}.");
        Console.WriteLine($"  {"entity",-12} {"read",12} {"loaded",12} {"quarantined",12}");
        foreach (var e in r.Entities)
            Console.WriteLine($"  {e.Entity,-12} {e.RowsRead.ToString("N0", inv),12} {e.RowsWritten.ToString("N0", inv),12} {e.RowsQuarantined.ToString("N0", inv),12}");
        Console.WriteLine("Outputs:");
        foreach (var o in outcome.Outputs) Console.WriteLine($"  {o}");
    }
}
