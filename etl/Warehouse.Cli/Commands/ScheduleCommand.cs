using System.CommandLine;
using Cronos;
using Microsoft.Extensions.Logging;
using Warehouse.Cli.Logging;
using Warehouse.Etl.Configuration;
using Warehouse.Etl.Pipeline;

namespace Warehouse.Cli.Commands;

/// <summary>
/// Runs the nightly job on a cron expression, in the foreground, until stopped. A run that fails is
/// logged and the schedule goes on to the next occurrence; a run still going when an occurrence
/// comes round makes that occurrence be skipped (no catching up, no overlap). SIGINT/SIGTERM while
/// waiting stops the schedule (exit 0); during a run, the run is rolled back and recorded as
/// cancelled (exit 130).
/// </summary>
public static class ScheduleCommand
{
    public static Command Create()
    {
        var config = CliOptions.Config();
        var cron = new Option<string>("--cron")
        {
            Description = "When to run: a cron expression, 5 fields (minute hour day-of-month month day-of-week, e.g. \"0 2 * * *\") or 6 with seconds first.",
            Required = true,
        };
        var timeZone = new Option<string?>("--time-zone")
        {
            Description = "The time zone the expression is in (IANA or Windows id, e.g. Europe/London); default: the machine's local time zone.",
        };
        var noPublish = new Option<bool>("--no-publish") { Description = "Load the warehouse but write no Parquet files or workbooks." };
        var maxRuns = new Option<int?>("--max-runs") { Description = "Stop after this many runs (default: until stopped)." };
        var verbose = CliOptions.Verbose();
        var command = new Command("schedule", "Run the nightly job on a cron schedule in the foreground until stopped (Ctrl+C or SIGTERM); a failed run does not stop the schedule.")
        {
            config, cron, timeZone, noPublish, maxRuns, verbose,
        };
        command.SetAction((parse, ct) => Task.FromResult(CommandGuard.Run(() =>
        {
            var expression = ParseCron(parse.GetValue(cron)!);
            var zone = FindTimeZone(parse.GetValue(timeZone));
            var limit = parse.GetValue(maxRuns);
            if (limit is < 1) throw new ArgumentException("--max-runs must be at least 1.");
            var configFile = parse.GetValue(config);
            var initial = SettingsLoader.Load(configFile);   // bad configuration fails now (exit 2), not at 02:00
            if (!parse.GetValue(noPublish)) Publishing.OutputPublisher.CheckBlobSettings(initial.Publish, null);
            using var loggers = ConsoleLogging.Create(parse.GetValue(verbose));
            var log = loggers.CreateLogger("schedule");
            log.LogInformation("Schedule \"{Cron}\" in {TimeZone}; stop with Ctrl+C or SIGTERM", parse.GetValue(cron), zone.Id);
            int runs = 0, failures = 0;
            while (true)
            {
                var next = expression.GetNextOccurrence(DateTimeOffset.UtcNow, zone);
                if (next is not { } at)
                {
                    log.LogWarning("The expression has no further occurrence; the schedule ends");
                    return failures == 0 ? ExitCodes.Ok : ExitCodes.Failed;
                }
                log.LogInformation("Next run at {Next}", TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture));
                if (!WaitUntil(at, ct))
                {
                    log.LogInformation("Schedule stopped; no run was in progress");
                    return ExitCodes.Ok;
                }
                runs++;
                try
                {
                    var settings = SettingsLoader.Load(configFile);   // read again: changes apply from the next run
                    var outcome = new JobRunner(settings, loggers).Run(!parse.GetValue(noPublish), ct);
                    RunReport.Print(outcome);
                }
                catch (JobFailedException e) when (e.InnerException is OperationCanceledException) { throw; }
                catch (OperationCanceledException) { throw; }
                catch (WarehouseBusyException e)
                {
                    failures++;
                    log.LogWarning("Run skipped: {Reason}", Redactor.Redact(e.Message));
                }
                catch (Exception e)
                {
                    failures++;
                    log.LogError("Scheduled run failed: {Reason}; the schedule goes on", Redactor.Redact(FirstLine(e.Message)));
                }
                if (limit is { } max && runs >= max)
                {
                    log.LogInformation("{Runs} runs done ({Failures} failed); the schedule ends (--max-runs)", runs, failures);
                    return failures == 0 ? ExitCodes.Ok : ExitCodes.Failed;
                }
            }
        })));
        return command;
    }

    public static CronExpression ParseCron(string text)
    {
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        try
        {
            return CronExpression.Parse(text, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException e)
        {
            throw new FormatException($"--cron \"{text}\" is not a cron expression: {e.Message}", e);
        }
    }

    public static TimeZoneInfo FindTimeZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return TimeZoneInfo.Local;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ArgumentException($"--time-zone '{id}' is not a known time zone (use an IANA id such as Europe/London).", e);
        }
    }

    /// <summary>Sleeps until <paramref name="at"/> in steps of at most a minute (so clock changes and
    /// far occurrences are handled); false if cancelled first.</summary>
    private static bool WaitUntil(DateTimeOffset at, CancellationToken ct)
    {
        while (true)
        {
            var remaining = at - DateTimeOffset.UtcNow;
            if (remaining <= TimeSpan.Zero) return !ct.IsCancellationRequested;
            if (ct.WaitHandle.WaitOne(remaining < TimeSpan.FromMinutes(1) ? remaining : TimeSpan.FromMinutes(1))) return false;
        }
    }

    private static string FirstLine(string message) =>
        message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "failed";
}
