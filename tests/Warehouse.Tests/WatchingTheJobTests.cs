using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using Microsoft.Data.Sqlite;
using Warehouse.Cli.Monitoring;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests;

/// <summary>
/// Watching the nightly job as a new user and a monitor meet it: `warehouse status` during a run
/// (held in a phase by the test hook, then killed or released), a run killed while publishing,
/// the load and publish seconds of the run report against status, and the log lines of the demo
/// and of an incremental run with nothing new. Real `warehouse` processes.
/// </summary>
public sealed partial class WatchingTheJobTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "warehouse-watch-tests", Guid.NewGuid().ToString("N"));

    public WatchingTheJobTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private string Warehouse => Path.Combine(_folder, "data", "warehouse.duckdb");

    private string StatusFile => RunStatusFile.PathFor(Warehouse);

    private (int Code, string Out, string Err) Cli(params string[] args) => Cli(new Dictionary<string, string>(), args);

    private (int Code, string Out, string Err) Cli(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var p = WarehouseProcess.Start(_folder, environment, args);
        var code = p.WaitForExitCode(Timeout);
        return (code, p.Stdout, p.Stderr);
    }

    private void Sample(int customers)
    {
        var (code, _, err) = Cli("generate-sample", "--customers", customers.ToString(CultureInfo.InvariantCulture), "-o", "data/source.db");
        Assert.True(code == 0, err);
    }

    private static Dictionary<string, string> HoldAt(string phase) => new() { [RunStatusFile.HoldVariable] = phase };

    /// <summary>Waits until the status file says <paramref name="phase"/> (the run is held there).</summary>
    private void WaitForPhase(WarehouseProcess run, string phase)
    {
        var watch = Stopwatch.StartNew();
        while (RunStatusFile.Read(StatusFile)?.Phase != phase)
        {
            if (run.WaitForExit(TimeSpan.FromMilliseconds(100)))
                throw new Xunit.Sdk.XunitException($"the run exited ({run.ExitCode}) before phase {phase}:\n{run.Stdout}\n{run.Stderr}");
            if (watch.Elapsed > Timeout) throw new Xunit.Sdk.XunitException($"no phase {phase} in {Timeout}:\n{run.Stdout}");
        }
    }

    private JsonElement StatusJson(int last = 10)
    {
        var (code, output, err) = Cli("status", "--json", "--last", last.ToString(CultureInfo.InvariantCulture));
        Assert.True(code == 0, $"status --json exited {code}: {err}");
        return JsonDocument.Parse(output).RootElement;
    }

    private static JsonElement RunOf(JsonElement runs, long runId) =>
        runs.EnumerateArray().Single(r => r.GetProperty("run_id").GetInt64() == runId);

    [Fact]
    public void Status_during_a_run_exits_0_and_shows_it_in_its_phase_and_a_run_killed_there_as_killed()
    {
        Sample(300);
        using (var run = WarehouseProcess.Start(_folder, HoldAt("marts"), "run", "--no-publish"))
        {
            WaitForPhase(run, "marts");
            Thread.Sleep(300);

            var (code, output, error) = Cli("status");
            Assert.True(code == 0, $"status during a run exited {code}: {error}");
            Assert.Contains($"Run 1 is in progress (pid {run.Id} on {Environment.MachineName}): phase marts for ", output);
            Assert.Contains("It holds the warehouse", output);

            var live = StatusJson();
            Assert.Equal(1, live.GetArrayLength());
            Assert.Equal(1, live[0].GetProperty("run_id").GetInt64());
            Assert.Equal("running", live[0].GetProperty("status").GetString());
            Assert.Equal("running", live[0].GetProperty("load_status").GetString());
            Assert.Equal("marts", live[0].GetProperty("phase").GetString());
            Assert.Equal(run.Id, live[0].GetProperty("pid").GetInt32());
            Assert.True(live[0].GetProperty("phase_seconds").GetDouble() >= 0.3);
            Assert.True(live[0].GetProperty("elapsed_seconds").GetDouble() >= live[0].GetProperty("phase_seconds").GetDouble());

            Assert.True(run.Kill(), "the run was not held in its marts phase");
        }

        // Killed in its marts phase: nothing committed; status can open the warehouse again and says so.
        var (after, text, afterError) = Cli("status");
        Assert.True(after == 0, afterError);
        var row = text.Split('\n').Single(l => l.TrimStart().StartsWith("1 ", StringComparison.Ordinal));
        Assert.Matches(@"^\s+1 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+killed ", row);
        Assert.Contains("Run 1 (pid ", text);
        Assert.Contains("was killed in phase marts", text);
        var runs = StatusJson();
        Assert.Equal("killed", RunOf(runs, 1).GetProperty("load_status").GetString());
        Assert.Equal("marts", RunOf(runs, 1).GetProperty("killed_in_phase").GetString());
        Assert.Equal(JsonValueKind.Null, RunOf(runs, 1).GetProperty("publish_status").ValueKind);   // nothing loaded, nothing to publish

        // A run held, then released, finishes; status shows it loaded and (with --no-publish) not published.
        using (var run = WarehouseProcess.Start(_folder, HoldAt("loading"), "run", "--no-publish"))
        {
            WaitForPhase(run, "loading");
            Assert.Equal(0, Cli("status").Code);
            File.WriteAllText(StatusFile + ".release", "");
            Assert.Equal(0, run.WaitForExitCode(Timeout));
        }
        var done = RunOf(StatusJson(), 2);
        Assert.Equal("succeeded", done.GetProperty("load_status").GetString());
        Assert.Equal("not_published", done.GetProperty("publish_status").GetString());
        Assert.Equal("finished", RunStatusFile.Read(StatusFile)!.Phase);
        Assert.Equal(2, RunStatusFile.Read(StatusFile)!.RunId);
    }

    [Fact]
    public void A_run_killed_while_publishing_shows_its_load_succeeded_and_its_publish_not_finished()
    {
        Sample(300);
        var (first, _, firstError) = Cli("run");
        Assert.True(first == 0, firstError);

        using (var run = WarehouseProcess.Start(_folder, HoldAt("publishing"), "run"))
        {
            WaitForPhase(run, "publishing");
            var live = StatusJson();
            Assert.Equal(2, live[0].GetProperty("run_id").GetInt64());
            Assert.Equal("publishing", live[0].GetProperty("phase").GetString());
            Assert.Equal("succeeded", live[0].GetProperty("load_status").GetString());
            Assert.Equal("publishing", live[0].GetProperty("publish_status").GetString());
            Assert.True(run.Kill());
        }

        // latest.json still names run 1's publish: BI reads run 1's data.
        var latest = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "out", "latest.json"))).RootElement;
        var publishedFolder = Path.GetFullPath(Path.Combine(_folder, "out", latest.GetProperty("run_folder").GetString()!));
        Assert.Equal(1, latest.GetProperty("run_id").GetInt64());

        var runs = StatusJson();
        var killed = RunOf(runs, 2);
        Assert.Equal("succeeded", killed.GetProperty("status").GetString());
        Assert.Equal("succeeded", killed.GetProperty("load_status").GetString());
        Assert.Equal("publish_did_not_finish", killed.GetProperty("publish_status").GetString());
        Assert.Equal("publishing", killed.GetProperty("killed_in_phase").GetString());
        Assert.Equal(JsonValueKind.Null, killed.GetProperty("published_folder").ValueKind);
        var published = RunOf(runs, 1);
        Assert.Equal("published", published.GetProperty("publish_status").GetString());
        Assert.Equal(publishedFolder, published.GetProperty("published_folder").GetString());

        var (code, text, _) = Cli("status");
        Assert.Equal(0, code);
        var row2 = text.Split('\n').Single(l => Regex.IsMatch(l, @"^\s+2 "));
        Assert.Contains(" succeeded ", row2);
        Assert.Contains(" did not finish ", row2);
        Assert.Contains("killed during publishing: latest.json still names the previous publish (BI is stale)", row2);
        Assert.DoesNotContain(" published ", row2);
        var row1 = text.Split('\n').Single(l => Regex.IsMatch(l, @"^\s+1 "));
        Assert.Contains(" published ", row1);
        Assert.EndsWith(publishedFolder, row1.TrimEnd());

        // `warehouse publish` publishes run 2 again: the killed publish is marked abandoned in
        // etl_publish, the new one published, and status shows run 2 published where latest.json points.
        var (again, _, againError) = Cli("publish");
        Assert.True(again == 0, againError);
        latest = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "out", "latest.json"))).RootElement;
        Assert.Equal(2, latest.GetProperty("run_id").GetInt64());
        var republished = RunOf(StatusJson(), 2);
        Assert.Equal("published", republished.GetProperty("publish_status").GetString());
        Assert.Equal(Path.GetFullPath(Path.Combine(_folder, "out", latest.GetProperty("run_folder").GetString()!)),
            republished.GetProperty("published_folder").GetString());
        using var c = new DuckDBConnection($"Data Source={Warehouse}");
        c.Open();
        Assert.Equal(["1 published", "2 abandoned", "2 published"],
            TempWarehouse.Rows(c, "SELECT run_id, status FROM etl_publish ORDER BY publish_id").Select(r => $"{r[0]} {r[1]}"));
    }

    [Fact]
    public void The_run_report_and_status_show_the_same_load_publish_and_total_seconds()
    {
        Sample(300);
        var (code, output, error) = Cli("run");
        Assert.True(code == 0, error);
        var m = ReportTimes().Match(output);
        Assert.True(m.Success, output);
        var (load, publish, total) = (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value);

        var run = RunOf(StatusJson(), 1);
        Assert.Equal(load, run.GetProperty("load_seconds").GetDouble().ToString("F1", CultureInfo.InvariantCulture));
        Assert.Equal(publish, run.GetProperty("publish_seconds").GetDouble().ToString("F1", CultureInfo.InvariantCulture));
        Assert.Equal(total, run.GetProperty("total_seconds").GetDouble().ToString("F1", CultureInfo.InvariantCulture));
        var (_, text, _) = Cli("status");
        var row = text.Split('\n').Single(l => Regex.IsMatch(l, @"^\s+1 "));
        Assert.Matches($@" succeeded\s+{Regex.Escape(load)} published\s+{Regex.Escape(publish)}\s+{Regex.Escape(total)} ", row);

        // By an independent route, the warehouse's own timestamps: load = run start to commit,
        // publish = its start to its end, total = load + publish (not the run's start to the publish's end).
        using var c = new DuckDBConnection($"Data Source={Warehouse}");
        c.Open();
        var times = TempWarehouse.Rows(c, """
            SELECT r.started_at, r.finished_at, p.started_at, p.finished_at
            FROM etl_run r JOIN etl_publish p ON p.run_id = r.run_id WHERE r.run_id = 1
            """).Single().Select(v => (DateTime)v!).ToArray();
        string S(TimeSpan t) => t.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);
        Assert.Equal(load, S(times[1] - times[0]));
        Assert.Equal(publish, S(times[3] - times[2]));
        Assert.Equal(total, S(times[1] - times[0] + (times[3] - times[2])));
        double Value(string seconds) => double.Parse(seconds, CultureInfo.InvariantCulture);
        Assert.InRange(Value(total) - Value(load) - Value(publish), -0.1001, 0.1001);
        Assert.True(times[2] >= times[1], "the publish started before the load committed");
        Assert.True(double.Parse(publish, CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public void The_demo_and_an_incremental_run_with_nothing_new_log_what_their_steps_did()
    {
        var demo = Path.Combine(_folder, "demo");
        var (code, output, error) = Cli("demo", "--folder", demo);
        Assert.True(code == 0, error);
        var source = Path.Combine(demo, "source.db");
        long Count(string sql)
        {
            using var s = new SqliteConnection($"Data Source={source};Mode=ReadOnly");
            s.Open();
            using var cmd = s.CreateCommand();
            cmd.CommandText = sql;
            return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
        var customers = Count("SELECT COUNT(*) FROM customers");
        Assert.Equal(2_000, customers);
        var products = Count("SELECT COUNT(*) FROM products");
        var campaigns = Count("SELECT COUNT(*) FROM campaigns");
        var messages = Messages(output);

        // A first load: every customer, product and campaign is new; the empty store has nothing to replace.
        Assert.Contains(messages, l => l.StartsWith("dim_customer: 2,000 new, 0 changed in ", StringComparison.Ordinal));
        Assert.Contains(messages, l => l.StartsWith($"dim_product: {N(products)} new, 0 changed in ", StringComparison.Ordinal));
        Assert.Contains(messages, l => l.StartsWith($"dim_campaign: {N(campaigns)} new, 0 changed in ", StringComparison.Ordinal));
        Assert.Contains(messages, l => l.StartsWith("replace_ods: nothing to replace (the store is empty) in ", StringComparison.Ordinal));
        Assert.Contains(messages, l => l.StartsWith($"stage customers: 2,000 rows read in ", StringComparison.Ordinal));
        var lines = Count("SELECT COUNT(*) FROM order_lines");
        Assert.Contains(messages, l => l.StartsWith($"stage order_lines: {N(lines)} rows read in ", StringComparison.Ordinal));
        // Publishing logs under one short category, each workbook once, and one line for the whole publish.
        var categories = output.Split('\n').Select(l => Regex.Match(l, @"^\S+ \w+: ([^\[]+)\[")).Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Equal(["publish", "run"], categories.Order());
        Assert.Single(messages, l => l.StartsWith("Wrote the retention workbook for ", StringComparison.Ordinal));
        Assert.Single(messages, l => l.StartsWith("Wrote the RFM workbook for ", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, l => l.Contains("workbook /", StringComparison.Ordinal));
        long months = Count("SELECT COUNT(DISTINCT strftime('%Y-%m', order_ts)) FROM orders");
        Assert.Contains($"Published fact_order_line: {N(lines)} rows in {months} partitions by order_month (0 unchanged, carried over; {months} written; {months} read to compare)", messages);
        var published = Assert.Single(messages, l => l.StartsWith("Published run 1: ", StringComparison.Ordinal));
        Assert.Matches(@"^Published run 1: (\d+) files \(0 unchanged, carried over from the previous publish; \1 written\), [\d,]+ rows, [\d,]+ bytes, to /.+/runs/1-\w+; latest.json -> runs/1-\w+$", published);
        Assert.DoesNotContain(messages, l => Regex.IsMatch(l, @"^Published \d+ files"));
        Assert.DoesNotContain(messages, l => Regex.IsMatch(l, @"\b1 rows\b"));
        Assert.Matches(@"Run 1 \(full\) succeeded: load \d+\.\d s, publish \d+\.\d s, total \d+\.\d s; marts as of ", output);

        // The demo leaves its settings for the other commands.
        var config = Path.Combine(demo, "warehouse.json");
        Assert.Contains("Its settings are in demo/warehouse.json: `warehouse status --config demo/warehouse.json` shows the run", output);
        var (statusCode, statusText, _) = Cli("status", "--config", config);
        Assert.Equal(0, statusCode);
        Assert.Contains(" succeeded ", statusText.Split('\n').Single(l => Regex.IsMatch(l, @"^\s+1 ")));

        // An incremental run on the same source: the look-back reads the last hour's rows again.
        // A publish cut short earlier (a run folder without a manifest, older than the next publish).
        var incomplete = Path.Combine(demo, "out", "runs", "1-20200101T000000000Z");
        Directory.CreateDirectory(Path.Combine(incomplete, "dim_date"));
        var (again, second, secondError) = Cli("run", "--config", config);
        Assert.True(again == 0, secondError);
        messages = Messages(second);
        Assert.Contains("Load mode: incremental", messages);
        long ReRead(string table) => Count($"SELECT COUNT(*) FROM {table} WHERE updated_at > (SELECT datetime(MAX(updated_at), '-60 minutes') FROM {table})");
        var (customersAgain, ordersAgain, linesAgain) = (ReRead("customers"), ReRead("orders"), ReRead("order_lines"));
        Assert.True(ordersAgain > 0 && customersAgain > 0, "the sample has nothing in the look-back");
        Assert.Contains(messages, l => l.StartsWith($"dim_customer: 0 new, 0 changed, {N(customersAgain)} read again unchanged in ", StringComparison.Ordinal));
        Assert.Contains("Marts: nothing this run loaded changes them; 1 snapshot kept as built", messages);
        // The look-back re-reads the last hour's orders: staged, compared with the store, none changed, nothing merged.
        Assert.Contains(messages, l => l.StartsWith($"stage orders: {N(ordersAgain)} rows read in ", StringComparison.Ordinal));
        Assert.Contains(messages, l => l.StartsWith(
            $"affected_orders: 0 of {N(ordersAgain)} staged orders new or changed ({N(ordersAgain)} re-read by the look-back, unchanged) in ", StringComparison.Ordinal));
        Assert.Contains(messages, l => l.StartsWith("merge_ods: nothing changed to merge in ", StringComparison.Ordinal));
        // Nothing changed: every fact month is carried over without reading its rows.
        Assert.Contains($"Published fact_order_line: {N(lines)} rows in {months} partitions by order_month ({months} unchanged, carried over; 0 written; 0 read to compare)", messages);
        Assert.Contains($"Removed {incomplete}: an incomplete publish (no manifest) left by an interrupted run; latest.json never named it", messages);
        Assert.False(Directory.Exists(incomplete));
        // The report: per entity read = loaded + quarantined, and of the rows loaded none new or changed.
        Assert.Equal(["orders", N(ordersAgain), N(ordersAgain), "0", "0", "0"], ReportRow(second, "orders"));
        Assert.Equal(["order_lines", N(linesAgain), N(linesAgain), "0", "0", "0"], ReportRow(second, "order_lines"));
        Assert.Equal(["customers", N(customersAgain), N(customersAgain), "0", "0", "0"], ReportRow(second, "customers"));
        Assert.Contains("those neither new nor changed were read again unchanged, by the look-back", second);
        // The retention workbook's Run sheet: this run's counts (what the look-back re-read), labelled
        // as such, and beside them what the warehouse holds (every customer and order line).
        var latest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(demo, "out", "latest.json"))).RootElement.GetProperty("run_folder").GetString()!;
        var retention = Directory.GetFiles(Path.Combine(demo, "out", latest), "retention-*.xlsx").Single();
        using (var workbook = new ClosedXML.Excel.XLWorkbook(retention))
        {
            var sheet = workbook.Worksheet("Run");
            var counts = sheet.Tables.Table("RunRowCounts");
            Assert.Equal("Rows read from the source by this run", counts.HeadersRow().Cell(2).GetString());
            Assert.Equal(customersAgain, counts.DataRange.Rows().Single(r => r.Cell(1).GetString() == "customers").Cell(2).GetValue<long>());
            var totals = sheet.Tables.Table("RunWarehouseRows").DataRange.Rows().ToDictionary(r => r.Cell(1).GetString(), r => r.Cell(2).GetValue<long>());
            Assert.Equal(2_000, totals["dim_customer"]);
            Assert.Equal(lines, totals["fact_order_line"]);
            Assert.Equal(Count("SELECT COUNT(*) FROM orders"), totals["fact_order"]);
        }

        // A full extract again (incremental loads off): the store's orders are replaced, and said so.
        var full = new Dictionary<string, string> { ["WAREHOUSE_Source__Incremental__Enabled"] = "false" };
        var (third, thirdOutput, thirdError) = Cli(full, "run", "--config", config, "--no-publish");
        Assert.True(third == 0, thirdError);
        Assert.Contains(Messages(thirdOutput), l => l.StartsWith(
            $"replace_ods: {N(Count("SELECT COUNT(*) FROM orders"))} stored orders (and their lines) to be replaced by this full extract in ", StringComparison.Ordinal));
        Assert.Contains(Messages(thirdOutput), l => l.StartsWith($"dim_customer: 0 new, 0 changed, 2,000 read again unchanged in ", StringComparison.Ordinal));
        // Every order is rebuilt, so the one snapshot (as of the latest order's date) is rebuilt from the first order's date.
        string Day(string sql)
        {
            using var s = new SqliteConnection($"Data Source={source};Mode=ReadOnly");
            s.Open();
            using var cmd = s.CreateCommand();
            cmd.CommandText = sql;
            return (string)cmd.ExecuteScalar()!;
        }
        var (firstDay, lastDay) = (Day("SELECT date(MIN(order_ts)) FROM orders"), Day("SELECT date(MAX(order_ts)) FROM orders"));
        Assert.Contains($"Marts: 1 as-of date to build ({lastDay}; the data changed from {firstDay} on), none kept", Messages(thirdOutput));
        Assert.Contains("load ", thirdOutput);
        Assert.Matches(@"Run 3 \(full\) succeeded: load \d+\.\d s, not published; marts as of ", thirdOutput);

        // A full refresh says what it emptied (what the warehouse held from the source), and that
        // the store it then has nothing to replace in was emptied by it, not found empty.
        var (fourth, fourthOutput, fourthError) = Cli("run", "--config", config, "--full-refresh", "--no-publish");
        Assert.True(fourth == 0, fourthError);
        var orders = Count("SELECT COUNT(*) FROM orders");
        var emptied = Assert.Single(Messages(fourthOutput), l => l.StartsWith("Full refresh: emptied ", StringComparison.Ordinal));
        Assert.StartsWith($"Full refresh: emptied {N(lines)} order lines, {N(orders)} orders, 2,000 customers, {N(products)} products, ", emptied);
        Assert.EndsWith($"the store's {N(orders)} orders and their lines, 5 watermarks and 0 loaded file records; rebuilding from the source", emptied);
        Assert.Contains(Messages(fourthOutput), l => l.StartsWith("replace_ods: nothing to replace: the full refresh emptied the store in ", StringComparison.Ordinal));
        Assert.DoesNotContain(Messages(fourthOutput), l => l.Contains("the store is empty", StringComparison.Ordinal));
        Assert.Contains($"Marts: 1 as-of date to build ({lastDay}; a full refresh rebuilds them all), none kept", Messages(fourthOutput));
    }

    [Fact]
    public void The_status_file_tells_a_live_process_from_one_that_is_gone_or_whose_pid_was_reused()
    {
        var self = Process.GetCurrentProcess();
        var started = self.StartTime.ToUniversalTime();
        var alive = new RunStatus { Pid = Environment.ProcessId, Machine = Environment.MachineName, StartedAt = started.AddSeconds(1) };
        Assert.Equal(RunProcess.Alive, RunStatusFile.Check(alive));
        // The same pid, but the run started well before this process did: the pid was reused.
        Assert.Equal(RunProcess.Gone, RunStatusFile.Check(alive with { StartedAt = started.AddMinutes(-10) }));
        using var ended = Process.Start(new ProcessStartInfo("true"))!;
        ended.WaitForExit();
        Assert.Equal(RunProcess.Gone, RunStatusFile.Check(alive with { Pid = ended.Id, StartedAt = DateTime.UtcNow }));
        Assert.Equal(RunProcess.Elsewhere, RunStatusFile.Check(alive with { Machine = "another-machine" }));
    }

    /// <summary>The messages of the console log lines ("14:04:37 info: run[0] dim_customer: ..." → "dim_customer: ...").</summary>
    private static List<string> Messages(string stdout) =>
        stdout.Split('\n').Select(l => LogLine().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value.TrimEnd()).ToList();

    /// <summary>An entity's row of the run report's table, split on blanks.</summary>
    private static string[] ReportRow(string stdout, string entity) =>
        stdout.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(entity + " ", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [GeneratedRegex(@"^\S+ \w+: [^\]]+\]\s*(.*)$")]
    private static partial Regex LogLine();

    [GeneratedRegex(@"Run 1 \(full\) succeeded: load (\d+\.\d) s, publish (\d+\.\d) s, total (\d+\.\d) s; marts as of ")]
    private static partial Regex ReportTimes();
}
