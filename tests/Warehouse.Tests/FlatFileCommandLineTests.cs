using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests;

/// <summary>Flat-file runs through the `warehouse` program: the quarantine-share limit that fails a
/// misconfigured nightly run, the summary's count per reason, `--reload-file`, and relative paths
/// in a configuration file resolved against its folder.</summary>
public sealed class FlatFileCommandLineTests : IDisposable
{
    private const string Header = "order_id,order_ts,customer_id,country,product_id,quantity,unit_price";
    private const string Columns = """
        "Columns": { "order_id": "order_id", "order_ts": "order_ts", "customer_id": "customer_id", "country": "country",
                     "product_id": "product_id", "quantity": "quantity", "unit_price": "unit_price" }
        """;
    private readonly string _folder = Directory.CreateTempSubdirectory("warehouse-flat-cli-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private static (int Code, string Out, string Err) WarehouseIn(string workingDirectory, params string[] args)
    {
        using var p = WarehouseProcess.Start(workingDirectory, args);
        var code = p.WaitForExitCode(TimeSpan.FromMinutes(2));
        return (code, p.Stdout, p.Stderr);
    }

    private (int Code, string Out, string Err) Warehouse(params string[] args) => WarehouseIn(_folder, args);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static List<object?[]> Query(string warehouse, string sql)
    {
        using var c = new DuckDBConnection($"Data Source={warehouse};ACCESS_MODE=READ_ONLY");
        c.Open();
        return TempWarehouse.Rows(c, sql);
    }

    /// <summary>The one line of the error (stderr also has the run's warnings and errors as logged).</summary>
    private static string ErrorLine(string stderr) =>
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error: ", StringComparison.Ordinal));

    /// <summary>The summary line of an entity: read, loaded, quarantined.</summary>
    private static (long Read, long Loaded, long Quarantined) Counts(string output, string entity)
    {
        var m = Regex.Match(output, $@"(?m)^\s+{entity}\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)");
        Assert.True(m.Success, $"no summary line for {entity} in:\n{output}");
        long N(int g) => long.Parse(m.Groups[g].Value.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
        return (N(1), N(2), N(3));
    }

    [Fact]
    public void A_file_read_with_the_wrong_delimiter_fails_the_run_and_says_what_to_check_unless_the_limit_is_raised()
    {
        // A semicolon file without a header, configured with the default delimiter ",": every row is
        // one field where column 7 is mapped, so all 4 are wrong_column_count.
        Write("lines.csv", string.Join("\n",
            "1;2024-03-01 10:00:00;C1;UK;P1;2;5.00", "1;2024-03-01 10:00:00;C1;UK;P2;1;2.50",
            "2;2024-03-02 10:00:00;C2;FR;P1;1;4.00", "3;2024-03-03 10:00:00;C1;UK;P1;1;1.00") + "\n");
        const string flat = """
            "Flat": { "Header": false, "Columns": { "order_id": "1", "order_ts": "2", "customer_id": "3", "country": "4", "product_id": "5", "quantity": "6", "unit_price": "7" } }
            """;
        Write("w.json", $$"""{ "Source": { "Kind": "flatfile", "Path": "lines.csv", {{flat}} } }""");
        var (code, output, error) = Warehouse("run", "--config", "w.json", "--no-publish");
        Assert.True(code == 1, $"exit {code}\n{output}\n{error}");
        var line = ErrorLine(error);
        Assert.Contains("failed and was rolled back: too many rows quarantined (more than Quality:MaxQuarantinedShare 0.5 of an entity): order_lines 4 of 4 (wrong_column_count 4)", line);
        foreach (var words in new[] { "the delimiter (Source:Flat:Delimiter)", "the date formats (Source:Flat:TimestampFormats)", "the column mapping (Source:Flat:Columns)", "raise Quality:MaxQuarantinedShare (1 disables the check)" })
            Assert.Contains(words, line);
        var warehouse = Path.Combine(_folder, "data", "warehouse.duckdb");
        Assert.Equal(0L, Query(warehouse, "SELECT COUNT(*) FROM etl_loaded_file").Single()[0]);

        // With the limit at 1 the same run succeeds, and the summary says why the rows were quarantined.
        Write("w.json", $$"""{ "Source": { "Kind": "flatfile", "Path": "lines.csv", {{flat}} }, "Quality": { "MaxQuarantinedShare": 1 } }""");
        (code, output, error) = Warehouse("run", "--config", "w.json", "--no-publish");
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Equal((4L, 0L, 4L), Counts(output, "order_lines"));
        Assert.Matches(@"(?m)^Quarantined by reason \(etl_quarantine, run_id 2\):\n\s+order_lines\s+wrong_column_count\s+4$", output);
    }

    [Fact]
    public void A_file_in_another_encoding_fails_the_limit_and_the_message_names_Source_Encoding()
    {
        // "Curaçao" in windows-1252 (0xE7): not UTF-8, so the only row is invalid_encoding (1 of 1).
        var bytes = System.Text.Encoding.ASCII.GetBytes(Header + "\n1,2024-03-01 10:00:00,C1,Cura").Concat(new byte[] { 0xE7 })
            .Concat(System.Text.Encoding.ASCII.GetBytes("ao,P1,2,5.00\n")).ToArray();
        File.WriteAllBytes(Path.Combine(_folder, "lines.csv"), bytes);
        Write("w.json", $$"""{ "Source": { "Kind": "flatfile", "Path": "lines.csv", "Flat": { {{Columns}} } } }""");
        var (code, output, error) = Warehouse("run", "--config", "w.json", "--no-publish");
        Assert.True(code == 1, $"exit {code}\n{output}\n{error}");
        var line = ErrorLine(error);
        Assert.Contains("order_lines 1 of 1 (invalid_encoding 1)", line);
        Assert.Contains("the encoding (Source:Encoding, e.g. windows-1252)", line);
        Assert.DoesNotContain("Source:MaxLinesPerRow", line);

        // Named, the same file loads, with the text decoded.
        Write("w.json", $$"""{ "Source": { "Kind": "flatfile", "Path": "lines.csv", "Encoding": "windows-1252", "Flat": { {{Columns}} } } }""");
        (code, output, error) = Warehouse("run", "--config", "w.json", "--no-publish");
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Equal("Cura\u00e7ao", Query(Path.Combine(_folder, "data", "warehouse.duckdb"), "SELECT country FROM dim_customer WHERE customer_id = 'C1'").Single()[0]);
    }

    [Fact]
    public void The_summary_counts_the_quarantined_rows_by_reason()
    {
        Write("lines.csv", string.Join("\n", Header,
            "1,2024-03-01 10:00:00,C1,UK,P1,2,5.00", "1,2024-03-01 10:00:00,C2,UK,P2,1,2.50",   // order_customer_conflict 2
            "2,2024-03-02 10:00:00,,FR,P1,1,4.00",                                              // missing_customer
            "3,2024-03-03 10:00:00,C1,UK,P1,1,1.00", "3,2024-03-03 10:00:00,C1,UK,P1,1,2.00",
            "4,2024-03-04 10:00:00,C1,UK,P1,3,3.00") + "\n");
        Write("w.json", $$"""{ "Source": { "Kind": "flatfile", "Path": "lines.csv", "Flat": { {{Columns}} } } }""");
        var (code, output, error) = Warehouse("run", "--config", "w.json", "--no-publish");
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Equal((6L, 3L, 3L), Counts(output, "order_lines"));
        Assert.Matches(@"(?m)^Quarantined by reason \(etl_quarantine, run_id 1\):\n\s+order_lines\s+missing_customer\s+1\n\s+order_lines\s+order_customer_conflict\s+2$", output);
    }

    [Fact]
    public void Reload_file_reads_a_loaded_file_again_and_moves_its_record_to_the_run()
    {
        Write("drops/a.csv", string.Join("\n", Header, "1,2024-03-01 10:00:00,C1,UK,P1,2,5.00", "1,2024-03-01 10:00:00,C1,UK,P2,1,2.50") + "\n");
        Write("drops/b.csv", string.Join("\n", Header, "2,2024-03-02 10:00:00,C2,FR,P1,1,4.00") + "\n");
        Write("elsewhere.csv", Header + "\n");
        Write("w.json", $$"""{ "Source": { "Kind": "flatfile", "Path": "drops/*.csv", "Flat": { {{Columns}} } } }""");
        var warehouse = Path.Combine(_folder, "data", "warehouse.duckdb");
        string Records() => string.Join(", ", Query(warehouse, "SELECT file_path, run_id FROM etl_loaded_file ORDER BY file_path")
            .Select(r => $"{Path.GetFileName((string)r[0]!)}:{r[1]}"));

        var (code, output, error) = Warehouse("run", "--config", "w.json", "--no-publish");
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Equal((3L, 3L, 0L), Counts(output, "order_lines"));
        (code, output, error) = Warehouse("run", "--config", "w.json", "--no-publish");   // nothing new: both skipped
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Equal((0L, 0L, 0L), Counts(output, "order_lines"));
        Assert.Equal("a.csv:1, b.csv:1", Records());

        (code, output, error) = Warehouse("run", "--config", "w.json", "--no-publish", "--reload-file", "drops/a.csv");
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains("Files: 1 to read (1 loaded before, read again as --reload-file asks), 1 skipped", output);
        Assert.Equal((2L, 2L, 0L), Counts(output, "order_lines"));
        Assert.Equal("a.csv:3, b.csv:1", Records());
        Assert.Equal(3L, Query(warehouse, "SELECT COUNT(*) FROM fact_order_line").Single()[0]);   // upserted, not doubled

        // Repeatable.
        (code, output, error) = Warehouse("run", "--config", "w.json", "--no-publish", "--reload-file", "drops/a.csv", "--reload-file", Path.Combine(_folder, "drops", "b.csv"));
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Equal((3L, 3L, 0L), Counts(output, "order_lines"));
        Assert.Equal("a.csv:4, b.csv:4", Records());

        // A run that fails leaves the records as they were.
        (code, output, error) = Warehouse("run", "--config", "w.json", "--no-publish", "--reload-file", "drops/b.csv", "--as-of", "2000-01-01");
        Assert.True(code == 2, $"exit {code}\n{output}\n{error}");
        Assert.Equal("a.csv:4, b.csv:4", Records());

        // A path that is not one of the source's files.
        (code, output, error) = Warehouse("run", "--config", "w.json", "--no-publish", "--reload-file", "elsewhere.csv");
        Assert.True(code == 2, $"exit {code}\n{output}\n{error}");
        Assert.Equal($"error: --reload-file elsewhere.csv: {Path.Combine(_folder, "elsewhere.csv")} is not one of the files of the source (Source:Path {Path.Combine(_folder, "drops", "*.csv")} matches 2 files).", ErrorLine(error));
        (code, output, error) = Warehouse("run", "--config", "w.json", "--no-publish", "--reload-file", "drops/c.csv");
        Assert.True(code == 2, $"exit {code}\n{output}\n{error}");
        Assert.Equal($"error: --reload-file drops/c.csv: the file {Path.Combine(_folder, "drops", "c.csv")} does not exist.", ErrorLine(error));
        Assert.Equal(5L, Query(warehouse, "SELECT COUNT(*) FROM etl_run").Single()[0]);   // refused before a run started
    }

    [Fact]
    public void Reload_file_reads_a_file_of_a_csv_folder_again()
    {
        var (code, output, error) = Warehouse("generate-sample", "-o", "shop", "--format", "csv", "--customers", "20", "--months", "24");
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        var orders = File.ReadLines(Path.Combine(_folder, "shop", "orders.csv")).Count() - 1;   // the header
        Write("w.json", """{ "Source": { "Kind": "csv", "Path": "shop" } }""");
        (code, output, error) = Warehouse("run", "--config", "w.json", "--no-publish");
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Equal(orders, Counts(output, "orders").Read);

        (code, output, error) = Warehouse("run", "--config", "w.json", "--no-publish", "--reload-file", "shop/orders.csv");
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains("Files: 1 to read (1 loaded before, read again as --reload-file asks), 4 skipped", output);
        Assert.Equal((long)orders, Counts(output, "orders").Read);
        Assert.Equal(0L, Counts(output, "order_lines").Read);
        Assert.Equal(new[] { "campaigns.csv:1", "customers.csv:1", "order_lines.csv:1", "orders.csv:2", "products.csv:1" },
            Query(Path.Combine(_folder, "data", "warehouse.duckdb"), "SELECT file_path, run_id FROM etl_loaded_file ORDER BY file_path")
                .Select(r => $"{Path.GetFileName((string)r[0]!)}:{r[1]}"));
    }

    [Fact]
    public void Relative_paths_in_a_configuration_file_are_relative_to_its_folder_from_any_current_directory()
    {
        Write("project/exports/lines.csv", string.Join("\n", Header, "1,2024-03-01 10:00:00,C1,UK,P1,2,5.00") + "\n");
        Write("project/conf/warehouse.json", $$"""
            { "Warehouse": { "Path": "../data/w.duckdb" },
              "Source": { "Kind": "flatfile", "Path": "../exports/*.csv", "Flat": { {{Columns}} } },
              "Publish": { "OutputFolder": "../out" } }
            """);
        var elsewhere = Directory.CreateDirectory(Path.Combine(_folder, "elsewhere")).FullName;
        var (code, output, error) = WarehouseIn(elsewhere, "run", "--config", "../project/conf/warehouse.json", "--no-publish");
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Equal((1L, 1L, 0L), Counts(output, "order_lines"));
        Assert.True(File.Exists(Path.Combine(_folder, "project", "data", "w.duckdb")));
        Assert.Empty(Directory.GetFileSystemEntries(elsewhere));

        // A path from an environment variable stays relative to the current directory.
        using var p = WarehouseProcess.Start(elsewhere, new Dictionary<string, string> { ["WAREHOUSE_Warehouse__Path"] = "env/w.duckdb" },
            "run", "--config", "../project/conf/warehouse.json", "--no-publish");
        code = p.WaitForExitCode(TimeSpan.FromMinutes(2));
        Assert.True(code == 0, $"exit {code}\n{p.Stdout}\n{p.Stderr}");
        Assert.True(File.Exists(Path.Combine(elsewhere, "env", "w.duckdb")));
    }
}
