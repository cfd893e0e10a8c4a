using Warehouse.Etl.Sources.Csv;
using Warehouse.Etl.Sources.Relational;
using Warehouse.SampleSource;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests;

/// <summary>A folder of entity CSV files (the generator's CSV mode, and nightly drops beside it)
/// as the source: the same data as the generator's SQLite database gives the same warehouse, and
/// an incremental run reads only the new drops.</summary>
public sealed class CsvFolderSourceTests : IDisposable
{
    private readonly TempWarehouse _fromCsv = new();
    private readonly TempWarehouse _fromSqlite = new();

    public void Dispose()
    {
        _fromCsv.Dispose();
        _fromSqlite.Dispose();
    }

    [Fact]
    public void The_generators_CSV_files_give_the_warehouse_its_SQLite_database_gives_and_drops_load_incrementally()
    {
        var options = new SampleOptions { Customers = 400, Seed = 9 };
        var folder = Directory.CreateDirectory(_fromCsv.PathOf("csv")).FullName;
        SampleGenerator.WriteCsv(folder, options);
        SampleGenerator.WriteSqlite(_fromSqlite.PathOf("source.db"), options);

        using (var csv = new CsvFolderSource(folder)) Assert.Equal("full", _fromCsv.Run(csv).LoadMode);
        using (var sqlite = new SqliteSource($"Data Source={_fromSqlite.PathOf("source.db")}")) _fromSqlite.Run(sqlite);
        TempWarehouse.AssertSameSnapshot(
            _fromSqlite.Snapshot().Where(t => t.Key != "schema_version").ToDictionary(),
            _fromCsv.Snapshot().Where(t => t.Key != "schema_version").ToDictionary());

        // A nightly drop: two new orders (one for a customer who arrives in the same drop).
        File.WriteAllText(Path.Combine(folder, "customers-0002.csv"),
            "customer_id,name,email,country,city,signup_date,acquisition_channel,acquisition_cost,referred_by,updated_at\n"
            + "90001,New One,new@example.com,Norway,Oslo,2025-12-30,search,10.00,,2025-12-30 09:00:00\n");
        File.WriteAllText(Path.Combine(folder, "orders-0002.csv"),
            "order_id,customer_id,order_ts,sales_channel,campaign_id,status,updated_at\n"
            + "800001,90001,2025-12-30 10:00:00,web,,completed,2025-12-30 10:00:00\n"
            + "800002,1,2025-12-30 11:00:00,web,,completed,2025-12-30 11:00:00\n");
        File.WriteAllText(Path.Combine(folder, "order_lines-0002.csv"),
            "order_id,line_number,product_id,quantity,unit_price,discount_rate,updated_at\n"
            + "800001,1,1,2,12.50,0,2025-12-30 10:00:00\n800002,1,2,1,7.25,0.1,2025-12-30 11:00:00\n");
        var before = (long)_fromCsv.Scalar("SELECT COUNT(*) FROM fact_order_line")!;
        Warehouse.Etl.Pipeline.RunResult drop;
        using (var csv = new CsvFolderSource(folder)) drop = _fromCsv.Run(csv);
        Assert.Equal("incremental", drop.LoadMode);
        Assert.Equal(new long[] { 1, 0, 0, 2, 2 }, drop.Entities.Select(e => e.RowsRead));   // customers, products, campaigns, orders, lines
        Assert.Equal(before + 2, (long)_fromCsv.Scalar("SELECT COUNT(*) FROM fact_order_line")!);
        Assert.Equal(25m + 6.525m, (decimal)_fromCsv.Scalar("SELECT SUM(net_amount) FROM fact_order_line WHERE order_id IN ('800001', '800002')")!);
        Assert.Equal(false, _fromCsv.Scalar("SELECT is_inferred FROM dim_customer WHERE customer_id = '90001'"));
    }
}
