using System.Text.RegularExpressions;
using Warehouse.Etl.Configuration;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests;

/// <summary>
/// What a user who mistypes a flag, a key, a value or a path meets: exit code 2 (usage) and one
/// line on stderr naming the flag or the key (and the closest known one), never a stack trace, an
/// exception's type name or the whole help.
/// </summary>
public sealed class ConfigurationErrorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("warehouse-config-errors-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private (int Code, string Out, string Err) Warehouse(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var p = environment is null ? WarehouseProcess.Start(_folder, args) : WarehouseProcess.Start(_folder, environment, args);
        var code = p.WaitForExitCode(TimeSpan.FromMinutes(2));
        return (code, p.Stdout, p.Stderr);
    }

    private (int Code, string Out, string Err) Warehouse(params string[] args) => Warehouse(null, args);

    private string Config(string name, string json)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, json);
        return path;
    }

    /// <summary>Exit 2, one line on stderr starting "error: ", and nothing of an exception or the help.</summary>
    private static string UsageLine(int code, string output, string error)
    {
        Assert.True(code == 2, $"exit {code}\n{output}\n{error}");
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"not one line:\n{error}");
        Assert.StartsWith("error: ", lines[0]);
        Assert.DoesNotContain("Exception", output + error);
        Assert.DoesNotContain("Usage:", output + error);
        Assert.DoesNotContain("   at ", output + error);
        return lines[0];
    }

    [Fact]
    public void A_csv_source_folder_that_does_not_exist_names_Source_Path_and_the_full_folder()
    {
        var config = Config("csv.json", """{ "Source": { "Kind": "csv", "Path": "exports/nightly" } }""");
        var (code, output, error) = Warehouse("run", "--config", config);
        var line = UsageLine(code, output, error);
        Assert.Contains("Source:Path", line);
        Assert.Contains($"the folder {Path.Combine(_folder, "exports", "nightly")} ", line);
        // Relative in the file, so relative to the file's folder (here also the current directory), and named in full.
        Assert.DoesNotContain("relative to the current directory", line);
        Assert.Contains("does not exist", line);
        Assert.Contains("Source:Kind csv", line);
    }

    [Fact]
    public void A_csv_source_path_that_is_a_file_or_a_folder_without_entity_files_names_Source_Path()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "empty"));
        File.WriteAllText(Path.Combine(_folder, "lines.csv"), "order_id\n1\n");
        var (code, output, error) = Warehouse("run", "--config", Config("e.json", """{ "Source": { "Kind": "csv", "Path": "empty" } }"""));
        var line = UsageLine(code, output, error);
        Assert.Contains("Source:Path", line);
        Assert.Contains("has no entity files", line);
        Assert.Contains("customers.csv", line);

        var (code2, output2, error2) = Warehouse("run", "--config", Config("f.json", """{ "Source": { "Kind": "csv", "Path": "lines.csv" } }"""));
        var line2 = UsageLine(code2, output2, error2);
        Assert.Contains("Source:Path", line2);
        Assert.Contains("is a file, not a folder", line2);
    }

    [Fact]
    public void A_flatfile_path_or_glob_that_matches_nothing_names_Source_Path()
    {
        const string columns = """ "Flat": { "Columns": { "order_id": "a", "order_ts": "b", "quantity": "c", "unit_price": "d" } } """;
        Directory.CreateDirectory(Path.Combine(_folder, "drops"));
        var (code, output, error) = Warehouse("run", "--config", Config("g.json", $$"""{ "Source": { "Kind": "flatfile", "Path": "drops/*.csv.gz", {{columns}} } }"""));
        var line = UsageLine(code, output, error);
        Assert.Contains("Source:Path", line);
        Assert.Contains($"no file matches {Path.Combine(_folder, "drops", "*.csv.gz")}", line);

        var (code2, output2, error2) = Warehouse("run", "--config", Config("h.json", $$"""{ "Source": { "Kind": "flatfile", "Path": "nowhere/lines.csv", {{columns}} } }"""));
        var line2 = UsageLine(code2, output2, error2);
        Assert.Contains("Source:Path", line2);
        Assert.Contains(Path.Combine(_folder, "nowhere"), line2);
        Assert.Contains("does not exist", line2);

        var (code3, output3, error3) = Warehouse("run", "--config", Config("i.json", """{ "Source": { "Kind": "flatfile" } }"""));
        Assert.Contains("Source:Path", UsageLine(code3, output3, error3));
    }

    [Fact]
    public void A_flatfile_mapping_without_the_required_columns_names_Source_Flat_Columns()
    {
        File.WriteAllText(Path.Combine(_folder, "lines.csv"), "id,ts\n1,2024-01-01\n");
        var (code, output, error) = Warehouse("run", "--config", Config("m.json",
            """{ "Source": { "Kind": "flatfile", "Path": "lines.csv", "Flat": { "Columns": { "order_id": "id", "order_ts": "ts" } } } }"""));
        var line = UsageLine(code, output, error);
        Assert.Contains("Source:Flat:Columns must map quantity, unit_price", line);

        // Without a header a column is named by its 1-based number.
        var (code2, output2, error2) = Warehouse("run", "--config", Config("n.json",
            """{ "Source": { "Kind": "flatfile", "Path": "lines.csv", "Flat": { "Header": false, "Columns": { "order_id": "1", "order_ts": "ts", "quantity": "3", "unit_price": "4" } } } }"""));
        Assert.Contains("Source:Flat:Columns:order_ts must be a 1-based column number or #row when Source:Flat:Header is false (got 'ts')", UsageLine(code2, output2, error2));
    }

    [Fact]
    public void A_sqlite_source_file_that_does_not_exist_names_Source_ConnectionString_and_the_full_path()
    {
        var (code, output, error) = Warehouse("run", "--config", Config("s.json", """{ "Source": { "ConnectionString": "Data Source=erp/shop.db" } }"""));
        var line = UsageLine(code, output, error);
        Assert.Contains("Source:ConnectionString", line);
        Assert.Contains(Path.Combine(_folder, "erp", "shop.db"), line);
        Assert.Contains("generate-sample", line);

        var (code2, output2, error2) = Warehouse("run", "--config", Config("k.json", """{ "Source": { "ConnectionString": "Data Sorce=erp/shop.db" } }"""));
        var line2 = UsageLine(code2, output2, error2);
        Assert.Contains("Source:ConnectionString is not a valid sqlite connection string", line2);
        Assert.Contains("data sorce", line2, StringComparison.OrdinalIgnoreCase);

        var (code3, output3, error3) = Warehouse(new Dictionary<string, string>
        {
            ["WAREHOUSE_Source__Kind"] = "sqlserver",
            ["WAREHOUSE_Source__ConnectionString"] = "Sever=db1;Password=s3cret",
        }, "run");
        var line3 = UsageLine(code3, output3, error3);
        Assert.Contains("Source:ConnectionString is not a valid sqlserver connection string", line3);
        Assert.Contains("'sever'", line3);
        Assert.DoesNotContain("s3cret", line3);
    }

    [Fact]
    public void A_malformed_config_file_names_the_file_and_the_line_and_position_of_the_error()
    {
        // Line 3, characters 1-4 spaces, 5-19 "RfmWindowDays", 20 ':', 21 ' ', 22-23 30, 24 ',', 25 the second ','.
        var config = Config("w.json", "{\n  \"Marts\": {\n    \"RfmWindowDays\": 30,,\n  }\n}\n");
        var (code, output, error) = Warehouse("run", "--config", config);
        var line = UsageLine(code, output, error);
        Assert.StartsWith($"error: --config {config}: invalid JSON at line 3, position 25: ", line);
        Assert.DoesNotContain("LineNumber", line);

        // The default ./warehouse.json, read without --config, is named too.
        File.WriteAllText(Path.Combine(_folder, "warehouse.json"), "{ \"Marts\": { \"RfmWindowDays\": 30 }");
        var (code2, output2, error2) = Warehouse("status");
        var line2 = UsageLine(code2, output2, error2);
        Assert.Contains("warehouse.json", line2);
        Assert.Contains("invalid JSON at line 1, position ", line2);
    }

    [Fact]
    public void An_unknown_option_is_one_line_naming_it_and_the_command_and_exits_2()
    {
        var (code, output, error) = Warehouse("run", "--foo");
        Assert.Equal("error: unknown option '--foo' for 'warehouse run'; see 'warehouse run --help'", UsageLine(code, output, error));

        var (code2, output2, error2) = Warehouse("run", "--confg", "w.json");
        Assert.Contains("unknown option '--confg' for 'warehouse run' (did you mean '--config'?)", UsageLine(code2, output2, error2));

        // --help still prints the help and exits 0, even beside an unknown option.
        var (help, helpOut, _) = Warehouse("run", "--foo", "--help");
        Assert.Equal(0, help);
        Assert.Contains("--no-publish", helpOut);
    }

    [Fact]
    public void An_unknown_command_a_missing_command_and_a_bad_option_value_are_one_line_and_exit_2()
    {
        var (code, output, error) = Warehouse("rnu");
        Assert.Equal("error: unknown command 'rnu' for 'warehouse' (did you mean 'run'?); see 'warehouse --help'", UsageLine(code, output, error));

        var (code2, output2, error2) = Warehouse();
        var line2 = UsageLine(code2, output2, error2);
        Assert.Contains("'warehouse' needs a command: demo, run,", line2);

        var (code3, output3, error3) = Warehouse("schedule", "--cron", "0 2 * * *", "--max-runs", "two");
        Assert.Equal("error: --max-runs must be a whole number (got 'two'); see 'warehouse schedule --help'", UsageLine(code3, output3, error3));

        var (code4, output4, error4) = Warehouse("schedule");
        Assert.Contains("'--cron' is required", UsageLine(code4, output4, error4));

        var (code5, output5, error5) = Warehouse("run", "extra");
        Assert.Contains("unexpected argument 'extra' for 'warehouse run'", UsageLine(code5, output5, error5));

        var (code6, output6, error6) = Warehouse("--log-format", "xml", "status");
        var line6 = UsageLine(code6, output6, error6);
        Assert.Contains("--log-format", line6);
        Assert.Contains("'text'", line6);
    }

    [Fact]
    public void A_value_of_the_wrong_type_names_the_key_what_it_takes_with_its_unit_and_the_value()
    {
        var (code, output, error) = Warehouse("run", "--config", Config("t.json", """{ "Marts": { "RfmWindowDays": "abc" } }"""));
        Assert.Equal("error: Marts:RfmWindowDays must be a whole number of days (got 'abc').", UsageLine(code, output, error));

        var cases = new (string Variable, string Value, string Expected)[]
        {
            ("WAREHOUSE_Source__RetryDelaySeconds", "1,5", "Source:RetryDelaySeconds must be a number of seconds (with '.' for decimals) (got '1,5')."),
            ("WAREHOUSE_Source__Incremental__LookBackMinutes", "an hour", "Source:Incremental:LookBackMinutes must be a number of minutes (with '.' for decimals) (got 'an hour')."),
            ("WAREHOUSE_Publish__Parquet", "yes", "Publish:Parquet must be true or false (got 'yes')."),
            ("WAREHOUSE_Marts__PyramidTopPercent", "1%", "Marts:PyramidTopPercent must be a percentage such as 20 or 2.5 (with '.' for decimals) (got '1%')."),
            ("WAREHOUSE_Quality__MaxQuarantinedShare", "5%", "Quality:MaxQuarantinedShare must be a share between 0 and 1 such as 0.05 (with '.' for decimals) (got '5%')."),
            ("WAREHOUSE_Publish__To", "ftp", "Publish:To 'ftp' is not supported; use 'folder' or 'blob'."),
            ("WAREHOUSE_Source__Flat__DecimalSeparator", ";", "Source:Flat:DecimalSeparator ';' is not supported; use '.' or ','."),
            ("WAREHOUSE_Source__Kind", "Postgre", "Source:Kind 'Postgre' is not supported; use 'sqlite', 'postgres', 'sqlserver', 'csv' or 'flatfile' (did you mean 'postgres'?)."),
        };
        foreach (var (variable, value, expected) in cases)
        {
            var (c, o, e) = Warehouse(new Dictionary<string, string> { [variable] = value }, "run", "--no-publish");
            Assert.Equal($"error: {expected}", UsageLine(c, o, e));
        }
    }

    [Fact]
    public void A_misspelt_key_in_the_file_is_refused_with_the_closest_known_key()
    {
        var config = Config("typo.json", """{ "Marts": { "RfmWindowDay": 30 } }""");
        var (code, output, error) = Warehouse("run", "--config", config);
        Assert.Equal($"error: unknown configuration key Marts:RfmWindowDay in {config} (did you mean Marts:RfmWindowDays?)", UsageLine(code, output, error));

        // A section misspelt, a section left out, a key under the wrong section: each is named, on one line.
        var (code2, output2, error2) = Warehouse("run", "--config", Config("typos.json",
            """{ "Sorce": { "Kind": "csv" }, "Source": { "Columns": { "order_id": "id" } }, "Warehouse": { "RfmWindowDays": 30 } }"""));
        var line2 = UsageLine(code2, output2, error2);
        Assert.Contains("unknown configuration key Sorce:Kind", line2);
        Assert.Contains("(did you mean Source:Kind?)", line2);
        Assert.Contains("(did you mean Source:Flat:Columns:order_id?)", line2);
        Assert.Contains("unknown configuration key Warehouse:RfmWindowDays", line2);
        Assert.Contains("(did you mean Marts:RfmWindowDays?)", line2);
    }

    [Fact]
    public void A_name_outside_a_closed_map_is_refused_with_the_names_it_takes()
    {
        var (code, output, error) = Warehouse("run", "--config", Config("q.json",
            """{ "Source": { "Queries": { "customer": "SELECT * FROM c" } } }"""));
        var line = UsageLine(code, output, error);
        Assert.Contains("unknown configuration key Source:Queries:customer", line);
        Assert.Contains("did you mean Source:Queries:customers?", line);
        Assert.Contains("customers, products, campaigns, orders, order_lines", line);

        var (code2, output2, error2) = Warehouse("run", "--config", Config("c.json",
            """{ "Source": { "Kind": "flatfile", "Flat": { "Constants": { "qty": "1" } } } }"""));
        var line2 = UsageLine(code2, output2, error2);
        Assert.Contains("unknown configuration key Source:Flat:Constants:qty", line2);
        Assert.Contains("Source:Flat:Constants takes order_id, order_ts,", line2);
    }

    [Fact]
    public void A_misspelt_WAREHOUSE_variable_is_refused_naming_the_variable_and_the_closest_key()
    {
        var (code, output, error) = Warehouse(new Dictionary<string, string> { ["WAREHOUSE_Marts__RfmWindowDay"] = "30" }, "run");
        Assert.Equal("error: unknown configuration key Marts:RfmWindowDay in environment variable WAREHOUSE_Marts__RfmWindowDay (did you mean Marts:RfmWindowDays?)",
            UsageLine(code, output, error));

        var (code2, output2, error2) = Warehouse(new Dictionary<string, string> { ["WAREHOUSE_Marts_RfmWindowDays"] = "30" }, "run");
        Assert.Contains("(did you mean Marts:RfmWindowDays?)", UsageLine(code2, output2, error2));

        // WAREHOUSE_TEST_* belong to the test suite (servers to test against), not to the job.
        var (code3, output3, error3) = Warehouse(new Dictionary<string, string> { ["WAREHOUSE_TEST_SOMETHING"] = "x" }, "run", "--no-publish");
        var line3 = UsageLine(code3, output3, error3);
        Assert.DoesNotContain("unknown configuration key", line3);
        Assert.Contains("Source:ConnectionString", line3);   // the next problem: no data/source.db here
    }

    [Fact]
    public void Keys_set_in_memory_are_checked_too_and_known_ones_bind()
    {
        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load(null, new Dictionary<string, string?> { ["Publish:Kep"] = "3" }));
        Assert.Equal("unknown configuration key Publish:Kep from the command line (did you mean Publish:Keep?)", e.Message);
        var s = SettingsLoader.Load(null, new Dictionary<string, string?>
        {
            ["Source:Flat:TimestampFormats:0"] = "yyyyMMdd",
            ["Source:Flat:Columns:ORDER_ID"] = "id",   // keys ignore case, as the binder does
            ["Source:Incremental:Watermarks:orders"] = "",
            ["Quality:MaxQuarantinedShare"] = "",
            ["Publish:Blob:Container"] = "bi",
        });
        Assert.Equal(["yyyyMMdd"], s.Source.Flat.TimestampFormats);   // the list replaces the default, not appended to it
        Assert.Equal("id", s.Source.Flat.Columns["order_id"]);
        Assert.Null(s.Source.Incremental.ColumnOf("orders"));
        Assert.Null(s.Quality.MaxQuarantinedShare);
        Assert.Equal("bi", s.Publish.Blob.Container);
    }

    /// <summary>The keys the loader accepts (found on the settings classes) are the keys the
    /// README's configuration table documents: a setting added without documenting it, or a
    /// documented key that does not exist, fails here.</summary>
    [Fact]
    public void The_README_configuration_table_documents_exactly_the_known_keys()
    {
        var readme = File.ReadAllText(Path.Combine(SharedData.RepositoryRoot(), "README.md"));
        var start = readme.IndexOf("## Configuration", StringComparison.Ordinal);
        var section = readme[start..readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal)];
        var documented = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var row in section.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            // `Source:Flat:Delimiter`, `Header`: a short name is under the section of the key before it.
            string? parent = null;
            foreach (Match m in Regex.Matches(row.Split('|')[1], "`([^`]+)`"))
            {
                var key = m.Groups[1].Value;
                if (key.Contains(':')) parent = key[..key.LastIndexOf(':')];
                else key = $"{parent}:{key}";
                documented.Add(Regex.Replace(key, ":<[a-z]+>$", ""));   // Source:Queries:<entity>
            }
        }
        var known = new SortedSet<string>(SettingsCatalog.Keys.Select(k => k.Path), StringComparer.Ordinal);
        Assert.Equal(known, documented);
    }

    [Fact]
    public void An_unknown_script_engine_names_the_flag_and_writes_nothing()
    {
        var (code, output, error) = Warehouse("script", "--engine", "mysql");
        var line = UsageLine(code, output, error);
        Assert.StartsWith("error: --engine 'mysql' is not supported; use 'sqlserver', 'postgres' or 'duckdb'", line);
        Assert.False(Directory.Exists(Path.Combine(_folder, "sql-script")));
    }

    [Theory]
    [InlineData("--months", "3", "--months must be between 24 and 600 (got 3)")]
    [InlineData("--months", "601", "--months must be between 24 and 600 (got 601)")]
    [InlineData("--customers", "0", "--customers must be between 1 and 100,000,000 (got 0)")]
    [InlineData("--start", "2025-02-30", "--start must be a date yyyy-MM-dd (got '2025-02-30')")]
    [InlineData("--start", "1800-01-01", "--start must be a date from 1900 whose --months of history end before 9000 (got '1800-01-01')")]
    public void A_sample_flag_out_of_range_is_named_before_anything_is_printed_or_written(string flag, string value, string expected)
    {
        var (code, output, error) = Warehouse("generate-sample", flag, value);
        var line = UsageLine(code, output, error);
        Assert.StartsWith($"error: {expected}", line);
        Assert.DoesNotContain("SampleOptions", line);
        Assert.DoesNotContain("Parameter", line);
        Assert.Equal("", output);
        Assert.False(Directory.Exists(Path.Combine(_folder, "data")), "generate-sample wrote data/");
    }

    [Fact]
    public void A_demo_with_no_customers_is_refused_before_it_prints_or_creates_its_folder()
    {
        var (code, output, error) = Warehouse("demo", "--customers", "0", "--folder", "X");
        Assert.StartsWith("error: --customers must be between 1 and 100,000,000 (got 0)", UsageLine(code, output, error));
        Assert.Equal("", output);
        Assert.False(Directory.Exists(Path.Combine(_folder, "X")), "demo created its folder");
    }

    [Fact]
    public void A_demo_folder_holding_other_files_is_refused_and_left_as_it_was()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "mine"));
        File.WriteAllText(Path.Combine(_folder, "mine", "notes.txt"), "keep me");
        var (code, output, error) = Warehouse("demo", "--folder", "mine");
        var line = UsageLine(code, output, error);
        Assert.Contains("--folder mine/ holds other files, not a finished demo (a source.db and a warehouse.duckdb)", line);
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(Path.Combine(_folder, "mine")).Select(Path.GetFileName));
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(_folder, "mine", "notes.txt")));
    }

    [Fact]
    public void A_configuration_error_in_the_source_writes_no_data_folder_lock_or_status_file()
    {
        var (code, output, error) = Warehouse("run", "--config", Config("s.json", """{ "Source": { "ConnectionString": "Data Source=erp/shop.db" } }"""));
        Assert.Contains("Source:ConnectionString", UsageLine(code, output, error));
        var (code2, output2, error2) = Warehouse("run", "--config", Config("c.json", """{ "Source": { "Kind": "csv", "Path": "exports/nightly" } }"""));
        Assert.Contains("Source:Path", UsageLine(code2, output2, error2));
        var (code3, output3, error3) = Warehouse(new Dictionary<string, string> { ["WAREHOUSE_Marts__AsOf"] = "2025-13-01" }, "run");
        UsageLine(code3, output3, error3);
        // The default warehouse is data/warehouse.duckdb: its lock and status files would be in data/.
        Assert.False(Directory.Exists(Path.Combine(_folder, "data")), "a run stopped by its configuration wrote data/");
    }

    [Fact]
    public void An_as_of_date_before_the_first_order_is_refused_naming_the_first_order_date_and_nothing_is_committed()
    {
        var (generated, _, generateError) = Warehouse("generate-sample", "--customers", "50", "--start", "2023-01-01");
        Assert.True(generated == 0, generateError);
        string first;
        using (var sqlite = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_folder, "data", "source.db")};Mode=ReadOnly"))
        {
            sqlite.Open();
            using var query = sqlite.CreateCommand();
            query.CommandText = "SELECT MIN(substr(o.order_ts, 1, 10)) FROM orders o WHERE EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.order_id)";
            first = (string)query.ExecuteScalar()!;
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Assert.StartsWith("2023-01", first);

        var (code, output, error) = Warehouse("run", "--no-publish", "--as-of", "2019-06-30");
        // The run had started (its log says it failed and was rolled back); its last line is the error.
        Assert.True(code == 2, $"exit {code}\n{output}\n{error}");
        var line = error.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.StartsWith("error: Run 1 failed and was rolled back: Marts:AsOf (--as-of) 2019-06-30 is before the first order in the warehouse (" + first + ")", line);
        Assert.DoesNotContain("Exception", output + error);

        // Rolled back: the run is recorded as failed and no mart row of any date was kept.
        using var duck = new DuckDB.NET.Data.DuckDBConnection($"Data Source={Path.Combine(_folder, "data", "warehouse.duckdb")}");
        duck.Open();
        using var runs = duck.CreateCommand();
        runs.CommandText = "SELECT status FROM etl_run";
        Assert.Equal("failed", runs.ExecuteScalar());
        using var marts = duck.CreateCommand();
        marts.CommandText = "SELECT (SELECT COUNT(*) FROM mart_pyramid) + (SELECT COUNT(*) FROM fact_order_line)";
        Assert.Equal(0L, Convert.ToInt64(marts.ExecuteScalar()));
    }

    [Fact]
    public void A_source_that_cannot_be_reached_is_a_failed_run_recorded_in_the_status_file()
    {
        // Not a configuration error: the run started, so its failure is recorded beside the warehouse.
        var (code, output, error) = Warehouse(new Dictionary<string, string>
        {
            ["WAREHOUSE_Source__Kind"] = "postgres",
            ["WAREHOUSE_Source__ConnectionString"] = "Host=127.0.0.1;Port=1;Database=shop;Username=etl;Password=x;Timeout=2",
            ["WAREHOUSE_Source__Retries"] = "0",
        }, "run");
        Assert.True(code == 1, $"exit {code}\n{output}\n{error}");
        Assert.Contains("Cannot connect to the PostgreSQL source", error);
        var status = global::Warehouse.Cli.Monitoring.RunStatusFile.Read(Path.Combine(_folder, "data", "warehouse.duckdb.status.json"));
        Assert.NotNull(status);
        Assert.Equal(("failed", "starting"), (status.Phase, status.FailedIn));
        Assert.Contains("Cannot connect to the PostgreSQL source", status.Error);
    }

    [Fact]
    public void The_shipped_configurations_load()
    {
        var root = SharedData.RepositoryRoot();
        var samples = Directory.GetFiles(Path.Combine(root, "etl", "samples"), "*.json");
        Assert.NotEmpty(samples);
        foreach (var sample in samples) SettingsLoader.Load(sample);

        // The configuration bench/run.sh writes, its shell variables filled in.
        var script = File.ReadAllText(Path.Combine(root, "bench", "run.sh"));
        var heredoc = Regex.Match(script, @"<<JSON\n(?<json>.*?)\nJSON\n", RegexOptions.Singleline);
        Assert.True(heredoc.Success, "bench/run.sh writes no configuration");
        var json = Regex.Replace(heredoc.Groups["json"].Value, @"\$\{?(?<name>[A-Z_]+)\}?", m => m.Groups["name"].Value == "AS_OF" ? "2026-01-01" : "bench");
        SettingsLoader.Load(Config("bench.json", json));
    }
}
