using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources.Csv;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests;

/// <summary>The staging checks on rows that fail several checks at once (the first reason wins),
/// duplicates whose kept row then fails, orders left without lines, and an incremental drop whose
/// lines change stored orders and whose new customer and product versions re-point older facts;
/// on DuckDB and, row for row, on PostgreSQL.</summary>
public sealed class StagingCheckTests : IDisposable
{
    private readonly TempWarehouse _warehouse = new(mirrorToPostgres: true);

    public void Dispose() => _warehouse.Dispose();

    [Fact]
    public void Each_row_is_quarantined_once_with_its_first_failing_reason_and_a_drop_rebuilds_the_facts_it_touches()
    {
        var folder = Directory.CreateDirectory(_warehouse.PathOf("csv")).FullName;
        Write(folder, "customers", CustomerHeader,
            "C1,Ann,ann@example.com,UK,London,2023-01-01,organic,0,,2023-01-01 00:00:00",
            "C2,Bob,bob@example.com,FR,Paris,2023-02-01,search,5.00,C1,2023-02-01 00:00:00",
            "C2,Bobby,bob@example.com,FR,Lyon,2023-02-01,search,5.00,C1,2023-02-02 00:00:00");       // row 3: duplicate
        Write(folder, "products", ProductHeader,
            "P1,Mug,Kitchen,1.00,5.00,2023-01-01 00:00:00",
            "P2,Pen,Office,0.50,2.00,2023-01-01 00:00:00");
        Write(folder, "campaigns", "campaign_id,name,channel,start_date,end_date,cost,updated_at",
            "K1,Spring,email,2024-03-01,2024-03-31,100.00,2024-02-01 00:00:00");
        Write(folder, "orders", OrderHeader,
            "O1,C1,2024-03-01 10:00:00,web,K1,completed,2024-03-01 10:00:00",
            "O2,C2,2024-03-02 10:00:00,store,,completed,2024-03-02 10:00:00",
            "O2,C1,2024-03-02 11:00:00,web,,completed,2024-03-02 11:00:00",          // row 3: duplicate
            "O3,,2024-03-03 10:00:00,web,,completed,2024-03-03 10:00:00",            // missing_customer
            "O4,C1,2099-01-01 00:00:00,web,,completed,2024-03-04 10:00:00",          // date_in_future
            "O5,C1,2024-03-05 10:00:00,web,,completed,2024-03-05 10:00:00",          // no lines
            "O6,C1,2024-03-06 10:00:00,web,,completed,2024-03-06 10:00:00",          // its only line is quarantined
            "O7,C9,2024-03-07 10:00:00,web,,completed,2024-03-07 10:00:00",          // an inferred customer
            "O8,,2024-03-08 10:00:00,web,,completed,2024-03-08 10:00:00",            // the kept row has no customer
            "O8,C1,2024-03-08 10:00:00,web,,completed,2024-03-08 10:00:00",          // row 10: duplicate
            "O12,C1,2024-05-01 10:00:00,web,,completed,2024-05-01 10:00:00");
        Write(folder, "order_lines", LineHeader,
            "O1,1,P1,2,10.00,0,2024-03-01 10:00:00",
            "O1,2,P2,-1,5.00,0,2024-03-01 10:00:00",                                 // a return: loads
            "O1,1,P2,9,9.00,0,2024-03-01 10:00:00",                                  // row 3: duplicate
            "O2,1,P1,1,0.00,0,2024-03-02 10:00:00",                                  // price 0: loads
            "O3,1,P1,1,1.00,0,2024-03-03 10:00:00",                                  // order_quarantined
            "O4,1,P1,1,1.00,0,2024-03-04 10:00:00",                                  // order_quarantined
            "O8,1,P1,1,1.00,0,2024-03-08 10:00:00",                                  // order_quarantined
            "O9,1,P1,0,1.00,0,2024-03-09 10:00:00",                                  // unknown_order (and quantity 0)
            "O2,2,P404,1,-1.00,0,2024-03-02 10:00:00",                               // unknown_product (and price < 0)
            "O2,3,,1,1.00,0,2024-03-02 10:00:00",                                    // unknown_product: none
            "O2,4,P1,1,-1.00,0,2024-03-02 10:00:00",                                 // price_not_allowed
            "O6,1,P1,0,1.00,0,2024-03-06 10:00:00",                                  // quantity_not_allowed
            "O7,1,P1,1,3.00,0.1000,2024-03-07 10:00:00",
            "O12,1,P1,4,2.00,0,2024-05-01 10:00:00");

        var first = Run(folder);

        Assert.Equal("full", first.LoadMode);
        Assert.Equal(new[] { "customers 3=2+1", "products 2=2+0", "campaigns 1=1+0", "orders 11=4+7", "order_lines 14=5+9" }, Counts(first));
        Assert.Equal(new[]
        {
            "customers|row 3|duplicate_key",
            "order_lines|order_id=O2; line_number=2|unknown_product",
            "order_lines|order_id=O2; line_number=3|unknown_product",
            "order_lines|order_id=O2; line_number=4|price_not_allowed",
            "order_lines|order_id=O3; line_number=1|order_quarantined",
            "order_lines|order_id=O4; line_number=1|order_quarantined",
            "order_lines|order_id=O6; line_number=1|quantity_not_allowed",
            "order_lines|order_id=O8; line_number=1|order_quarantined",
            "order_lines|order_id=O9; line_number=1|unknown_order",
            "order_lines|row 3|duplicate_key",
            "orders|order_id=O3|missing_customer",
            "orders|order_id=O4|date_in_future",
            "orders|order_id=O5|order_without_lines",
            "orders|order_id=O6|order_without_lines",
            "orders|order_id=O8|missing_customer",
            "orders|row 10|duplicate_key",
            "orders|row 3|duplicate_key",
        }, Quarantined(first.RunId));
        Assert.Equal("Bob", _warehouse.Scalar("SELECT name FROM dim_customer WHERE customer_id = 'C2'"));   // the first row wins
        Assert.Equal(25.7m, (decimal)_warehouse.Scalar("SELECT SUM(net_amount) FROM fact_order_line")!);

        // A drop: C1 moves (a new version from 2024-03-01 12:00), P1's cost changes (from 2024-04-15),
        // O2 is returned and its line changed, O1 (stored, not in the drop) gets a line, O10 is new.
        Write(folder, "customers-d1", CustomerHeader, "C1,Ann,ann@example.com,UK,Leeds,2023-01-01,organic,0,,2024-03-01 12:00:00");
        Write(folder, "products-d1", ProductHeader, "P1,Mug,Kitchen,1.50,5.00,2024-04-15 00:00:00");
        Write(folder, "orders-d1", OrderHeader,
            "O2,C2,2024-03-02 10:00:00,store,,returned,2024-06-01 00:00:00",
            "O10,C1,2024-04-01 10:00:00,web,,completed,2024-06-01 00:00:00",
            "O13,,2024-04-02 10:00:00,web,,completed,2024-06-01 00:00:00");          // missing_customer
        Write(folder, "order_lines-d1", LineHeader,
            "O1,3,P2,1,2.00,0,2024-06-01 00:00:00",                                  // a stored order's new line
            "O2,1,P1,3,0.00,0,2024-06-01 00:00:00",                                  // changed quantity
            "O10,1,P1,1,4.00,0,2024-06-01 00:00:00",
            "O10,1,P2,1,4.00,0,2024-06-01 00:00:00",                                 // row 4: duplicate
            "O11,1,P1,1,1.00,0,2024-06-01 00:00:00",                                 // unknown_order
            "O5,1,P1,1,1.00,0,2024-06-01 00:00:00",                                  // unknown_order (O5 was quarantined before)
            "O13,1,P1,1,1.00,0,2024-06-01 00:00:00");                                // order_quarantined

        var drop = Run(folder);

        Assert.Equal("incremental", drop.LoadMode);
        Assert.Equal(new[] { "customers 1=1+0", "products 1=1+0", "campaigns 0=0+0", "orders 3=2+1", "order_lines 7=3+4" }, Counts(drop));
        Assert.Equal(new[]
        {
            "order_lines|order_id=O11; line_number=1|unknown_order",
            "order_lines|order_id=O13; line_number=1|order_quarantined",
            "order_lines|order_id=O5; line_number=1|unknown_order",
            "order_lines|row 4|duplicate_key",
            "orders|order_id=O13|missing_customer",
        }, Quarantined(drop.RunId));
        // Each line: quantity, net, cost, status, and whether it points at C1's and P1's current version.
        var lines = _warehouse.Rows("""
            SELECT f.order_id, f.line_number, f.quantity, f.net_amount, f.cost_amount, f.order_status, c.is_current, p.is_current
            FROM fact_order_line f
            JOIN dim_customer c ON c.customer_version_key = f.customer_version_key
            JOIN dim_product p ON p.product_version_key = f.product_version_key
            ORDER BY f.order_id, f.line_number
            """).Select(r => string.Join(' ', r.Select(v => v is decimal d ? d.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)))).ToList();
        Assert.Equal(new[]
        {
            "O1 1 2 20.00 2.00 completed False False",     // placed before both new versions
            "O1 2 -1 -5.00 -0.50 completed False True",    // P2 has one version
            "O1 3 1 2.00 0.50 completed False True",
            "O10 1 1 4.00 1.00 completed True False",      // after C1's move, before P1's new cost
            "O12 1 4 8.00 6.00 completed True True",       // not in the drop: re-pointed at both new versions
            "O2 1 3 0.00 3.00 returned True False",        // C2 has one version
            "O7 1 1 2.70 1.00 completed True False",       // the inferred C9
        }, lines);
        Assert.Equal(new object?[] { 7L, 31.7m }, _warehouse.Rows("SELECT CAST(SUM(line_count) AS BIGINT), SUM(net_amount) FROM fact_order").Single()
            .Select(v => v is decimal d ? (object)d : Convert.ToInt64(v)).ToArray());
    }

    private const string CustomerHeader = "customer_id,name,email,country,city,signup_date,acquisition_channel,acquisition_cost,referred_by,updated_at";
    private const string ProductHeader = "product_id,name,category,unit_cost,list_price,updated_at";
    private const string OrderHeader = "order_id,customer_id,order_ts,sales_channel,campaign_id,status,updated_at";
    private const string LineHeader = "order_id,line_number,product_id,quantity,unit_price,discount_rate,updated_at";

    private RunResult Run(string folder)
    {
        using var source = new CsvFolderSource(folder);
        return _warehouse.Run(source, new DateOnly(2024, 12, 31));
    }

    private static void Write(string folder, string name, string header, params string[] rows) =>
        File.WriteAllText(Path.Combine(folder, name + ".csv"), header + "\n" + string.Join("\n", rows) + "\n");

    private static string[] Counts(RunResult result) =>
        result.Entities.Select(e => $"{e.Entity} {e.RowsRead}={e.RowsWritten}+{e.RowsQuarantined}").ToArray();

    private string[] Quarantined(long runId) =>
        _warehouse.Rows($"SELECT source_entity, source_location, reason_code FROM etl_quarantine WHERE run_id = {runId}")
            .Select(r => string.Join('|', r)).Order(StringComparer.Ordinal).ToArray();
}
