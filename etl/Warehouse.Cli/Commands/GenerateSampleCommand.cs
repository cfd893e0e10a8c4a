using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Warehouse.SampleSource;

namespace Warehouse.Cli.Commands;

public static class GenerateSampleCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--output", "-o")
        {
            Description = "The SQLite file to write (format sqlite) or the folder for the CSV files (format csv).",
            DefaultValueFactory = _ => "data/source.db",
        };
        var format = new Option<string>("--format") { Description = "sqlite or csv.", DefaultValueFactory = _ => "sqlite" };
        format.AcceptOnlyFromAmong("sqlite", "csv");
        var customers = SampleFlags.Customers("Customers in the customer master (about 10 order lines each).", new SampleOptions().Customers);
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed gives the same data.", DefaultValueFactory = _ => new SampleOptions().Seed };
        var months = SampleFlags.Months();
        var start = SampleFlags.Start(months);
        var command = new Command("generate-sample", "Write a realistic retail operational database (SQLite, or CSV files) to load.")
        {
            output, format, customers, seed, months, start,
        };
        command.SetAction(parse => CommandGuard.Run(() =>
        {
            var options = new SampleOptions
            {
                Customers = parse.GetValue(customers),
                Seed = parse.GetValue(seed),
                Months = parse.GetValue(months),
            };
            if (parse.GetValue(start) is { } s && SampleFlags.ParseDate(s) is { } date)   // checked as it was parsed
                options = options with { StartDate = date };
            var target = Path.GetFullPath(parse.GetValue(output)!);
            var watch = Stopwatch.StartNew();
            var summary = parse.GetValue(format) == "csv"
                ? SampleGenerator.WriteCsv(target, options)
                : WriteSqlite(target, options);
            Console.WriteLine($"Wrote {target} in {watch.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s:");
            foreach (var (table, rows) in summary.RowsPerTable)
                Console.WriteLine($"  {table,-12} {rows.ToString("N0", CultureInfo.InvariantCulture),12}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    public static SampleSummary WriteSqlite(string path, SampleOptions options)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return SampleGenerator.WriteSqlite(path, options);
    }
}
