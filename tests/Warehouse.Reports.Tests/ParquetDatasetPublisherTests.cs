using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;

namespace Warehouse.Reports.Tests;

public sealed class ParquetDatasetPublisherTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly DuckDBConnection _db = ParquetDatasetWarehouse.Create();

    public void Dispose()
    {
        _db.Dispose();
        _folder.Dispose();
    }

    private string Out => _folder.Path;

    private Task<DatasetPublish> PublishAsync(int keep = 7, long runId = 7, DatasetRequest? request = null, CancellationToken ct = default) =>
        new ParquetDatasetPublisher(new ParquetPublisherOptions(), keep)
            .PublishAsync(_db, request ?? ParquetDatasetWarehouse.Request(runId), Out, ct);

    private static ManifestTable Table(DatasetPublish publish, string name) => publish.Manifest.Tables.Single(t => t.Name == name);

    [Fact]
    public async Task Writes_one_folder_per_table_the_fact_partitioned_by_order_month_and_the_manifest()
    {
        var publish = await PublishAsync();

        string runs = Path.Combine(Out, "runs");
        Assert.Equal(publish.RunFolder, Assert.Single(Directory.GetDirectories(runs)));
        Assert.Matches(@"^7-\d{8}T\d{9}Z$", Path.GetFileName(publish.RunFolder));

        string[] expected =
        [
            "_manifest.json",
            "dim_channel/dim_channel.parquet",
            "dim_customer/dim_customer.parquet",
            "dim_date/dim_date.parquet",
            "dim_product/dim_product.parquet",
            "fact_order_line/order_month=2024-11/part-0.parquet",
            "fact_order_line/order_month=2024-12/part-0.parquet",
            "fact_order_line/order_month=2025-02/part-0.parquet",
            "fact_order_line/order_month=2025-03/part-0.parquet",
            "mart_pyramid/as_of_date=2025-02-28/part-0.parquet",
            "mart_pyramid/as_of_date=2025-03-31/part-0.parquet",
        ];
        var onDisk = Directory.GetFiles(publish.RunFolder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(publish.RunFolder, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, onDisk);
        Assert.Equal(expected.Skip(1), publish.Manifest.Files.Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.Equal(publish.Files.Select(f => f.RelativePath), publish.Manifest.Files.Select(f => f.Path));
        Assert.Equal(Path.Combine(publish.RunFolder, "_manifest.json"), publish.ManifestPath);

        var fact = Table(publish, "fact_order_line");
        Assert.Equal(("hive", "order_month", "order_date", "fact"), (fact.Layout, fact.PartitionColumn, fact.PartitionSource, fact.Kind));
        Assert.Equal(ParquetDatasetWarehouse.Months,
            publish.Manifest.Files.Where(f => f.Table == "fact_order_line").Select(f => f.Partition));
        var mart = Table(publish, "mart_pyramid");
        Assert.Equal(("hive", "as_of_date", "as_of_date", "as_of_date", "mart"), (mart.Layout, mart.PartitionColumn, mart.PartitionSource, mart.AsOfColumn, mart.Kind));
        Assert.Equal(["2025-02-28", "2025-03-31"], publish.Manifest.Files.Where(f => f.Table == "mart_pyramid").Select(f => f.Partition));
        Assert.Equal("dimension", Table(publish, "dim_date").Kind);
    }

    [Fact]
    public async Task Latest_json_and_the_latest_symlink_name_the_run_folder()
    {
        var publish = await PublishAsync();

        var pointer = await DatasetPointer.ReadAsync(Out);
        Assert.NotNull(pointer);
        Assert.Equal("runs/" + Path.GetFileName(publish.RunFolder), pointer.RunFolder);
        Assert.Equal(pointer.RunFolder + "/_manifest.json", pointer.Manifest);
        Assert.Equal((7L, new DateOnly(2025, 3, 31)), (pointer.RunId, pointer.AsOfDate));
        Assert.Equal(publish.RunFolder, pointer.ResolveRunFolder(Out));
        Assert.Equal(Path.Combine(Out, "latest.json"), publish.PointerPath);

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(publish.PointerPath));
        Assert.Equal(pointer.RunFolder, json.RootElement.GetProperty("run_folder").GetString());
        Assert.Equal("2025-03-31", json.RootElement.GetProperty("as_of_date").GetString());

        if (!OperatingSystem.IsWindows())
        {
            var link = new DirectoryInfo(Path.Combine(Out, "latest"));
            Assert.Equal(pointer.RunFolder, link.LinkTarget);
            Assert.True(File.Exists(Path.Combine(Out, "latest", "_manifest.json")));
        }
        Assert.Empty(Directory.GetFiles(Out, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task DuckDB_reads_the_hive_partitioned_fact_back_with_the_warehouse_rows_and_totals()
    {
        var publish = await PublishAsync();
        string fact = ParquetDatasetWarehouse.ReadTable(publish.RunFolder, Table(publish, "fact_order_line"));

        Assert.Equal(Db.Scalar<long>(_db, "SELECT COUNT(*) FROM fact_order_line"), Db.Scalar<long>(_db, $"SELECT COUNT(*) FROM {fact}"));
        foreach (string money in new[] { "gross_amount", "net_amount", "cost_amount", "margin_amount", "unit_price" })
        {
            Assert.Equal(
                Db.Scalar<decimal>(_db, $"SELECT SUM({money}) FROM fact_order_line"),
                Db.Scalar<decimal>(_db, $"SELECT SUM({money}) FROM {fact}"));
        }
        Assert.Equal(
            Db.Scalar<long>(_db, "SELECT SUM(quantity)::BIGINT FROM fact_order_line"),
            Db.Scalar<long>(_db, $"SELECT SUM(quantity)::BIGINT FROM {fact}"));

        // order_month comes from the paths and agrees with order_date on every row.
        Assert.Equal("VARCHAR", Db.Describe(_db, fact).Single(c => c.Name == "order_month").Type);
        Assert.Equal(0L, Db.Scalar<long>(_db, $"SELECT COUNT(*) FROM {fact} WHERE order_month <> strftime(order_date, '%Y-%m')"));
        Assert.Equal(string.Join(",", ParquetDatasetWarehouse.Months),
            Db.Scalar<string>(_db, $"SELECT string_agg(DISTINCT order_month, ',' ORDER BY order_month) FROM {fact}"));

        // Every row equals a warehouse row and the other way round.
        string columns = "* EXCLUDE (order_month)";
        Assert.Equal(0L, Db.Scalar<long>(_db, $"SELECT COUNT(*) FROM (SELECT * FROM fact_order_line EXCEPT ALL SELECT {columns} FROM {fact})"));
        Assert.Equal(0L, Db.Scalar<long>(_db, $"SELECT COUNT(*) FROM (SELECT {columns} FROM {fact} EXCEPT ALL SELECT * FROM fact_order_line)"));

        // A month filter reads one partition's rows.
        Assert.Equal(
            Db.Scalar<long>(_db, "SELECT COUNT(*) FROM fact_order_line WHERE order_date >= DATE '2025-02-01' AND order_date < DATE '2025-03-01'"),
            Db.Scalar<long>(_db, $"SELECT COUNT(*) FROM {fact} WHERE order_month = '2025-02'"));
    }

    [Fact]
    public async Task Every_table_reads_back_equal_and_with_BI_types()
    {
        var publish = await PublishAsync();

        foreach (var table in publish.Manifest.Tables.Where(t => t.Layout == "single"))
        {
            string parquet = ParquetDatasetWarehouse.ReadTable(publish.RunFolder, table);
            Assert.Equal(Db.Describe(_db, table.Name), Db.Describe(_db, parquet));
            Assert.Equal(0L, Db.Scalar<long>(_db, $"SELECT COUNT(*) FROM (SELECT * FROM {table.Name} EXCEPT ALL SELECT * FROM {parquet})"));
            Assert.Equal(0L, Db.Scalar<long>(_db, $"SELECT COUNT(*) FROM (SELECT * FROM {parquet} EXCEPT ALL SELECT * FROM {table.Name})"));
        }

        string fact = ParquetDatasetWarehouse.ReadTable(publish.RunFolder, Table(publish, "fact_order_line"));
        var described = Db.Describe(_db, fact).ToDictionary(c => c.Name, c => c.Type);
        Assert.Equal("DATE", described["order_date"]);
        Assert.Equal("TIMESTAMP", described["order_ts"]);
        Assert.Equal("DECIMAL(18,8)", described["net_amount"]);
        Assert.Equal("DECIMAL(18,8)", described["margin_amount"]);
        Assert.Equal("DECIMAL(18,4)", described["gross_amount"]);
        Assert.Equal("VARCHAR", described["order_id"]);
        Assert.Equal("INTEGER", described["customer_key"]);

        foreach (var file in publish.Files)
        {
            Assert.Equal(0L, Db.Scalar<long>(_db, $"SELECT COUNT(*) FROM parquet_metadata('{file.Path}') WHERE encodings LIKE '%DELTA%'"));
            Assert.Equal(0L, Db.Scalar<long>(_db, $"SELECT COUNT(*) FROM parquet_schema('{file.Path}') WHERE type = 'INT96'"));
        }
    }

    [Fact]
    public async Task Marts_keep_every_as_of_date_in_the_as_of_date_column()
    {
        var publish = await PublishAsync();
        string mart = ParquetDatasetWarehouse.ReadTable(publish.RunFolder, Table(publish, "mart_pyramid"));

        Assert.Equal("DATE", Db.Describe(_db, mart).Single(c => c.Name == "as_of_date").Type);
        Assert.Equal("2025-02-28,2025-03-31",
            Db.Scalar<string>(_db, $"SELECT string_agg(DISTINCT CAST(as_of_date AS VARCHAR), ',' ORDER BY CAST(as_of_date AS VARCHAR)) FROM {mart}"));
        Assert.Equal(3909.45m, Db.Scalar<decimal>(_db, $"SELECT SUM(revenue) FROM {mart} WHERE as_of_date = DATE '2025-03-31'"));
        Assert.Equal(new DateOnly(2025, 3, 31), publish.Manifest.AsOfDate);
        // One snapshot per file: each partition holds exactly the rows of its as-of date.
        foreach (var file in publish.Files.Where(f => f.Table == "mart_pyramid"))
        {
            Assert.Equal(file.Partition, Db.Scalar<string>(_db, $"SELECT string_agg(DISTINCT CAST(as_of_date AS VARCHAR), ',') FROM {Db.ReadParquet(file.Path)}"));
            Assert.Equal(Db.Scalar<long>(_db, $"SELECT COUNT(*) FROM mart_pyramid WHERE as_of_date = DATE '{file.Partition}'"), file.Rows);
        }
    }

    [Fact]
    public async Task DuckDB_with_hive_partitioning_sees_one_as_of_date_column_and_without_it_the_same()
    {
        var publish = await PublishAsync();
        string folder = Path.Combine(publish.RunFolder, "mart_pyramid").Replace("'", "''");
        var warehouseColumns = Db.Describe(_db, "mart_pyramid");

        // With Hive partitioning the key as_of_date is also a column of the files: DuckDB reads one
        // as_of_date, a DATE, and no other column than the warehouse table's.
        string hive = $"read_parquet('{folder}/*/*.parquet', hive_partitioning = true)";
        var hiveColumns = Db.Describe(_db, hive);
        Assert.Equal(warehouseColumns, hiveColumns);
        Assert.Equal(("as_of_date", "DATE"), Assert.Single(hiveColumns, c => c.Name.StartsWith("as_of", StringComparison.Ordinal)));
        // And the right value per partition: 2 rows of 2025-02-28 (Top, Rest), 3 of 2025-03-31 (Top, Rest, Inactive).
        Assert.Equal("2025-02-28:2,2025-03-31:3", Db.Scalar<string>(_db,
            $"SELECT string_agg(d || ':' || n, ',' ORDER BY d) FROM (SELECT CAST(as_of_date AS VARCHAR) AS d, COUNT(*) AS n FROM {hive} GROUP BY 1)"));
        Assert.Equal(0L, Db.Scalar<long>(_db, $"SELECT COUNT(*) FROM (SELECT * FROM mart_pyramid EXCEPT ALL SELECT * FROM {hive})"));

        // Without Hive partitioning the files still hold it.
        string plain = $"read_parquet('{folder}/*/*.parquet', hive_partitioning = false)";
        Assert.Equal(warehouseColumns, Db.Describe(_db, plain));
        Assert.Equal(0L, Db.Scalar<long>(_db, $"SELECT COUNT(*) FROM (SELECT * FROM {plain} EXCEPT ALL SELECT * FROM mart_pyramid)"));
        foreach (var file in publish.Files.Where(f => f.Table == "mart_pyramid"))
        {
            Assert.Equal(file.Partition, Db.Scalar<string>(_db,
                $"SELECT string_agg(DISTINCT CAST(as_of_date AS VARCHAR), ',') FROM read_parquet('{file.Path.Replace("'", "''")}', hive_partitioning = true)"));
        }

        // A fact's month key is only in the paths: one order_month (VARCHAR) beside the files' order_date.
        string facts = $"read_parquet('{Path.Combine(publish.RunFolder, "fact_order_line").Replace("'", "''")}/*/*.parquet', hive_partitioning = true)";
        var factColumns = Db.Describe(_db, facts);
        Assert.Equal(Db.Describe(_db, "fact_order_line").Select(c => c.Name).Append("order_month"), factColumns.Select(c => c.Name));
        Assert.Equal(("order_month", "VARCHAR"), factColumns[^1]);
        Assert.Equal("DATE", Assert.Single(factColumns, c => c.Name == "order_date").Type);
    }

    [Fact]
    public async Task The_verifier_accepts_the_older_formats_and_refuses_an_unknown_one()
    {
        var publish = await PublishAsync();
        string text = await File.ReadAllTextAsync(publish.ManifestPath);
        Assert.Contains("\"format\": \"warehouse-parquet-dataset/3\"", text);
        foreach (string format in new[] { "warehouse-parquet-dataset/1", "warehouse-parquet-dataset/2" })
        {
            await File.WriteAllTextAsync(publish.ManifestPath, text.Replace("warehouse-parquet-dataset/3", format));
            Assert.Empty(await ManifestVerifier.VerifyAsync(publish.RunFolder));
        }
        await File.WriteAllTextAsync(publish.ManifestPath, text.Replace("warehouse-parquet-dataset/3", "warehouse-parquet-dataset/9"));
        Assert.Contains("warehouse-parquet-dataset/9", Assert.Single(await ManifestVerifier.VerifyAsync(publish.RunFolder)));
    }

    [Fact]
    public async Task The_manifest_lists_every_file_with_rows_bytes_sha256_and_each_schema()
    {
        var publish = await PublishAsync();
        var manifest = await ManifestJson.ReadManifestAsync(publish.ManifestPath);

        Assert.Equal("warehouse-parquet-dataset/3", manifest.Format);
        Assert.Equal((7L, new DateOnly(2025, 3, 31), "0.1.0-test"), (manifest.RunId, manifest.AsOfDate, manifest.SoftwareVersion));
        Assert.Equal(Path.GetFileName(publish.RunFolder), manifest.RunFolder);
        Assert.StartsWith("Parquet.Net 6.1", manifest.ParquetWriter);
        Assert.Equal(10, manifest.Files.Count);
        foreach (var file in manifest.Files)
        {
            string path = Path.Combine(publish.RunFolder, file.Path);
            Assert.Equal(new FileInfo(path).Length, file.Bytes);
            Assert.Equal(await ManifestVerifier.Sha256Async(path), file.Sha256);
            Assert.Matches("^[0-9a-f]{64}$", file.Sha256);
            Assert.Equal(Db.Scalar<long>(_db, $"SELECT COUNT(*) FROM {Db.ReadParquet(path)}"), file.Rows);
        }
        Assert.Empty(await ManifestVerifier.VerifyAsync(publish.RunFolder));

        foreach (var table in manifest.Tables)
        {
            Assert.Equal(Db.Scalar<long>(_db, $"SELECT COUNT(*) FROM {table.Name}"), table.Rows);
            Assert.Equal(table.Rows, manifest.Files.Where(f => f.Table == table.Name).Sum(f => f.Rows));
            Assert.Equal(Db.Describe(_db, table.Name).Select(c => c.Name), table.Columns.Select(c => c.Name));
        }

        var fact = manifest.Tables.Single(t => t.Name == "fact_order_line").Columns.ToDictionary(c => c.Name);
        Assert.Equal(new ManifestColumn("order_date", "INT32", "DATE", true), fact["order_date"]);
        Assert.Equal(new ManifestColumn("order_ts", "INT64", "TIMESTAMP(MICROS,utc=false)", true), fact["order_ts"]);
        Assert.Equal(new ManifestColumn("net_amount", "FIXED_LEN_BYTE_ARRAY", "DECIMAL(18,8)", true), fact["net_amount"]);
        Assert.Equal(new ManifestColumn("order_id", "BYTE_ARRAY", "STRING", true), fact["order_id"]);
        Assert.Equal("INT32", fact["quantity"].PhysicalType);

        // snake_case JSON, as documented for Power Query.
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(publish.ManifestPath));
        var root = json.RootElement;
        Assert.Equal(7, root.GetProperty("run_id").GetInt64());
        Assert.Equal("2025-03-31", root.GetProperty("as_of_date").GetString());
        var firstFile = root.GetProperty("files")[0];
        foreach (string key in new[] { "path", "table", "partition", "rows", "bytes", "sha256" })
        {
            Assert.True(firstFile.TryGetProperty(key, out _), key);
        }
        var firstColumn = root.GetProperty("tables")[0].GetProperty("columns")[0];
        foreach (string key in new[] { "name", "physical_type", "logical_type", "nullable" })
        {
            Assert.True(firstColumn.TryGetProperty(key, out _), key);
        }

        // Written last: no data file is newer than the manifest.
        var manifestTime = File.GetLastWriteTimeUtc(publish.ManifestPath);
        Assert.All(publish.Files, f => Assert.True(File.GetLastWriteTimeUtc(f.Path) <= manifestTime));
    }

    [Fact]
    public async Task The_verifier_finds_a_changed_or_missing_file()
    {
        var publish = await PublishAsync();
        var dim = publish.Files.First(f => f.Table == "dim_customer");

        var bytes = await File.ReadAllBytesAsync(dim.Path);
        bytes[10] ^= 0xFF;
        await File.WriteAllBytesAsync(dim.Path, bytes);
        File.Delete(publish.Files.Last(f => f.Table == "fact_order_line").Path);

        var problems = await ManifestVerifier.VerifyAsync(publish.RunFolder);
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("dim_customer") && p.Contains("SHA-256"));
        Assert.Contains(problems, p => p.Contains("order_month=2025-03") && p.Contains("missing"));
        File.Delete(publish.ManifestPath);
        Assert.Contains("incomplete", Assert.Single(await ManifestVerifier.VerifyAsync(publish.RunFolder)));
    }

    [Fact]
    public async Task Partitions_are_written_with_one_query_per_month_and_a_row_group_size()
    {
        // Row groups of 50 rows: the months (about 180 rows each) get several row groups.
        var publisher = new ParquetDatasetPublisher(new ParquetPublisherOptions { RowGroupSize = 50 });
        var publish = await publisher.PublishAsync(_db, ParquetDatasetWarehouse.Request(), Out);

        foreach (var file in publish.Files.Where(f => f.Table == "fact_order_line"))
        {
            var groups = Db.Scalar<string>(_db,
                $"SELECT string_agg(CAST(num_rows AS VARCHAR), ',' ORDER BY row_group_id) FROM (SELECT DISTINCT row_group_id, row_group_num_rows AS num_rows FROM parquet_metadata('{file.Path}'))");
            var sizes = groups.Split(',').Select(long.Parse).ToList();
            Assert.All(sizes.SkipLast(1), s => Assert.Equal(50, s));
            Assert.Equal(file.Rows, sizes.Sum());
            Assert.True(sizes.Count > 1);
        }
    }

    [Fact]
    public async Task A_publish_cancelled_midway_leaves_latest_on_the_previous_complete_publish_and_a_rerun_completes()
    {
        var first = await PublishAsync(runId: 1);

        using var cancel = new CancellationTokenSource();
        int written = 0;
        var failing = new ParquetDatasetPublisher(new ParquetPublisherOptions())
        {
            FileWritten = _ => { if (++written == 5) cancel.Cancel(); },
        };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => failing.PublishAsync(_db, ParquetDatasetWarehouse.Request(runId: 2), Out, cancel.Token));

        Assert.True(written >= 5);
        var pointer = await DatasetPointer.ReadAsync(Out);
        Assert.Equal(first.RunFolder, pointer!.ResolveRunFolder(Out));
        Assert.Empty(await ManifestVerifier.VerifyAsync(pointer.ResolveRunFolder(Out)));
        Assert.Equal([first.RunFolder], Directory.GetDirectories(Path.Combine(Out, "runs")));

        var rerun = await PublishAsync(runId: 2);
        pointer = await DatasetPointer.ReadAsync(Out);
        Assert.Equal(rerun.RunFolder, pointer!.ResolveRunFolder(Out));
        Assert.Equal(2, pointer.RunId);
        Assert.Empty(await ManifestVerifier.VerifyAsync(rerun.RunFolder));
        Assert.Empty(await ManifestVerifier.VerifyAsync(first.RunFolder));
    }

    [Fact]
    public async Task A_failure_after_some_files_and_a_crashed_publish_leave_latest_on_the_previous_one()
    {
        var first = await PublishAsync(runId: 1);

        // A failure (e.g. the disk filled up) after three files.
        int written = 0;
        var failing = new ParquetDatasetPublisher(new ParquetPublisherOptions())
        {
            FileWritten = _ => { if (++written == 3) throw new IOException("No space left on device (injected)"); },
        };
        var error = await Assert.ThrowsAsync<IOException>(() => failing.PublishAsync(_db, ParquetDatasetWarehouse.Request(runId: 2), Out));
        Assert.Contains("injected", error.Message);

        // A crash (the process killed): its run folder stays behind, with files and no manifest.
        string crashed = Path.Combine(Out, "runs", ParquetDatasetRunFolders.RunFolderName(3, DateTimeOffset.UtcNow));
        CopyFolder(first.RunFolder, crashed);
        File.Delete(Path.Combine(crashed, "_manifest.json"));

        var pointer = await DatasetPointer.ReadAsync(Out);
        Assert.Equal(first.RunFolder, pointer!.ResolveRunFolder(Out));
        Assert.Empty(await ManifestVerifier.VerifyAsync(first.RunFolder));
        Assert.NotEmpty(await ManifestVerifier.VerifyAsync(crashed));

        // The next publish completes and clears the crashed folder away.
        await Task.Delay(5);
        var rerun = await PublishAsync(runId: 3);
        Assert.Equal(rerun.RunFolder, (await DatasetPointer.ReadAsync(Out))!.ResolveRunFolder(Out));
        Assert.Equal([crashed], rerun.DeletedRunFolders);
        Assert.Equal(
            new[] { first.RunFolder, rerun.RunFolder }.Order(StringComparer.Ordinal),
            Directory.GetDirectories(Path.Combine(Out, "runs")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Only_the_last_N_publishes_are_kept_after_the_pointer_switched()
    {
        string foreign = Path.Combine(Out, "runs", "notes");
        Directory.CreateDirectory(foreign);
        var folders = new List<string>();
        for (int run = 1; run <= 5; run++)
        {
            var publish = await PublishAsync(keep: 3, runId: run);
            folders.Add(publish.RunFolder);
            Assert.Equal(publish.RunFolder, (await DatasetPointer.ReadAsync(Out))!.ResolveRunFolder(Out));
            Assert.Equal(run <= 3 ? 0 : 1, publish.DeletedRunFolders.Count);
        }

        Assert.Equal(
            folders.Skip(2).Append(foreign).Order(StringComparer.Ordinal),
            Directory.GetDirectories(Path.Combine(Out, "runs")).Order(StringComparer.Ordinal));
        foreach (string folder in folders.Skip(2))
        {
            Assert.Empty(await ManifestVerifier.VerifyAsync(folder));
        }
        Assert.Equal(7, new ParquetDatasetPublisher(new ParquetPublisherOptions()).Keep);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ParquetDatasetPublisher(new ParquetPublisherOptions(), keep: 0));
    }

    [Fact]
    public void Prune_never_deletes_the_current_folder_nor_a_newer_incomplete_one()
    {
        string runs = Path.Combine(Out, "runs");
        var t0 = new DateTimeOffset(2025, 4, 1, 2, 0, 0, TimeSpan.Zero);
        string Make(long run, int minutes, bool complete)
        {
            string folder = Path.Combine(runs, ParquetDatasetRunFolders.RunFolderName(run, t0.AddMinutes(minutes)));
            Directory.CreateDirectory(folder);
            if (complete)
            {
                File.WriteAllText(Path.Combine(folder, "_manifest.json"), "{}");
            }
            return folder;
        }
        string oldest = Make(1, 0, true), older = Make(2, 1, true), crashed = Make(3, 2, false);
        string current = Make(4, 3, true), newerInProgress = Make(5, 4, false);

        var deleted = ParquetDatasetRunFolders.Prune(Out, current, keep: 2, NullLogger.Instance);

        Assert.Equal(new[] { oldest, crashed }.Order(StringComparer.Ordinal), deleted.Order(StringComparer.Ordinal));
        Assert.True(Directory.Exists(older) && Directory.Exists(current) && Directory.Exists(newerInProgress));
    }

    [Fact]
    public async Task Extra_files_such_as_the_workbook_are_listed_in_the_manifest()
    {
        var request = ParquetDatasetWarehouse.Request(extra: async (folder, ct) =>
        {
            string workbook = Path.Combine(folder, "rfm-2025-03-31.xlsx");
            await File.WriteAllTextAsync(workbook, "not really a workbook", ct);
            return [workbook];
        });

        var publish = await PublishAsync(request: request);

        var file = publish.Manifest.Files.Single(f => f.Path == "rfm-2025-03-31.xlsx");
        Assert.Null(file.Table);
        Assert.Null(file.Rows);
        Assert.Equal(21, file.Bytes);
        Assert.Empty(await ManifestVerifier.VerifyAsync(publish.RunFolder));
    }

    [Fact]
    public async Task An_empty_partitioned_fact_has_no_files_but_its_schema_in_the_manifest()
    {
        Db.Execute(_db, "DELETE FROM fact_order_line");

        var publish = await PublishAsync();

        var fact = Table(publish, "fact_order_line");
        Assert.Equal(0, fact.Rows);
        Assert.Equal(17, fact.Columns.Count);
        Assert.DoesNotContain(publish.Files, f => f.Table == "fact_order_line");
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(publish.RunFolder, "fact_order_line")));
        Assert.Empty(Directory.GetFiles(publish.RunFolder, ".*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_fact_can_be_partitioned_by_the_month_of_a_timestamp_and_nulls_go_to_the_hive_default_partition()
    {
        Db.Execute(_db, """
            CREATE TABLE fact_visit (visit_id INTEGER, visited_at TIMESTAMP, amount DECIMAL(9,2));
            INSERT INTO fact_visit VALUES (1, '2025-01-31 23:59:59.999999', 1.10), (2, '2025-02-01 00:00:00', 2.20),
                                          (3, NULL, 3.30), (4, '2024-12-01 00:00:00.000001', 4.40);
            """);
        var request = ParquetDatasetWarehouse.Request() with
        {
            Dimensions = [], Marts = [], PartitionedFacts = [new PartitionedTable("fact_visit", "visited_at", "visit_month")],
        };

        var publish = await PublishAsync(request: request);

        Assert.Equal(
            ["fact_visit/visit_month=2024-12/part-0.parquet", "fact_visit/visit_month=2025-01/part-0.parquet",
             "fact_visit/visit_month=2025-02/part-0.parquet", "fact_visit/visit_month=__HIVE_DEFAULT_PARTITION__/part-0.parquet"],
            publish.Manifest.Files.Select(f => f.Path));
        string read = ParquetDatasetWarehouse.ReadTable(publish.RunFolder, Table(publish, "fact_visit"));
        Assert.Equal(11.00m, Db.Scalar<decimal>(_db, $"SELECT SUM(amount) FROM {read}"));
        Assert.Equal(1, Db.Scalar<int>(_db, $"SELECT visit_id FROM {read} WHERE visit_month = '2025-01'"));
        Assert.Equal(3, Db.Scalar<int>(_db, $"SELECT visit_id FROM {read} WHERE visit_month IS NULL"));
    }

    [Fact]
    public async Task Invalid_requests_are_refused_before_anything_is_written()
    {
        var publisher = new ParquetDatasetPublisher(new ParquetPublisherOptions());
        var good = ParquetDatasetWarehouse.Request();
        DatasetRequest[] bad =
        [
            good with { Dimensions = ["dim_date", "dim_date"] },
            good with { Marts = ["mart_pyramid; DROP TABLE x"] },
            good with { PartitionedFacts = [new PartitionedTable("fact_order_line", "Order-Date")] },
            good with { RunId = -1 },
            good with { SoftwareVersion = " " },
            good with { Dimensions = [], PartitionedFacts = [], Marts = [] },
        ];
        foreach (var request in bad)
        {
            await Assert.ThrowsAnyAsync<ArgumentException>(() => publisher.PublishAsync(_db, request, Out));
        }
        Assert.Empty(Directory.GetFileSystemEntries(Out));
    }

    [Fact]
    public async Task A_mart_without_its_as_of_column_fails_the_publish_and_leaves_nothing()
    {
        var request = ParquetDatasetWarehouse.Request() with { Marts = ["dim_channel"], Dimensions = ["dim_date"] };

        await Assert.ThrowsAsync<InvalidDataException>(() => PublishAsync(request: request));

        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(Out, "runs")));
        Assert.False(File.Exists(Path.Combine(Out, "latest.json")));
    }

    [Fact]
    public async Task PublishQueryAsync_writes_the_rows_of_a_select_with_dollar_parameters()
    {
        var publisher = new ParquetPublisher();
        string from = ParquetPublisher.ParameterMarker(_db, "from");
        Assert.Equal("$from", from);

        var file = await publisher.PublishQueryAsync(
            _db, "fact_order_line",
            $"SELECT * FROM fact_order_line WHERE order_date >= {from} AND order_date < $to",
            new Dictionary<string, object?> { ["from"] = new DateOnly(2024, 12, 1), ["to"] = new DateOnly(2025, 1, 1) },
            Path.Combine(Out, "sub", "december.parquet"));

        Assert.Equal(Db.Scalar<long>(_db, "SELECT COUNT(*) FROM fact_order_line WHERE month(order_date) = 12"), file.Rows);
        Assert.True(file.Rows > 0);
        Assert.Equal("fact_order_line", file.Table);
        Assert.Equal("DECIMAL(18,8)", Db.Describe(_db, Db.ReadParquet(file.Path)).Single(c => c.Name == "net_amount").Type);
        Assert.False(File.Exists(file.Path + ".tmp"));
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
