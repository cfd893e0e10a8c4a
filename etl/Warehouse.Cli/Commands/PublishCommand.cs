using System.CommandLine;
using Warehouse.Etl.Configuration;

namespace Warehouse.Cli.Commands;

public static class PublishCommand
{
    public static Command Create()
    {
        var config = CliOptions.Config();
        var verbose = CliOptions.Verbose();
        var command = new Command("publish", "Write the Parquet files and the workbook again from the warehouse's last successful run.")
        {
            config, verbose,
        };
        command.SetAction((parse, ct) => Task.FromResult(CommandGuard.Run(() =>
        {
            var settings = SettingsLoader.Load(parse.GetValue(config));
            using var loggers = ConsoleLogging.Create(parse.GetValue(verbose));
            var outputs = new JobRunner(settings, loggers).PublishLatest(ct);
            Console.WriteLine("Outputs:");
            foreach (var o in outputs) Console.WriteLine($"  {o}");
            return ExitCodes.Ok;
        })));
        return command;
    }
}
