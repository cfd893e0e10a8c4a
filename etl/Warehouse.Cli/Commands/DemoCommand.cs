using System.CommandLine;
using Warehouse.Etl.Configuration;
using Warehouse.SampleSource;

namespace Warehouse.Cli.Commands;

public static class DemoCommand
{
    public static Command Create()
    {
        var folder = new Option<string>("--folder") { Description = "Working folder for the demo.", DefaultValueFactory = _ => "demo" };
        var customers = SampleFlags.Customers("Sample size in customers (a folder that already holds a demo keeps its sample).", new SampleOptions().Customers);
        var verbose = CliOptions.Verbose();
        var command = new Command("demo", "Generate a small sample into a working folder, run the job on it and publish; needs no configuration.")
        {
            folder, customers, verbose,
        };
        command.SetAction((parse, ct) => Task.FromResult(CommandGuard.Run(() =>
        {
            var root = Path.GetFullPath(parse.GetValue(folder)!);
            var sourcePath = Path.Combine(root, "source.db");
            var warehousePath = Path.Combine(root, "warehouse.duckdb");
            if (File.Exists(sourcePath) && File.Exists(warehousePath))
            {
                // An earlier demo: its source may hold the user's edits, so it is kept.
                Console.WriteLine($"{Shown(root)} already holds a demo: running the job again on its source.db and warehouse (delete the folder to start over)");
            }
            else
            {
                if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
                    throw new SettingsException($"--folder {Shown(root)} holds other files, not a finished demo (a source.db and a warehouse.duckdb): "
                        + "choose a new or empty folder with --folder, or delete this one.");
                Console.WriteLine($"Generating a sample of {parse.GetValue(customers):N0} customers into {sourcePath}");
                GenerateSampleCommand.WriteSqlite(sourcePath, new SampleOptions { Customers = parse.GetValue(customers) });
            }
            var settings = new WarehouseSettings
            {
                Warehouse = new WarehouseStoreSettings { Path = warehousePath },
                Source = new SourceSettings { Kind = "sqlite", ConnectionString = $"Data Source={sourcePath}" },
                Publish = new PublishSettings { OutputFolder = Path.Combine(root, "out") },
            };
            using var loggers = ConsoleLogging.Create(parse.GetValue(verbose));
            var outcome = new JobRunner(settings, loggers).Run(publish: true, ct);
            RunReport.Print(outcome);
            // The demo's settings as a configuration file, so that the other commands find its warehouse.
            var config = Path.Combine(root, "warehouse.json");
            File.WriteAllText(config, System.Text.Json.JsonSerializer.Serialize(new
            {
                Warehouse = new { settings.Warehouse.Path },
                Source = new { settings.Source.Kind, settings.Source.ConnectionString },
                Publish = new { settings.Publish.OutputFolder },
            }, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            var relative = Path.GetRelativePath(Environment.CurrentDirectory, config);
            Console.WriteLine($"Its settings are in {relative}: `warehouse status --config {relative}` shows the run, "
                + $"`warehouse run --config {relative}` runs the job again (incremental: only what changed).");
            return ExitCodes.Ok;
        })));
        return command;
    }

    /// <summary>"demo/": the folder relative to the current directory when it lies inside it, else its full path.</summary>
    private static string Shown(string folder)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, folder);
        var shown = relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative) ? folder : relative;
        return shown.EndsWith(Path.DirectorySeparatorChar) ? shown : shown + Path.DirectorySeparatorChar;
    }
}
