using System.CommandLine;
using System.Runtime.InteropServices;
using Warehouse.Cli;
using Warehouse.Cli.Commands;
using Warehouse.Etl.Configuration;

var logFormat = CliOptions.LogFormat();
var root = new RootCommand("warehouse: a customer-value data warehouse. Loads an operational source into a star schema, computes RFM and other customer-value marts, and publishes Parquet files and Excel workbooks.")
{
    DemoCommand.Create(),
    RunCommand.Create(),
    ScheduleCommand.Create(),
    PublishCommand.Create(),
    BackfillCommand.Create(),
    GenerateSampleCommand.Create(),
    MigrateCommand.Create(),
    ScriptCommand.Create(),
    StatusCommand.Create(),
};
root.Options.Add(logFormat);
var parse = root.Parse(args);
if (ParseErrors.Report(parse, Console.Error) is { } usage) return usage;   // one line, exit 2
ConsoleLogging.DefaultFormat = parse.GetValue(logFormat) ?? ConfiguredLogFormat(parse);

// SIGINT (Ctrl+C) and SIGTERM cancel the token every command gets: the job stops after its
// current step, rolls back and records the run as failed 'cancelled'; the command then exits
// with one line and ExitCodes.Cancelled. A second signal ends the process at once.
using var stop = new CancellationTokenSource();
var signals = 0;
// Only commands that observe the token intercept the first signal; the others (generate-sample,
// migrate, status, --help) end at once, as usual.
var cancellable = parse.CommandResult.Command.Name is "run" or "schedule" or "demo" or "backfill" or "publish";
void OnSignal(PosixSignalContext context)
{
    if (!cancellable || Interlocked.Increment(ref signals) > 1) return;   // default handling: terminate now
    context.Cancel = true;
    Console.Error.WriteLine($"{context.Signal} received: stopping; a run in progress finishes its current step and is rolled back (signal again to stop at once).");
    stop.Cancel();
}
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, stop.Token);

// Logging:Format from the configuration the command will read (its --config, or ./warehouse.json
// and the environment); a configuration that does not load is reported by the command itself.
static string ConfiguredLogFormat(ParseResult parse)
{
    try
    {
        string? config = null;
        try { config = parse.GetValue<string?>("--config"); } catch (InvalidOperationException) { } catch (ArgumentException) { }
        return SettingsLoader.Load(config).Logging.Format.ToLowerInvariant();
    }
    catch (Exception)
    {
        return "text";
    }
}
