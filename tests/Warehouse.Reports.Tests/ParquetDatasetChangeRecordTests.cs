using DuckDB.NET.Data;

namespace Warehouse.Reports.Tests;

/// <summary>
/// With the warehouse's record of what its runs changed (<see cref="DatasetRequest.ChangedSince"/>)
/// a publish reads the rows only of the partitions the record names, or that are new or whose row
/// count differs from the previous publish's; the record is used only for the same warehouse and
/// a later run. The record below is a fake the tests control, so they can tell a partition whose
/// rows were hashed from one carried over on the record's word.
/// </summary>
public sealed class ParquetDatasetChangeRecordTests : IDisposable
{
    private const string Warehouse = "0b7e4c1e-2f1a-4d6b-9a51-3c2d8e9f0a11";
    private readonly TempFolder _folder = new();
    private readonly DuckDBConnection _db = ParquetDatasetWarehouse.Create();
    private readonly List<(string Table, long Since)> _asked = [];

    public void Dispose()
    {
        _db.Dispose();
        _folder.Dispose();
    }

    /// <summary>Publishes run <paramref name="runId"/> of warehouse <paramref name="warehouseId"/>;
    /// the record says the days in <paramref name="changed"/> (per table; none for a table not
    /// listed) changed since whatever run it is asked about.</summary>
    private Task<DatasetPublish> PublishAsync(long runId, Dictionary<string, DateOnly[]>? changed = null, string? warehouseId = Warehouse) =>
        new ParquetDatasetPublisher(new ParquetPublisherOptions()).PublishAsync(_db, ParquetDatasetWarehouse.Request(runId) with
        {
            WarehouseId = warehouseId,
            ChangedSince = (table, since, _) =>
            {
                _asked.Add((table, since));
                return Task.FromResult<IReadOnlyCollection<DateOnly>?>(changed?.GetValueOrDefault(table) ?? []);
            },
        }, _folder.Path);

    private static string[] Written(DatasetPublish publish) =>
        publish.Files.Where(f => !f.CarriedOver && f.Table is not null).Select(f => f.RelativePath).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Changes a cent of one line in December 2024 without telling the record.</summary>
    private void ChangeDecemberSilently() => Db.Execute(_db, """
        UPDATE fact_order_line SET net_amount = net_amount + 0.01
        WHERE rowid = (SELECT MIN(rowid) FROM fact_order_line WHERE order_date BETWEEN '2024-12-01' AND '2024-12-31')
        """);

    [Fact]
    public async Task Only_the_months_the_record_names_are_read_the_others_are_carried_over_on_its_word()
    {
        var first = await PublishAsync(7);
        Assert.Equal(Warehouse, first.Manifest.WarehouseId);
        Assert.Empty(_asked);   // nothing to compare with: every partition hashed

        ChangeDecemberSilently();
        Db.Execute(_db, """
            UPDATE fact_order_line SET quantity = quantity + 1
            WHERE rowid = (SELECT MIN(rowid) FROM fact_order_line WHERE order_date = DATE '2025-02-14')
            """);
        var second = await PublishAsync(8, new() { ["fact_order_line"] = [new DateOnly(2025, 2, 14)] });

        // February (named) is read and written; December's change is not seen, because the record
        // (which the warehouse keeps in the transaction of every change) does not name it.
        Assert.Equal(["fact_order_line/order_month=2025-02/part-0.parquet"], Written(second));
        Assert.Contains(("fact_order_line", 7L), _asked);
        Assert.Contains(("mart_pyramid", 7L), _asked);
        Assert.Empty(await ManifestVerifier.VerifyAsync(second.RunFolder));
        var february = second.Files.Single(f => f.Partition == "2025-02");
        Assert.Equal(0L, Db.Scalar<long>(_db, $"""
            SELECT COUNT(*) FROM (SELECT * FROM fact_order_line WHERE order_date BETWEEN '2025-02-01' AND '2025-02-28'
                                  EXCEPT ALL SELECT * FROM read_parquet('{february.Path}', hive_partitioning = false))
            """));

        // Another warehouse publishing into the folder is not trusted: every partition is hashed and
        // December, which differs from the file carried over above, is written.
        var other = await PublishAsync(9, warehouseId: "another-warehouse");
        Assert.Equal(["fact_order_line/order_month=2024-12/part-0.parquet"], Written(other));
    }

    [Fact]
    public async Task Two_months_far_apart_are_read_alone_not_the_months_between_them()
    {
        await PublishAsync(7);
        // A late change in the oldest month and one in the newest, both recorded; December, between
        // them, changed silently: it is not read, so it is carried over.
        Db.Execute(_db, """
            UPDATE fact_order_line SET discount_rate = 0.5
            WHERE rowid IN (SELECT MIN(rowid) FROM fact_order_line WHERE order_date BETWEEN '2024-11-01' AND '2024-11-30'
                            UNION ALL SELECT MIN(rowid) FROM fact_order_line WHERE order_date BETWEEN '2025-03-01' AND '2025-03-31')
            """);
        ChangeDecemberSilently();

        var second = await PublishAsync(8, new() { ["fact_order_line"] = [new DateOnly(2024, 11, 3), new DateOnly(2025, 3, 30)] });

        Assert.Equal(["fact_order_line/order_month=2024-11/part-0.parquet", "fact_order_line/order_month=2025-03/part-0.parquet"], Written(second));
    }

    [Fact]
    public async Task A_month_whose_row_count_differs_is_hashed_even_when_the_record_does_not_name_it()
    {
        await PublishAsync(7);
        Db.Execute(_db, "INSERT INTO fact_order_line SELECT * FROM fact_order_line WHERE order_date BETWEEN '2024-11-01' AND '2024-11-30' LIMIT 1");

        var second = await PublishAsync(8);

        Assert.Equal(["fact_order_line/order_month=2024-11/part-0.parquet"], Written(second));
        Assert.Equal(Db.Scalar<long>(_db, "SELECT COUNT(*) FROM fact_order_line WHERE order_date BETWEEN '2024-11-01' AND '2024-11-30'"),
            second.Files.Single(f => f.Partition == "2024-11").Rows);
    }

    [Fact]
    public async Task An_earlier_run_than_the_one_published_is_not_compared_with_the_record()
    {
        await PublishAsync(8);
        ChangeDecemberSilently();

        // Run 7 after run 8 (a restored warehouse, say): what changed "since 8" means nothing for it.
        var earlier = await PublishAsync(7);

        Assert.Equal(["fact_order_line/order_month=2024-12/part-0.parquet"], Written(earlier));
        Assert.Empty(_asked);
    }

    [Fact]
    public async Task A_new_mart_snapshot_is_one_new_partition_and_the_others_are_carried_over()
    {
        var first = await PublishAsync(7);
        Db.Execute(_db, """
            INSERT INTO mart_pyramid VALUES
                ('2025-04-30', 'Top', 1, 1, 2500.00, 0.610000),
                ('2025-04-30', 'Rest', 4, 3, 1598.36, 0.390000);
            """);

        var second = await PublishAsync(8, new() { ["mart_pyramid"] = [new DateOnly(2025, 4, 30)] });

        Assert.Equal(["mart_pyramid/as_of_date=2025-04-30/part-0.parquet"], Written(second));
        Assert.Equal(["2025-02-28", "2025-03-31", "2025-04-30"], second.Files.Where(f => f.Table == "mart_pyramid").Select(f => f.Partition));
        Assert.Equal(
            first.Files.Where(f => f.Table == "mart_pyramid").Select(f => (f.RelativePath, f.Sha256)),
            second.Files.Where(f => f.Table == "mart_pyramid" && f.CarriedOver).Select(f => (f.RelativePath, f.Sha256)));
        var mart = second.Manifest.Tables.Single(t => t.Name == "mart_pyramid");
        Assert.Equal(5L + 2L, mart.Rows);
        Assert.Equal(4098.36m, Db.Scalar<decimal>(_db,
            $"SELECT SUM(revenue) FROM {ParquetDatasetWarehouse.ReadTable(second.RunFolder, mart)} WHERE as_of_date = DATE '2025-04-30'"));
    }
}
