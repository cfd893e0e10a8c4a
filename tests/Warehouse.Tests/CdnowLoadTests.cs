using Warehouse.Etl.Configuration;
using Warehouse.Etl.Sources.Flat;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests;

/// <summary>The real CDNOW purchase log through etl/samples/cdnow.json: whitespace-separated, no
/// order ids (a purchase per row), dates yyyyMMdd, ids with leading zeros. Expected figures from the
/// data set's README and a Python read of the file (sum of dollar_value in Decimal).</summary>
public sealed class CdnowLoadTests : IDisposable
{
    private readonly TempWarehouse _warehouse = new();

    public void Dispose() => _warehouse.Dispose();

    [SharedDataFact("cdnow-master.txt.gz")]
    public void Every_purchase_is_an_order_and_the_dollars_add_up_to_the_cent()
    {
        var settings = SettingsLoader.Load(Path.Combine(SharedData.RepositoryRoot(), "etl", "samples", "cdnow.json"));
        using var source = new FlatFileSource(SharedData.File("cdnow-master.txt.gz"), settings.Source.Flat);
        var result = _warehouse.Run(source);

        var orders = result.Entities.Single(e => e.Entity == "order_lines");
        Assert.Equal((69_659L, 69_659L, 0L), (orders.RowsRead, orders.RowsWritten, orders.RowsQuarantined));
        Assert.Equal(23_570L, _warehouse.Scalar("SELECT COUNT(*) FROM dim_customer"));
        Assert.Equal(2_500_315.63m, (decimal)_warehouse.Scalar("SELECT SUM(net_amount) FROM fact_order_line")!);
        Assert.Equal("00001", _warehouse.Scalar("SELECT MIN(customer_id) FROM dim_customer"));
        Assert.Equal((new DateOnly(1997, 1, 1), new DateOnly(1998, 6, 30)),
            ((DateOnly)_warehouse.Scalar("SELECT MIN(order_date) FROM fact_order")!, (DateOnly)_warehouse.Scalar("SELECT MAX(order_date) FROM fact_order")!));
        // The 80 purchases worth 0 are loaded but do not qualify.
        Assert.Equal(69_659L - 80L, _warehouse.Scalar("SELECT COUNT(*) FROM qualifying_order"));
        Assert.Equal(new DateOnly(1998, 6, 30), result.AsOf);
    }
}
