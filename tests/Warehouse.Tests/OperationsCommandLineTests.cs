using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace Warehouse.Tests;

/// <summary>The operational features as a scheduler or an operator meets them: separate `warehouse`
/// processes, signals, exit codes and every line they print.</summary>
public sealed class OperationsCommandLineTests : IDisposable
{
    private const string Secret = "s3cret";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "warehouse-ops-tests", Guid.NewGuid().ToString("N"));

    public OperationsCommandLineTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    /// <summary>A started `warehouse` process whose stdout and stderr lines are collected as they come.</summary>
    private sealed class Running : IDisposable
    {
        public Process Process { get; }
        public ConcurrentQueue<string> Out { get; } = new();
        public ConcurrentQueue<string> Err { get; } = new();

        public Running(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) Out.Enqueue(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Err.Enqueue(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string AllOut => string.Join('\n', Out);
        public string AllErr => string.Join('\n', Err);

        public void WaitForLine(string text, TimeSpan timeout)
        {
            var watch = Stopwatch.StartNew();
            while (!Out.Concat(Err).Any(l => l.Contains(text, StringComparison.Ordinal)))
            {
                if (Process.HasExited) throw new Xunit.Sdk.XunitException($"warehouse exited ({Process.ExitCode}) before printing '{text}':\n{AllOut}\n{AllErr}");
                if (watch.Elapsed > timeout) throw new Xunit.Sdk.XunitException($"no line '{text}' in {timeout}:\n{AllOut}\n{AllErr}");
                Thread.Sleep(50);
            }
        }

        public int Wait(TimeSpan timeout)
        {
            Assert.True(Process.WaitForExit(timeout), $"warehouse did not finish in {timeout}");
            Process.WaitForExit();   // drain the output
            return Process.ExitCode;
        }

        public void Dispose()
        {
            if (!Process.HasExited) Process.Kill(entireProcessTree: true);
            Process.Dispose();
        }
    }

    private Running Start(IDictionary<string, string?>? environment, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "warehouse.dll");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string?>()) start.Environment[k] = v;
        return new Running(Process.Start(start)!);
    }

    private (int Code, string Out, string Err) Warehouse(IDictionary<string, string?>? environment, params string[] args)
    {
        using var p = Start(environment, args);
        var code = p.Wait(TimeSpan.FromMinutes(3));
        return (code, p.AllOut, p.AllErr);
    }

    private void Sample(int customers, string path = "data/source.db")
    {
        var (code, _, err) = Warehouse(null, "generate-sample", "--customers", customers.ToString(), "-o", path);
        Assert.True(code == 0, err);
    }

    private static void Signal(Process p, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, p.Id.ToString()])!;
        kill.WaitForExit();
    }

    private JsonElement LastRun()
    {
        var (code, output, err) = Warehouse(null, "status", "--json", "--last", "1");
        Assert.True(code == 0, err);
        return JsonDocument.Parse(output).RootElement[0];
    }

    [Fact]
    public void A_second_run_during_a_load_exits_at_once_with_code_3_and_a_killed_run_leaves_no_lock()
    {
        Sample(50_000);
        using var first = Start(null, "run", "--no-publish");
        first.WaitForLine("stage customers", TimeSpan.FromMinutes(1));   // it holds the warehouse

        var watch = Stopwatch.StartNew();
        var (code, _, error) = Warehouse(null, "run", "--no-publish");
        watch.Stop();
        Assert.False(first.Process.HasExited, "the first run finished before the second was tried; the sample is too small");
        Assert.Equal(3, code);
        Assert.Contains("is in use by another process: a run is in progress", error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the second run took {watch.Elapsed} to give up");

        // status does not open the warehouse the run holds: it shows the run from the status file, exit 0.
        var (statusCode, statusOutput, statusError) = Warehouse(null, "status");
        Assert.True(statusCode == 0, statusError);
        Assert.Contains($"Run 1 is in progress (pid {first.Process.Id} on ", statusOutput);
        Assert.Matches("phase (extracting|loading)", statusOutput);
        // DuckDB's own lock keeps other commands out, with the second run's exit code.
        var (migrateCode, _, migrateError) = Warehouse(null, "migrate");
        Assert.Equal(3, migrateCode);
        Assert.Contains("in use by another process", migrateError);

        first.Process.Kill();   // SIGKILL: no clean-up code runs
        first.Process.WaitForExit();
        Assert.True(File.Exists(Path.Combine(_folder, "data", "warehouse.duckdb.lock")));

        var (third, output, thirdError) = Warehouse(null, "run", "--no-publish");
        Assert.True(third == 0, thirdError);
        Assert.Contains("succeeded", output);
        Assert.Equal("succeeded", LastRun().GetProperty("status").GetString());
    }

    [Fact]
    public void Sigterm_during_a_run_rolls_it_back_records_it_as_cancelled_and_exits_130()
    {
        Sample(50_000);
        using var run = Start(null, "run", "--no-publish");
        run.WaitForLine("stage customers", TimeSpan.FromMinutes(1));
        Signal(run.Process, "TERM");
        var code = run.Wait(TimeSpan.FromMinutes(1));
        Assert.Equal(130, code);
        Assert.Contains("SIGTERM received", run.AllErr);
        Assert.Contains("error: Run 1 failed and was rolled back: cancelled", run.AllErr);
        var last = LastRun();
        Assert.Equal("failed", last.GetProperty("status").GetString());
        Assert.Equal("cancelled", last.GetProperty("error").GetString());
        // Rolled back: nothing was loaded.
        using var c = new DuckDB.NET.Data.DuckDBConnection($"Data Source={Path.Combine(_folder, "data", "warehouse.duckdb")}");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM dim_customer";
        Assert.Equal(0L, Convert.ToInt64(cmd.ExecuteScalar()));
    }

    [Fact]
    public void Schedule_runs_on_the_cron_expression_and_a_failed_run_does_not_stop_it()
    {
        // The source is not there for the first occurrence, then appears.
        using var schedule = Start(null, "schedule", "--cron", "*/2 * * * * *", "--time-zone", "Europe/London", "--max-runs", "3", "--no-publish");
        schedule.WaitForLine("Next run at", TimeSpan.FromSeconds(30));
        schedule.WaitForLine("Scheduled run failed", TimeSpan.FromSeconds(30));
        Sample(300, "data/source.tmp.db");
        File.Move(Path.Combine(_folder, "data", "source.tmp.db"), Path.Combine(_folder, "data", "source.db"));
        var code = schedule.Wait(TimeSpan.FromMinutes(2));
        Assert.Equal(1, code);   // at least one of the runs failed
        Assert.Contains("the schedule goes on", schedule.AllErr);
        Assert.Contains("succeeded", schedule.AllOut);
        Assert.Contains("3 runs done", schedule.AllOut);
        Assert.Equal("succeeded", LastRun().GetProperty("status").GetString());
    }

    [Fact]
    public void Schedule_stopped_while_waiting_exits_cleanly_and_bad_expressions_are_usage_errors()
    {
        using var schedule = Start(null, "schedule", "--cron", "0 2 * * *", "--time-zone", "Europe/London");
        schedule.WaitForLine("Next run at", TimeSpan.FromSeconds(30));
        var watch = Stopwatch.StartNew();
        Signal(schedule.Process, "INT");
        Assert.Equal(0, schedule.Wait(TimeSpan.FromSeconds(30)));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed} to stop");
        Assert.Contains("Schedule stopped; no run was in progress", schedule.AllOut);

        var (code, _, error) = Warehouse(null, "schedule", "--cron", "at two");
        Assert.Equal(2, code);
        Assert.Contains("is not a cron expression", error);
        var (code2, _, error2) = Warehouse(null, "schedule", "--cron", "0 2 * * *", "--time-zone", "Mars/Base");
        Assert.Equal(2, code2);
        Assert.Contains("not a known time zone", error2);
    }

    [Fact]
    public void No_secret_reaches_any_line_in_text_or_json_logs_even_in_errors()
    {
        Sample(300);
        var source = Path.Combine(_folder, "data", "source.db");
        var good = new Dictionary<string, string?>
        {
            ["WAREHOUSE_Source__ConnectionString"] = $"Data Source={source};Cache=Shared;Pooling=False;Default Timeout=30",
            ["WAREHOUSE_Publish__Blob__ConnectionString"] = $"DefaultEndpointsProtocol=https;AccountName=x;AccountKey={Secret}KEY==",
        };
        var badSource = new Dictionary<string, string?>(good)
        {
            ["WAREHOUSE_Source__ConnectionString"] = $"Data Source={source};Password={Secret}-XYZ",
        };
        var badValue = new Dictionary<string, string?>(good) { ["WAREHOUSE_Source__Retries"] = $"Password={Secret}-XYZ" };
        var jsonByConfig = new Dictionary<string, string?>(good) { ["WAREHOUSE_Logging__Format"] = "json" };

        var cases = new (IDictionary<string, string?> Env, string[] Args, bool Json, bool Succeeds)[]
        {
            (good, ["run"], false, true),
            (good, ["--log-format", "json", "run", "--verbose"], true, true),
            (jsonByConfig, ["run", "--no-publish"], true, true),
            (badSource, ["run", "--no-publish"], false, false),
            (badSource, ["run", "--no-publish", "--log-format", "json"], true, false),
            (badValue, ["run", "--no-publish"], false, false),
            (good, ["status"], false, true),
        };
        foreach (var (env, args, json, succeeds) in cases)
        {
            var (code, output, error) = Warehouse(env, args);
            var what = string.Join(' ', args);
            Assert.True(succeeds == (code == 0), $"{what}: exit {code}\n{output}\n{error}");
            Assert.DoesNotContain(Secret, output + error, StringComparison.OrdinalIgnoreCase);
            if (json && succeeds)
            {
                var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.NotEmpty(lines);
                foreach (var line in lines)
                {
                    using var doc = JsonDocument.Parse(line);   // every stdout line is one JSON object
                    Assert.True(doc.RootElement.TryGetProperty("Message", out _), line);
                }
                Assert.Contains(lines, l => l.Contains("\"Category\":\"report\""));
            }
        }
    }
}
