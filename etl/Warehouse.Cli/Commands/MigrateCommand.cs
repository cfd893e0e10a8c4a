using System.CommandLine;
using Warehouse.Etl.Configuration;
using Warehouse.Etl.Engines;

namespace Warehouse.Cli.Commands;

public static class MigrateCommand
{
    public static Command Create()
    {
        var config = CliOptions.Config();
        var command = new Command("migrate", "Create or upgrade the warehouse schema (applying it twice changes nothing).") { config };
        command.SetAction(parse => CommandGuard.Run(() =>
        {
            var settings = SettingsLoader.Load(parse.GetValue(config));
            using var warehouse = WarehouseConnection.Open(settings.Warehouse);
            var applied = warehouse.Migrate();
            Console.WriteLine(applied.Count == 0
                ? "The warehouse schema is up to date."
                : string.Join(Environment.NewLine, applied.Select(m => $"Applied migration {m.Version} ({m.Name}).")));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
