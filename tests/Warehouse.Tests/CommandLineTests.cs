using System.Diagnostics;
using DuckDB.NET.Data;

namespace Warehouse.Tests;

/// <summary>The `warehouse` program as a user runs it: a separate process, its output and exit code.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "warehouse-cli-tests", Guid.NewGuid().ToString("N"));

    public CommandLineTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private (int Code, string Out, string Err) Warehouse(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "warehouse.dll");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(3)), "warehouse did not finish in 3 minutes");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void Help_lists_every_command_with_an_explanation()
    {
        var (code, output, _) = Warehouse("--help");
        Assert.Equal(0, code);
        foreach (var command in new[] { "demo", "run", "publish", "generate-sample", "migrate", "status" })
            Assert.Matches($@"(?m)^\s+{command}\s+\S", output);
        var (runCode, runHelp, _) = Warehouse("run", "--help");
        Assert.Equal(0, runCode);
        Assert.Contains("--as-of", runHelp);
    }

    [Fact]
    public void Demo_runs_end_to_end_with_no_configuration_and_says_where_its_outputs_are()
    {
        var (code, output, error) = Warehouse("demo", "--customers", "300");
        Assert.True(code == 0, $"exit {code}: {error}");
        var demo = Path.Combine(_folder, "demo");
        Assert.Contains(Path.Combine(demo, "warehouse.duckdb"), output);
        Assert.True(File.Exists(Path.Combine(demo, "warehouse.duckdb")));
        // The publish: out/latest.json names a run folder holding the manifest, the dataset and the workbook.
        using var pointer = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(demo, "out", "latest.json")));
        var runFolder = Path.GetFullPath(Path.Combine(demo, "out", pointer.RootElement.GetProperty("run_folder").GetString()!));
        Assert.Contains(runFolder, output);
        Assert.True(File.Exists(Path.Combine(runFolder, "_manifest.json")));
        Assert.Single(Directory.GetFiles(runFolder, "rfm-*.xlsx"));
        // The workbooks: the RFM window the run used in the title block; a month-end run builds the
        // top-20% share of the months the Summary compares with, so none is missing there.
        using (var rfm = new ClosedXML.Excel.XLWorkbook(Directory.GetFiles(runFolder, "rfm-*.xlsx").Single()))
        {
            Assert.Equal("RFM window", rfm.Worksheet("RFM segments").Cell("A4").GetString());
            Assert.Equal(365, rfm.Worksheet("RFM segments").Cell("B4").GetValue<int>());
        }
        using (var retention = new ClosedXML.Excel.XLWorkbook(Directory.GetFiles(runFolder, "retention-*.xlsx").Single()))
        {
            var summary = retention.Worksheet("Summary");
            Assert.StartsWith("Revenue share of the top 20%", summary.Cell("A14").GetString(), StringComparison.Ordinal);
            Assert.All(new[] { "B14", "C14", "D14", "E14", "F14" }, a => Assert.False(summary.Cell(a).IsEmpty(), a));
            Assert.DoesNotContain(summary.CellsUsed(), c => c.GetString().Contains("not available", StringComparison.Ordinal));
        }
        Assert.NotEmpty(Directory.GetDirectories(Path.Combine(runFolder, "fact_order_line"), "order_month=*"));
        Assert.Contains("order_lines", output);
        Assert.DoesNotContain("Exception", output + error);

        // The fact's partitioned Parquet files hold what the warehouse holds.
        using (var c = new DuckDBConnection($"Data Source={Path.Combine(demo, "warehouse.duckdb")}"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"SELECT (SELECT SUM(net_amount) FROM fact_order_line) = (SELECT SUM(net_amount) FROM read_parquet('{Path.Combine(runFolder, "fact_order_line", "*", "*.parquet")}', hive_partitioning = true))";
            Assert.True((bool)cmd.ExecuteScalar()!);
        }

        var (statusCode, status, _) = Warehouse("status", "--config", WriteConfig(demo));
        Assert.Equal(0, statusCode);
        Assert.Contains("succeeded", status);
    }

    [Fact]
    public void Errors_are_one_clear_line_and_a_non_zero_exit_code()
    {
        var (code, output, error) = Warehouse("run", "--config", "missing.json");
        Assert.Equal(2, code);
        Assert.Equal($"error: --config missing.json: the configuration file {Path.Combine(_folder, "missing.json")} does not exist.", error.Trim());
        Assert.DoesNotContain("   at ", output + error);

        var (code2, _, error2) = Warehouse("run", "--as-of", "31/12/2024", "--no-publish");
        Assert.NotEqual(0, code2);
        Assert.Single(error2.Trim().Split('\n'));
        Assert.Contains("yyyy-MM-dd", error2);

        File.WriteAllText(Path.Combine(_folder, "oracle.json"), """{ "Warehouse": { "Engine": "oracle" } }""");
        var (code4, _, error4) = Warehouse("run", "--config", "oracle.json");
        Assert.Equal(2, code4);   // bad configuration
        Assert.Equal("error: Warehouse:Engine 'oracle' is not supported; use 'duckdb', 'postgres' or 'sqlserver'.", error4.Trim());

        var (code3, _, error3) = Warehouse("run", "--no-publish");   // no source at data/source.db
        Assert.Equal(2, code3);
        Assert.Contains("does not exist", error3);
        Assert.Single(error3.Trim().Split('\n'));
    }

    [Fact]
    public void Run_help_says_no_publish_writes_no_Parquet_files_or_workbooks()
    {
        var (code, help, _) = Warehouse("run", "--help");
        Assert.Equal(0, code);
        Assert.Contains("Load the warehouse but write no Parquet files or workbooks.", help);
    }

    [Fact]
    public void Status_with_no_warehouse_and_no_demo_points_to_config()
    {
        var (code, output, error) = Warehouse("status");
        Assert.True(code == 0, error);
        Assert.Equal($"No warehouse at {Path.Combine(_folder, "data", "warehouse.duckdb")} yet "
            + "(`warehouse run` makes it; a warehouse elsewhere: warehouse status --config path/to/warehouse.json).", output.Trim());
    }

    [Fact]
    public void A_demo_run_again_keeps_its_source_and_says_so_and_status_from_outside_points_to_it()
    {
        var (code, _, error) = Warehouse("demo", "--customers", "200");
        Assert.True(code == 0, $"exit {code}: {error}");
        var source = Path.Combine(_folder, "demo", "source.db");
        // The user edits the demo's source: a customer renamed.
        using (var s = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={source};Pooling=False"))
        {
            s.Open();
            using var cmd = s.CreateCommand();
            cmd.CommandText = "UPDATE customers SET name = 'Edited' WHERE customer_id = (SELECT MIN(customer_id) FROM customers)";
            Assert.Equal(1, cmd.ExecuteNonQuery());
        }

        // `warehouse status` from here looks at ./data: it points to the demo's settings.
        var (statusCode, status, _) = Warehouse("status");
        Assert.Equal(0, statusCode);
        Assert.Equal($"No warehouse at {Path.Combine(_folder, "data", "warehouse.duckdb")} yet "
            + "(the demo's warehouse is in demo/: warehouse status --config demo/warehouse.json).", status.Trim());

        var (again, output, error2) = Warehouse("demo", "--customers", "200");
        Assert.True(again == 0, $"exit {again}: {error2}");
        Assert.Equal("demo/ already holds a demo: running the job again on its source.db and warehouse (delete the folder to start over)",
            output.Split('\n')[0].TrimEnd());
        Assert.DoesNotContain("Generating a sample", output);
        Assert.Matches(@"Run 2 \(incremental\) succeeded", output);
        using (var s = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={source};Mode=ReadOnly;Pooling=False"))
        {
            s.Open();
            using var cmd = s.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*) FROM customers WHERE name = 'Edited'";
            Assert.Equal(1L, (long)cmd.ExecuteScalar()!);
        }
    }

    private string WriteConfig(string demo)
    {
        var path = Path.Combine(_folder, "warehouse-demo.json");
        File.WriteAllText(path, $$"""{ "Warehouse": { "Path": "{{Path.Combine(demo, "warehouse.duckdb").Replace("\\", "\\\\")}}" } }""");
        return path;
    }
}
