using System.CommandLine;
using Warehouse.Etl.Configuration;

namespace Warehouse.Cli.Commands;

public static class PublishCommand
{
    public static Command Create()
    {
        var config = CliOptions.Config();
        var verbose = CliOptions.Verbose();
        var to = new Option<string?>("--to") { Description = "folder (default) or blob: also upload to the Azure Blob container of Publish:Blob." };
        to.AcceptOnlyFromAmong("folder", "blob");
        var command = new Command("publish", "Publish the warehouse's last successful run again: Parquet dataset and workbooks, to the output folder or Azure Blob.")
        {
            config, to, verbose,
        };
        command.SetAction((parse, ct) => Task.FromResult(CommandGuard.Run(() =>
        {
            var settings = SettingsLoader.Load(parse.GetValue(config));
            using var loggers = ConsoleLogging.Create(parse.GetValue(verbose));
            var outputs = new JobRunner(settings, loggers).PublishLatest(parse.GetValue(to), ct);
            Console.WriteLine("Outputs:");
            foreach (var o in outputs) Console.WriteLine($"  {o}");
            return ExitCodes.Ok;
        })));
        return command;
    }
}
