using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using Warehouse.Reports;
using Warehouse.SampleSource;
using Warehouse.Tests.Fixtures;
using Xunit.Abstractions;

namespace Warehouse.Tests;

/// <summary>
/// Crash safety of `warehouse run` as a user runs it: real processes killed with SIGKILL at random
/// moments over the whole run (start-up, extraction, transforms, marts, publishing), then one run
/// allowed to finish, must leave the warehouse and the published output exactly as one
/// uninterrupted run does. The second test does the same for incremental loads on top of an
/// existing warehouse, and shows that the watermarks skipped nothing.
/// </summary>
public sealed partial class CrashSafetyTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Sized so that one `warehouse run` (with publishing) takes about 2-4 s on a 2-core machine.</summary>
    private const int Customers = 3_000;
    /// <summary>Runs killed per test: 8 in the suite; WAREHOUSE_TEST_CRASH_KILLS sets more for a
    /// longer soak (bench/crash-safety.sh runs 40).</summary>
    private static readonly int Kills = int.TryParse(Environment.GetEnvironmentVariable("WAREHOUSE_TEST_CRASH_KILLS"), out var kills) && kills >= 2 ? kills : 8;
    private const int Seed = 20_261_123;
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "warehouse-crash-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private sealed record Attempt(int Number, int DelayMs, bool Killed, int? ExitCode, string LastStep, string Phase,
        long? RunId, bool Committed, bool ReachedCommitPoint, string Latest, string Stderr);

    [Fact]
    public async Task Runs_killed_at_random_moments_then_one_finished_run_equal_one_uninterrupted_run()
    {
        var total = Stopwatch.StartNew();
        Directory.CreateDirectory(_folder);
        var source = Path.Combine(_folder, "source.db");
        SampleGenerator.WriteSqlite(source, new SampleOptions { Customers = Customers });
        var a = Setup("a", source);
        var b = Setup("b", source);

        // 1. The reference: one uninterrupted run into warehouse A, timed, with when each phase began.
        TimeSpan duration;
        List<(TimeSpan At, string Line)> referenceLines;
        using (var reference = WarehouseProcess.Start(_folder, "run", "--config", a.Config))
        {
            var code = reference.WaitForExitCode(RunTimeout);
            duration = reference.Elapsed;
            Assert.True(code == 0, $"reference run exit {code}: {reference.Stderr}\n{reference.Stdout}");
            referenceLines = reference.Lines.ToList();
        }
        // The last step logged before the commit (the last mart): a run killed after it may have committed.
        var commitIndex = referenceLines.FindIndex(x => Message(x.Line).Contains(" committed in ", StringComparison.Ordinal));
        Assert.True(commitIndex > 0, "the reference run logged no commit");
        var lastStepBeforeCommit = StepName(Message(referenceLines[commitIndex - 1].Line));
        output.WriteLine($"Sample: {Customers} customers. Reference run: {duration.TotalMilliseconds:F0} ms (process start to exit).");
        output.WriteLine("Reference timeline (first log line of each phase):");
        foreach (var g in referenceLines.GroupBy(l => PhaseOf(Message(l.Line))))
            output.WriteLine($"  {g.Key,-10} from {g.First().At.TotalMilliseconds,6:F0} ms  ({Message(g.First().Line)})");

        // 2. Into warehouse B: runs killed with SIGKILL at uniformly random moments of a run.
        var random = new Random(Seed);
        var attempts = new List<Attempt>();
        var problems = new List<string>();
        var durationMs = (int)Math.Ceiling(duration.TotalMilliseconds);
        long? midwayRunId = null;
        for (var i = 1; i <= Kills; i++)
        {
            if (i == Kills / 2 + 1)
            {
                // Halfway, one run allowed to finish, so that the second half's kills (publishes cut
                // short included) have a complete publish that latest.json must stay on.
                using var midway = WarehouseProcess.Start(_folder, "run", "--config", b.Config);
                var code = midway.WaitForExitCode(RunTimeout);
                Assert.True(code == 0, $"the run after {i - 1} kills exited {code}: {midway.Stderr}\n{midway.Stdout}");
                midwayRunId = long.Parse(midway.Lines.Select(l => RunStarted().Match(Message(l.Line))).First(x => x.Success).Groups[1].Value, CultureInfo.InvariantCulture);
                output.WriteLine($"After attempt {i - 1}: run {midwayRunId} allowed to finish (exit 0).");
            }
            var delay = random.Next(0, durationMs + 1);
            using var p = WarehouseProcess.Start(_folder, "run", "--config", b.Config);
            var exitedByItself = p.WaitForExit(TimeSpan.FromMilliseconds(delay));
            var killed = !exitedByItself && p.Kill();
            int? exit = killed ? null : p.WaitForExitCode(RunTimeout);
            var lines = p.Lines.Select(l => Message(l.Line)).ToList();
            var last = lines.LastOrDefault(l => l.Length > 0) ?? "(nothing logged)";
            var started = lines.Select(l => RunStarted().Match(l)).FirstOrDefault(m => m.Success);
            var committed = lines.Any(l => l.Contains(" committed in "));
            var latest = await LatestState(b.Out);
            if (latest.StartsWith("BROKEN", StringComparison.Ordinal))
                problems.Add($"attempt {i} (killed at {delay} ms, last step '{last}'): latest.json points at an incomplete publish: {latest}");
            else if (midwayRunId is { } m && killed && !(PublishedRun().Match(latest) is { Success: true } ok && long.Parse(ok.Groups[1].Value, CultureInfo.InvariantCulture) >= m))
                // A run killed before its publish completed leaves latest.json on the midway run's (or a
                // later run's complete) publish: never none, never an earlier one.
                problems.Add($"attempt {i} (killed at {delay} ms, last step '{last}'): latest.json should name the complete publish of run {m} or a later one, but: {latest}");
            if (exit is { } e && e != 0)
                problems.Add($"attempt {i} exited by itself with {e} (not killed): {p.Stderr}");
            attempts.Add(new Attempt(i, delay, killed, exit, last, killed ? PhaseOf(last) : "finished",
                started is null ? null : long.Parse(started.Groups[1].Value, CultureInfo.InvariantCulture),
                committed, lines.Any(l => StepName(l) == lastStepBeforeCommit) || committed, latest, p.Stderr.Trim()));
        }

        // 3. Then one run allowed to finish (the warehouse's state is what a finished run leaves,
        // whatever the kills before it did).
        long finalRunId;
        using (var last = WarehouseProcess.Start(_folder, "run", "--config", b.Config))
        {
            var code = last.WaitForExitCode(RunTimeout);
            Assert.True(code == 0, $"the run after {Kills} kills exited {code}: {last.Stderr}\n{last.Stdout}");
            var m = last.Lines.Select(l => RunStarted().Match(Message(l.Line))).First(x => x.Success);
            finalRunId = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        PrintKills(attempts);

        // 4. Warehouse B equals warehouse A: per table the row count and the sum of every DECIMAL and
        // integer column, and for every table but schema_version (which holds migration times) a
        // digest of its ordered rows — the marts included.
        var profileA = Profile(a.Warehouse);
        var profileB = Profile(b.Warehouse);
        Assert.Contains(profileA.Keys, t => t.StartsWith("mart_", StringComparison.Ordinal));
        Assert.Equal(profileA.Keys.Order(), profileB.Keys.Order());
        foreach (var (table, expected) in profileA)
            Assert.True(expected == profileB[table], $"{table} differs after the kills:\n A: {expected}\n B: {profileB[table]}");

        // etl_run in B: nothing left 'running'; every run killed before its commit abandoned (or
        // failed); a run the kill caught after its commit (in publishing) succeeded — the load is
        // kept, only its publish was cut short; the midway and final runs succeeded; nothing else.
        var runs = Rows(b.Warehouse, "SELECT run_id, status FROM etl_run ORDER BY run_id")
            .ToDictionary(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture), r => (string)r[1]!);
        output.WriteLine("etl_run in B: " + string.Join(", ", runs.GroupBy(r => r.Value).Select(g => $"{g.Count()} {g.Key}")));
        Assert.DoesNotContain("running", runs.Values);
        Assert.Equal("succeeded", runs[finalRunId]);
        Assert.Equal(finalRunId, runs.Keys.Max());
        foreach (var attempt in attempts.Where(x => x.RunId is not null))
        {
            var status = runs[attempt.RunId!.Value];
            if (!attempt.Killed || attempt.Committed)
                Assert.True(status == "succeeded", $"attempt {attempt.Number}: run {attempt.RunId} committed but is '{status}'");
            else if (!attempt.ReachedCommitPoint)
                Assert.True(status is "abandoned" or "failed", $"attempt {attempt.Number}: run {attempt.RunId} killed at '{attempt.LastStep}' is '{status}'");
            else   // killed between the last step and the "committed" line: either is right
                Assert.True(status is "abandoned" or "failed" or "succeeded", $"attempt {attempt.Number}: run {attempt.RunId} is '{status}'");
        }
        Assert.Equal("succeeded", runs[midwayRunId!.Value]);
        var expectedSucceeded = 2 + attempts.Count(x => x.RunId is not null && runs[x.RunId.Value] == "succeeded");
        Assert.Equal(expectedSucceeded, runs.Values.Count(s => s == "succeeded"));
        Assert.Equal(runs.Count - expectedSucceeded, runs.Values.Count(s => s is "abandoned" or "failed"));
        output.WriteLine($"Succeeded runs in B: {expectedSucceeded} = the final run + the midway run + {expectedSucceeded - 2} killed after their commit (in publishing) or finished before the kill.");

        // The output folder: latest.json names the final run's folder, whose manifest verifies; and no
        // state seen after any kill pointed latest.json at an incomplete publish.
        var pointer = await DatasetPointer.ReadAsync(b.Out);
        Assert.NotNull(pointer);
        Assert.Equal(finalRunId, pointer.RunId);
        Assert.Empty(await ManifestVerifier.VerifyAsync(pointer.ResolveRunFolder(b.Out)));
        var leftovers = new List<string>();
        foreach (var folder in Directory.GetDirectories(Path.Combine(b.Out, "runs")))
            if ((await ManifestVerifier.VerifyAsync(folder)).Count > 0) leftovers.Add(Path.GetFileName(folder));
        output.WriteLine($"Run folders in B's output: {Directory.GetDirectories(Path.Combine(b.Out, "runs")).Length}, incomplete left behind: {leftovers.Count} {string.Join(' ', leftovers)}");
        foreach (var problem in problems) output.WriteLine(problem);
        Assert.Empty(problems);
        Assert.Empty(leftovers);

        output.WriteLine($"Total test time: {total.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task Incremental_runs_killed_at_random_moments_then_one_finished_run_skip_nothing()
    {
        var total = Stopwatch.StartNew();
        Directory.CreateDirectory(_folder);
        // The source as it is now, and as it was on 1 October: the first load sees the latter; the
        // incremental runs then find the last quarter's orders, the returns processed since, and the
        // customers and campaigns that arrived.
        var now = new ChangingSource(Path.Combine(_folder, "now.db"), Customers, Seed);
        var then = now.CopyTo(Path.Combine(_folder, "then.db"));
        then.RewindTo(new DateTime(2025, 10, 1));
        var a = Setup("a", Path.Combine(_folder, "a-source.db"));
        var b = Setup("b", Path.Combine(_folder, "b-source.db"));
        foreach (var (config, sourceFile) in new[] { (a.Config, "a-source.db"), (b.Config, "b-source.db") })
        {
            File.Copy(then.Path, Path.Combine(_folder, sourceFile), overwrite: true);
            using var first = WarehouseProcess.Start(_folder, "run", "--config", config);
            Assert.True(first.WaitForExitCode(RunTimeout) == 0, first.Stderr);
            Assert.Contains(first.Lines, l => Message(l.Line) == "Load mode: full");
            File.Copy(now.Path, Path.Combine(_folder, sourceFile), overwrite: true);
        }

        // The reference: one uninterrupted incremental run into A.
        TimeSpan committedAt;
        using (var reference = WarehouseProcess.Start(_folder, "run", "--config", a.Config))
        {
            Assert.True(reference.WaitForExitCode(RunTimeout) == 0, reference.Stderr);
            Assert.Contains(reference.Lines, l => Message(l.Line) == "Load mode: incremental");
            committedAt = reference.Lines.First(l => Message(l.Line).Contains(" committed in ", StringComparison.Ordinal)).At;
            output.WriteLine($"Incremental reference run: committed at {committedAt.TotalMilliseconds:F0} ms, done at {reference.Elapsed.TotalMilliseconds:F0} ms; "
                + reference.Lines.Select(l => Message(l.Line)).First(m => m.StartsWith("stage orders", StringComparison.Ordinal)));
            foreach (var g in reference.Lines.GroupBy(l => PhaseOf(Message(l.Line))))
                output.WriteLine($"  {g.Key,-10} from {g.First().At.TotalMilliseconds,6:F0} ms  ({Message(g.First().Line)})");
        }

        // Into B: incremental runs killed at random moments up to a little after the reference's
        // commit (the publish after it is the first test's subject), then one allowed to finish.
        var duration = committedAt * 1.25;
        var random = new Random(Seed + 1);
        var phases = new List<string>();
        var problems = new List<string>();
        for (var i = 1; i <= Kills; i++)
        {
            var delay = random.Next(0, (int)Math.Ceiling(duration.TotalMilliseconds) + 1);
            using var p = WarehouseProcess.Start(_folder, "run", "--config", b.Config);
            var killed = !p.WaitForExit(TimeSpan.FromMilliseconds(delay)) && p.Kill();
            if (!killed && p.WaitForExitCode(RunTimeout) is var code and not 0) problems.Add($"attempt {i} exited by itself with {code}: {p.Stderr}");
            var last = p.Lines.Select(l => Message(l.Line)).LastOrDefault(l => l.Length > 0) ?? "(nothing logged)";
            phases.Add(killed ? PhaseOf(last) : "finished");
            var latest = await LatestState(b.Out);
            if (latest.StartsWith("BROKEN", StringComparison.Ordinal)) problems.Add($"attempt {i} (killed at {delay} ms after '{last}'): {latest}");
        }
        using (var last = WarehouseProcess.Start(_folder, "run", "--config", b.Config))
            Assert.True(last.WaitForExitCode(RunTimeout) == 0, last.Stderr);
        output.WriteLine("Kills per phase: " + string.Join(", ", phases.GroupBy(x => x).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")));
        Assert.Empty(problems);

        // B equals A, table by table (marts included) ...
        var profileA = Profile(a.Warehouse);
        var profileB = Profile(b.Warehouse);
        Assert.Equal(profileA.Keys.Order(), profileB.Keys.Order());
        foreach (var (table, expected) in profileA)
            Assert.True(expected == profileB[table], $"{table} differs after the kills:\n A: {expected}\n B: {profileB[table]}");
        Assert.Equal(Rows(a.Warehouse, "SELECT source_entity, watermark_column, watermark_value FROM etl_watermark ORDER BY 1").Select(r => string.Join('|', r)),
            Rows(b.Warehouse, "SELECT source_entity, watermark_column, watermark_value FROM etl_watermark ORDER BY 1").Select(r => string.Join('|', r)));

        // ... and the watermarks skipped nothing: every order and line of the source is there, with
        // the source's amounts, and each watermark is the source's latest updated_at.
        Assert.Equal(now.Count("SELECT COUNT(*) FROM order_lines"), Convert.ToInt64(Rows(b.Warehouse, "SELECT COUNT(*) FROM fact_order_line").Single()[0]));
        Assert.Equal(now.Count("SELECT COUNT(*) FROM orders"), Convert.ToInt64(Rows(b.Warehouse, "SELECT COUNT(*) FROM fact_order").Single()[0]));
        Assert.Equal(now.NetOfLines(), (decimal)Rows(b.Warehouse, "SELECT SUM(net_amount) FROM fact_order_line").Single()[0]!);
        Assert.Equal(now.Count("SELECT COUNT(*) FROM orders WHERE status = 'returned'"),
            Convert.ToInt64(Rows(b.Warehouse, "SELECT COUNT(*) FROM fact_order WHERE order_status = 'returned'").Single()[0]));
        foreach (var entity in new[] { "customers", "products", "campaigns", "orders", "order_lines" })
            Assert.Equal(now.Scalar($"SELECT MAX(updated_at) FROM {entity}"),
                Rows(b.Warehouse, $"SELECT watermark_value FROM etl_watermark WHERE source_entity = '{entity}'").Single()[0]);
        var statuses = Rows(b.Warehouse, "SELECT status, load_mode, COUNT(*) FROM etl_run GROUP BY ALL ORDER BY ALL").Select(r => string.Join(' ', r)).ToList();
        output.WriteLine("etl_run in B: " + string.Join(", ", statuses));
        Assert.DoesNotContain(statuses, x => x.StartsWith("running", StringComparison.Ordinal));
        output.WriteLine($"Total test time: {total.Elapsed.TotalSeconds:F1} s");
    }

    private (string Config, string Warehouse, string Out) Setup(string name, string source)
    {
        var folder = Path.Combine(_folder, name);
        Directory.CreateDirectory(folder);
        var warehouse = Path.Combine(folder, "warehouse.duckdb");
        var outFolder = Path.Combine(folder, "out");
        var config = Path.Combine(_folder, $"{name}.json");
        static string J(string s) => s.Replace("\\", "\\\\");
        File.WriteAllText(config, $$"""
            {
              "Warehouse": { "Path": "{{J(warehouse)}}" },
              "Source": { "Kind": "sqlite", "ConnectionString": "Data Source={{J(source)}}" },
              "Publish": { "OutputFolder": "{{J(outFolder)}}" }
            }
            """);
        return (config, warehouse, outFolder);
    }

    /// <summary>What latest.json says after a kill: none yet, the run whose verified publish it names,
    /// or BROKEN with the verifier's problems.</summary>
    private static async Task<string> LatestState(string outFolder)
    {
        DatasetPointer? pointer;
        try { pointer = await DatasetPointer.ReadAsync(outFolder); }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException or IOException)
        {
            return $"BROKEN: latest.json unreadable: {e.Message}";
        }
        if (pointer is null) return "none";
        var problems = await ManifestVerifier.VerifyAsync(pointer.ResolveRunFolder(outFolder));
        return problems.Count == 0 ? $"run {pointer.RunId} ok" : $"BROKEN: run {pointer.RunId}: {string.Join("; ", problems.Take(3))}";
    }

    /// <summary>The message of a console log line ("20:47:07 info: run[0] stage orders: ...").</summary>
    private static string Message(string line)
    {
        var m = LogLine().Match(line);
        return m.Success ? m.Groups[1].Value : line.Trim();
    }

    /// <summary>A step's name: its log message up to the row count ("mart_whale_curve: 20 rows in 0.01 s").</summary>
    private static string StepName(string message) => message.Split(':')[0];

    /// <summary>The phase a run is in once it has logged <paramref name="message"/>.</summary>
    private static string PhaseOf(string message) => message switch
    {
        "(nothing logged)" => "startup",
        _ when message.StartsWith("Applied migration", StringComparison.Ordinal) => "startup",
        _ when RunStarted().IsMatch(message) || message.StartsWith("stage ", StringComparison.Ordinal)
            || message.StartsWith("Load mode", StringComparison.Ordinal) || message.StartsWith("Files:", StringComparison.Ordinal)
            || message.Contains(" less the look-back)", StringComparison.Ordinal) => "extract",
        _ when message.StartsWith("quarantine_", StringComparison.Ordinal) || message.StartsWith("dim_", StringComparison.Ordinal)
            || message.StartsWith("fact_", StringComparison.Ordinal) || message.StartsWith("affected_", StringComparison.Ordinal)
            || message.StartsWith("merge_ods", StringComparison.Ordinal) || message.StartsWith("replace_ods", StringComparison.Ordinal) => "transform",
        _ when message.StartsWith("Marts", StringComparison.Ordinal) || message.StartsWith("mart_", StringComparison.Ordinal) => "marts",
        _ when message.Contains(" committed in ", StringComparison.Ordinal) || message.StartsWith("Publish", StringComparison.Ordinal)
            || message.StartsWith("workbook", StringComparison.Ordinal) || message.StartsWith("Wrote ", StringComparison.Ordinal) => "publish",
        _ => "done",
    };

    private void PrintKills(List<Attempt> attempts)
    {
        var table = new StringBuilder();
        table.AppendLine($"{"#",3}  {"delay ms",8}  {"phase",-9}  {"run",4}  {"exit",-8}  {"latest.json after",-18}  last logged step");
        foreach (var x in attempts)
        {
            var step = x.LastStep.Length > 70 ? x.LastStep[..70] + "…" : x.LastStep;
            table.AppendLine($"{x.Number,3}  {x.DelayMs,8}  {x.Phase,-9}  {x.RunId?.ToString(CultureInfo.InvariantCulture) ?? "-",4}  {(x.Killed ? "SIGKILL" : x.ExitCode.ToString()),-8}  {x.Latest,-18}  {step}");
            if (!x.Killed && x.Stderr.Length > 0) table.AppendLine($"       stderr: {x.Stderr}");
        }
        table.AppendLine("Kills per phase: " + string.Join(", ", attempts.GroupBy(x => x.Phase).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")));
        output.WriteLine(table.ToString());
    }

    /// <summary>Per table (etl_* control tables and stg_* work tables left out): row count, the sum
    /// of every DECIMAL and integer column, and (but for schema_version) an MD5 of its ordered rows.
    /// run_id columns (which run wrote a dimension version) are lineage, not content: left out.</summary>
    private static Dictionary<string, string> Profile(string warehouse)
    {
        using var c = new DuckDBConnection($"Data Source={warehouse}");
        c.Open();
        var columns = Rows(c, """
            SELECT c.table_name, c.column_name, c.data_type
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
            WHERE t.table_type = 'BASE TABLE' AND c.table_name NOT LIKE 'etl\_%' ESCAPE '\'
              AND c.table_name NOT LIKE 'stg\_%' ESCAPE '\' AND c.column_name <> 'run_id'
            ORDER BY c.table_name, c.ordinal_position
            """);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in columns.GroupBy(r => (string)r[0]!))
        {
            var sums = table
                .Where(r => IsExactNumber((string)r[2]!))
                .Select(r => $"CAST(SUM(\"{r[1]}\") AS VARCHAR)")
                .ToList();
            var select = string.Join(", ", new[] { "CAST(COUNT(*) AS VARCHAR)" }.Concat(sums));
            var totals = Rows(c, $"SELECT {select} FROM \"{table.Key}\"").Single();
            var names = new[] { "rows" }.Concat(table.Where(r => IsExactNumber((string)r[2]!)).Select(r => (string)r[1]!)).ToList();
            var profile = string.Join(" ", names.Select((n, i) => $"{n}={totals[i] ?? "null"}"));
            if (table.Key != "schema_version")
            {
                var row = string.Join(", ", table.Select(r => $"COALESCE(CAST(\"{r[1]}\" AS VARCHAR), '(null)')"));
                profile += " md5=" + Rows(c, $"SELECT md5(COALESCE(string_agg(r, '|' ORDER BY r), '')) FROM (SELECT concat_ws(',', {row}) AS r FROM \"{table.Key}\") x").Single()[0];
            }
            result[table.Key] = profile;
        }
        return result;
    }

    private static bool IsExactNumber(string type) =>
        type.StartsWith("DECIMAL", StringComparison.OrdinalIgnoreCase)
        || type is "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "HUGEINT" or "UTINYINT" or "USMALLINT" or "UINTEGER" or "UBIGINT" or "UHUGEINT";

    private static List<object?[]> Rows(string warehouse, string sql)
    {
        using var c = new DuckDBConnection($"Data Source={warehouse}");
        c.Open();
        return Rows(c, sql);
    }

    private static List<object?[]> Rows(DuckDBConnection c, string sql) => TempWarehouse.Rows(c, sql);

    [GeneratedRegex(@"^\S+ \w+: [^\]]+\]\s*(.*)$")]
    private static partial Regex LogLine();

    [GeneratedRegex(@"^run (\d+) ok$")]
    private static partial Regex PublishedRun();

    [GeneratedRegex(@"^(?:Run|Backfill run) (\d+) started")]
    private static partial Regex RunStarted();
}
