using DuckDB.NET.Data;

namespace Warehouse.Reports.Tests;

/// <summary>A publish writes again only the files whose rows changed since the previous publish and
/// carries the others over (hard links) from the run folder latest.json named.</summary>
public sealed class ParquetDatasetCarryOverTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly DuckDBConnection _db = ParquetDatasetWarehouse.Create();

    public void Dispose()
    {
        _db.Dispose();
        _folder.Dispose();
    }

    private Task<DatasetPublish> PublishAsync(long runId, int keep = 7, ParquetPublisherOptions? options = null) =>
        new ParquetDatasetPublisher(options ?? new ParquetPublisherOptions(), keep)
            .PublishAsync(_db, ParquetDatasetWarehouse.Request(runId), _folder.Path);

    private static string[] Written(DatasetPublish publish) =>
        publish.Files.Where(f => !f.CarriedOver).Select(f => f.RelativePath).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task An_unchanged_warehouse_is_published_again_without_writing_any_file()
    {
        var first = await PublishAsync(7);
        var second = await PublishAsync(8, keep: 1);

        Assert.All(first.Files, f => Assert.False(f.CarriedOver));
        Assert.Equal(first.Files.Count, second.Files.Count);
        Assert.Empty(Written(second));
        // The first folder is pruned (keep 1); the carried files are whole and match the new manifest.
        Assert.False(Directory.Exists(first.RunFolder));
        Assert.Empty(await ManifestVerifier.VerifyAsync(second.RunFolder));
        Assert.Equal(first.Manifest.Files.Select(f => (f.Path, f.Sha256, f.Rows)), second.Manifest.Files.Select(f => (f.Path, f.Sha256, f.Rows)));
        Assert.All(second.Manifest.Files, f => Assert.NotNull(f.Content));
        var fact = second.Manifest.Tables.Single(t => t.Name == "fact_order_line");
        Assert.Equal(Db.Scalar<long>(_db, "SELECT COUNT(*) FROM fact_order_line"),
            Db.Scalar<long>(_db, $"SELECT COUNT(*) FROM {ParquetDatasetWarehouse.ReadTable(second.RunFolder, fact)}"));
    }

    [Fact]
    public async Task After_a_publish_with_the_format_2_mart_folders_the_marts_move_to_as_of_date_and_the_rest_is_carried_over()
    {
        // The layout of manifest format 2: marts under as_of=yyyy-MM-dd.
        var old = await new ParquetDatasetPublisher(new ParquetPublisherOptions())
            .PublishAsync(_db, ParquetDatasetWarehouse.Request(7) with { MartPartitionColumn = "as_of" }, _folder.Path);
        Assert.Contains("mart_pyramid/as_of=2025-03-31/part-0.parquet", old.Files.Select(f => f.RelativePath));

        var next = await PublishAsync(8, keep: 1);

        // Only the mart files are written (under their new names); dimensions and facts are carried over.
        Assert.Equal(["mart_pyramid/as_of_date=2025-02-28/part-0.parquet", "mart_pyramid/as_of_date=2025-03-31/part-0.parquet"], Written(next));
        Assert.Equal(old.Files.Count, next.Files.Count);
        Assert.False(Directory.Exists(old.RunFolder));
        Assert.Empty(await ManifestVerifier.VerifyAsync(next.RunFolder));
        // The same rows as before, and one as_of_date column where the old layout gave two.
        var mart = next.Manifest.Tables.Single(t => t.Name == "mart_pyramid");
        Assert.Equal(("as_of_date", 5L), (mart.PartitionColumn, mart.Rows));
        Assert.Equal(Db.Describe(_db, "mart_pyramid"), Db.Describe(_db, ParquetDatasetWarehouse.ReadTable(next.RunFolder, mart)));
    }

    [Fact]
    public async Task A_change_to_one_cent_of_one_line_rewrites_exactly_its_month_and_nothing_else()
    {
        await PublishAsync(7);
        Db.Execute(_db, """
            UPDATE fact_order_line SET net_amount = net_amount + 0.01
            WHERE rowid = (SELECT MIN(rowid) FROM fact_order_line WHERE order_date BETWEEN '2024-12-01' AND '2024-12-31')
            """);
        var second = await PublishAsync(8);

        Assert.Equal(["fact_order_line/order_month=2024-12/part-0.parquet"], Written(second));
        var fact = second.Manifest.Tables.Single(t => t.Name == "fact_order_line");
        string published = ParquetDatasetWarehouse.ReadTable(second.RunFolder, fact);
        Assert.Equal(0L, Db.Scalar<long>(_db,
            $"SELECT COUNT(*) FROM (SELECT * FROM fact_order_line EXCEPT ALL SELECT * EXCLUDE (order_month) FROM {published})"));
        Assert.Empty(await ManifestVerifier.VerifyAsync(second.RunFolder));
    }

    [Fact]
    public async Task A_line_moved_to_another_month_a_new_month_and_a_changed_dimension_are_written()
    {
        await PublishAsync(7);
        Db.Execute(_db, """
            UPDATE fact_order_line SET order_date = DATE '2025-02-14'
            WHERE rowid = (SELECT MIN(rowid) FROM fact_order_line WHERE order_date BETWEEN '2024-11-01' AND '2024-11-30');
            INSERT INTO fact_order_line SELECT * REPLACE (DATE '2025-01-10' AS order_date) FROM fact_order_line LIMIT 1;
            UPDATE dim_customer SET country = 'NO' WHERE customer_id = 'C001';
            """);
        var second = await PublishAsync(8);

        Assert.Equal(
        [
            "dim_customer/dim_customer.parquet",
            "fact_order_line/order_month=2024-11/part-0.parquet",
            "fact_order_line/order_month=2025-01/part-0.parquet",
            "fact_order_line/order_month=2025-02/part-0.parquet",
        ], Written(second));
        Assert.Empty(await ManifestVerifier.VerifyAsync(second.RunFolder));
    }

    [Fact]
    public async Task Other_writer_settings_or_a_damaged_previous_file_mean_writing_again()
    {
        var first = await PublishAsync(7);
        var other = await PublishAsync(8, options: new ParquetPublisherOptions { RowGroupSize = 50 });
        Assert.Equal(first.Files.Count, Written(other).Length);

        string damaged = other.Files.Single(f => f.RelativePath == "dim_product/dim_product.parquet").Path;
        File.Delete(damaged);
        File.WriteAllText(damaged, "not parquet");
        var third = await PublishAsync(9, options: new ParquetPublisherOptions { RowGroupSize = 50 });
        Assert.Equal(["dim_product/dim_product.parquet"], Written(third));
        Assert.Empty(await ManifestVerifier.VerifyAsync(third.RunFolder));
    }
}
