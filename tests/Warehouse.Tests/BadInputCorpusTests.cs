using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Warehouse.Etl.Configuration;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests;

/// <summary>
/// Runs the bad-input corpus (tests/Warehouse.Tests/BadInputCorpus): each data file, read through
/// a configuration file loaded by the real <see cref="SettingsLoader"/> and a source from
/// <see cref="SourceFactory"/>, into a fresh warehouse (as of 2024-12-31, no quarantine limit),
/// must give what its sidecar says, worked out by hand: the entity's read, loaded and quarantined
/// rows and the count of every reason code, or a failed run with its message and nothing loaded;
/// then the stored values.
/// </summary>
public sealed class BadInputCorpusTests
{
    private static readonly DateOnly AsOf = new(2024, 12, 31);

    /// <summary>One row per data file of the corpus (its file name, which names the case).</summary>
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in BadInputCase.DataFiles()) data.Add(file);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case(string file)
    {
        var c = BadInputCase.Load(file);
        using var warehouse = new TempWarehouse();
        var configFile = warehouse.PathOf("warehouse.json");
        File.WriteAllText(configFile, c.Configuration(SourcePath(c, warehouse)).ToJsonString());

        RunResult? result = null;
        var failure = Record.Exception(() =>
        {
            var settings = SettingsLoader.Load(configFile);
            using var source = SourceFactory.Open(settings.Source);
            // No quarantine-share limit, said here rather than left to a default that may change:
            // a case's figures are what the rows get, not whether the run would be stopped.
            result = new WarehouseJob(warehouse.Connection, NullLogger.Instance)
                .Run(source, new JobOptions { AsOf = AsOf, MaxQuarantinedShare = null });
        });

        if (c.Error is { } error)
        {
            Assert.True(failure is JobFailedException or SettingsException,
                $"{file}: the run should fail with '{error}' but {(failure is null ? "succeeded" : $"threw {failure.GetType().Name}: {failure.Message}")}");
            Assert.Contains(error, failure!.Message, StringComparison.Ordinal);
            Assert.Equal(0L, RowsOf(warehouse, "fact_order_line"));
            Assert.Equal(0L, RowsOf(warehouse, "etl_loaded_file"));   // a later run reads the file again
        }
        else
        {
            Assert.True(failure is null, $"{file}: the run failed: {failure}");
            var expect = c.Expect!;
            var entity = result!.Entities.SingleOrDefault(e => e.Entity == c.Entity);
            Assert.True(entity is not null, $"{file}: the run has no entity {c.Entity} ({string.Join(", ", result.Entities.Select(e => e.Entity))})");
            Assert.Equal(entity.RowsRead, entity.RowsWritten + entity.RowsQuarantined);
            Assert.Equal((expect.Read, expect.Loaded, expect.Quarantined), (entity.RowsRead, entity.RowsWritten, entity.RowsQuarantined));
            var reasons = warehouse.Rows($"SELECT reason_code, COUNT(*) FROM etl_quarantine WHERE run_id = {result.RunId} GROUP BY reason_code ORDER BY reason_code")
                .Select(r => $"{r[0]}:{r[1]}").ToList();
            Assert.Equal(expect.Reasons.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}:{r.Value}"), reasons);
        }

        foreach (var check in c.Values)
        {
            var rows = warehouse.Rows(check.Sql).Select(r => r.Select(Text).ToList()).ToList();
            Assert.True(Same(check.Rows, rows),
                $"{file}: {check.Sql}\nexpected {Show(check.Rows)}\nactual   {Show(rows)}");
        }
    }

    [Fact]
    public void The_corpus_has_at_least_40_cases_each_a_data_file_with_a_complete_sidecar_listed_in_the_operations_table()
    {
        var data = BadInputCase.DataFiles().ToList();
        var sidecars = BadInputCase.Sidecars().ToList();
        Assert.True(data.Count >= 40, $"the corpus has {data.Count} cases, fewer than 40");
        var problems = new List<string>();
        problems.AddRange(data.Where(d => !sidecars.Contains(d + BadInputCase.SidecarSuffix)).Select(d => $"{d} has no sidecar"));
        problems.AddRange(sidecars.Where(s => !data.Contains(s[..^BadInputCase.SidecarSuffix.Length])).Select(s => $"{s} has no data file"));
        foreach (var sidecar in sidecars)
        {
            var json = BadInputCase.SidecarJson(sidecar);
            foreach (var key in json.Select(p => p.Key).Where(k => !BadInputCase.Keys.Contains(k, StringComparer.Ordinal)))
                problems.Add($"{sidecar}: unknown key '{key}' (known: {string.Join(", ", BadInputCase.Keys)})");
            foreach (var key in new[] { "defect", "outcome" })
            {
                if (json[key] is not JsonValue v || string.IsNullOrWhiteSpace(v.ToString())) problems.Add($"{sidecar}: no {key}");
            }
            if (json.ContainsKey("expect") == json.ContainsKey("error")) problems.Add($"{sidecar}: needs exactly one of expect and error");
            if (json["expect"] is JsonObject expect)
            {
                foreach (var key in new[] { "read", "loaded", "quarantined" })
                {
                    if (!expect.ContainsKey(key)) problems.Add($"{sidecar}: expect has no {key}");
                }
                if (expect["read"]?.GetValue<long>() != expect["loaded"]?.GetValue<long>() + expect["quarantined"]?.GetValue<long>())
                    problems.Add($"{sidecar}: expect.read is not loaded + quarantined");
            }
            if ((string?)json["source"] is { } source && source is not ("flatfile" or "csv")) problems.Add($"{sidecar}: source '{source}' is not flatfile or csv");
        }
        var operations = File.ReadAllText(Path.Combine(SharedData.RepositoryRoot(), "docs", "operations.md"));
        problems.AddRange(data.Where(d => !operations.Contains($"| `{d}` |", StringComparison.Ordinal))
            .Select(d => $"{d} is not in the table of docs/operations.md (\"Bad input: what each kind of defect gets\")"));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>The flat source reads the data file itself; the CSV-folder source reads a folder
    /// holding only the data file, as the entity's file, and the case's companions.</summary>
    private static string SourcePath(BadInputCase c, TempWarehouse warehouse)
    {
        if (c.Source != "csv") return c.DataFile;
        var folder = Directory.CreateDirectory(warehouse.PathOf("csv")).FullName;
        var extension = c.DataFile.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase) ? ".csv.gz" : ".csv";
        File.Copy(c.DataFile, Path.Combine(folder, c.Entity + extension));
        foreach (var (entity, lines) in c.Companions)
            File.WriteAllText(Path.Combine(folder, entity + ".csv"), string.Join("\n", lines) + "\n");
        return folder;
    }

    /// <summary>The rows of a warehouse table (0 if a run failed before creating it).</summary>
    private static long RowsOf(TempWarehouse warehouse, string table) =>
        (long)warehouse.Scalar($"SELECT COUNT(*) FROM information_schema.tables WHERE table_name = '{table}'")! == 0
            ? 0
            : (long)warehouse.Scalar($"SELECT COUNT(*) FROM {table}")!;

    /// <summary>A stored value as the sidecar writes it: invariant culture, NULL as null.</summary>
    private static string? Text(object? value) => value is null ? null : Convert.ToString(value, CultureInfo.InvariantCulture);

    private static bool Same(IReadOnlyList<IReadOnlyList<string?>> expected, List<List<string?>> actual) =>
        expected.Count == actual.Count && expected.Zip(actual).All(p => p.First.SequenceEqual(p.Second));

    private static string Show(IEnumerable<IEnumerable<string?>> rows) =>
        "[" + string.Join(", ", rows.Select(r => "[" + string.Join(", ", r.Select(v => v is null ? "null" : $"\"{v}\"")) + "]")) + "]";
}
