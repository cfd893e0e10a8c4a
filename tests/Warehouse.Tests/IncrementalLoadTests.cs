using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Warehouse.Etl.Configuration;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources.Flat;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests;

/// <summary>
/// Incremental loads: extraction above saved watermarks (with look-back), upserts on natural keys,
/// history in dim_customer and dim_product (type 2) with facts on the version valid at the order's
/// time, inferred members, marts rebuilt only for the as-of dates new data touches, skipped files,
/// and --full-refresh. Expected figures come from the source database itself (counted or summed
/// there, in decimal) or from a separate full load of the same source.
/// </summary>
public sealed class IncrementalLoadTests : IDisposable
{
    private static readonly DateTime Cutoff = new(2025, 10, 1);
    private readonly TempWarehouse _warehouse = new();

    public void Dispose() => _warehouse.Dispose();

    private RunResult Run(ChangingSource s, DateOnly? asOf = null, bool fullRefresh = false, string? failAfter = null,
        IncrementalSettings? incremental = null, TempWarehouse? into = null)
    {
        using var source = s.Open();
        return new WarehouseJob((into ?? _warehouse).Connection, NullLogger.Instance).Run(source, new JobOptions
        {
            AsOf = asOf, FullRefresh = fullRefresh, FailAfterStep = failAfter, Incremental = incremental ?? new IncrementalSettings(),
        });
    }

    private static DateTime Stamp(object? text) => DateTime.Parse((string)text!, CultureInfo.InvariantCulture);

    [Fact]
    public void An_incremental_run_counts_a_changed_campaign_and_a_changed_customer_as_changed_and_a_new_customer_as_new()
    {
        var source = new ChangingSource(_warehouse.PathOf("source.db"), customers: 100);
        Assert.Equal("full", Run(source).LoadMode);
        // Two hours after everything in the source (beyond the 60-minute look-back): one campaign's
        // cost and one customer's city change, and one customer is added.
        var later = (string)source.Scalar("""
            SELECT strftime('%Y-%m-%d %H:%M:%S', MAX(t), '+2 hours') FROM (
                SELECT MAX(updated_at) AS t FROM customers UNION ALL SELECT MAX(updated_at) FROM campaigns
                UNION ALL SELECT MAX(updated_at) FROM orders UNION ALL SELECT MAX(updated_at) FROM order_lines
                UNION ALL SELECT MAX(updated_at) FROM products)
            """)!;
        // What the look-back reads again: rows updated within 60 minutes of each entity's watermark.
        string Since(string table) => (string)source.Scalar($"SELECT datetime(MAX(updated_at), '-60 minutes') FROM {table}")!;
        var (campaignsSince, customersSince) = (Since("campaigns"), Since("customers"));
        source.Execute($"UPDATE campaigns SET cost = cost + 100, updated_at = '{later}' WHERE campaign_id = (SELECT MIN(campaign_id) FROM campaigns)");
        source.Execute($"UPDATE customers SET city = 'Reykjavik', updated_at = '{later}' WHERE customer_id = (SELECT MIN(customer_id) FROM customers)");
        source.Execute($"""
            INSERT INTO customers (customer_id, name, email, country, city, signup_date, acquisition_channel, acquisition_cost, referred_by, updated_at)
            SELECT MAX(customer_id) + 1, 'New Customer', 'new@example.com', 'Iceland', 'Reykjavik', '2025-12-01', 'organic', 0, NULL, '{later}' FROM customers
            """);

        // Read: every row above (watermark - 60 minutes), the changed and new ones among them.
        var campaignsRead = source.Count($"SELECT COUNT(*) FROM campaigns WHERE updated_at > '{campaignsSince}'");
        var customersRead = source.Count($"SELECT COUNT(*) FROM customers WHERE updated_at > '{customersSince}'");
        var result = Run(source);
        Assert.Equal("incremental", result.LoadMode);
        var campaigns = result.Entities.Single(e => e.Entity == "campaigns");
        var customers = result.Entities.Single(e => e.Entity == "customers");
        Assert.Equal((campaignsRead, 0L, 1L), (campaigns.RowsRead, campaigns.RowsNew ?? -1, campaigns.RowsChanged ?? -1));
        Assert.Equal((customersRead, 1L, 1L), (customers.RowsRead, customers.RowsNew ?? -1, customers.RowsChanged ?? -1));
        Assert.True(campaignsRead >= 1 && customersRead >= 2);
    }

    [Fact]
    public void An_incremental_run_reads_only_the_changes_and_then_holds_every_source_row_with_history()
    {
        var now = new ChangingSource(_warehouse.PathOf("now.db"), customers: 400);
        var then = now.CopyTo(_warehouse.PathOf("then.db"));
        then.RewindTo(Cutoff);
        Assert.Equal("full", Run(then).LoadMode);
        Assert.Equal(then.Count("SELECT COUNT(*) FROM order_lines"), (long)_warehouse.Scalar("SELECT COUNT(*) FROM fact_order_line")!);

        // Changes after the first load: the last quarter's orders, late returns (rewound away above),
        // a customer who moved to Iceland on 15 Nov and a product whose unit cost rose on 1 Nov.
        var customer = now.Count("""
            SELECT customer_id FROM orders GROUP BY customer_id
            HAVING MIN(order_ts) < '2025-11-01' AND MAX(order_ts) > '2025-11-16' ORDER BY COUNT(*) DESC, customer_id LIMIT 1
            """);
        var oldCountry = (string)now.Scalar($"SELECT country FROM customers WHERE customer_id = {customer}")!;
        now.Execute($"UPDATE customers SET country = 'Iceland', updated_at = '2025-11-15 12:00:00' WHERE customer_id = {customer}");
        var product = now.Count("""
            SELECT l.product_id FROM order_lines l JOIN orders o ON o.order_id = l.order_id GROUP BY l.product_id
            HAVING MIN(o.order_ts) < '2025-11-01' AND MAX(o.order_ts) > '2025-11-01' ORDER BY COUNT(*) DESC, l.product_id LIMIT 1
            """);
        var oldCost = decimal.Parse((string)now.Scalar($"SELECT CAST(unit_cost AS TEXT) FROM products WHERE product_id = {product}")!, CultureInfo.InvariantCulture);
        now.Execute($"UPDATE products SET unit_cost = unit_cost + 1, updated_at = '2025-11-01 00:00:00' WHERE product_id = {product}");

        var watermark = Stamp(then.Scalar("SELECT MAX(updated_at) FROM orders"));
        var result = Run(now);

        Assert.Equal("incremental", result.LoadMode);
        var orders = result.Entities.Single(e => e.Entity == "orders");
        Assert.Equal(now.Count($"SELECT COUNT(*) FROM orders WHERE updated_at > '{ChangingSource.Text(watermark.AddHours(-1))}'"), orders.RowsRead);
        Assert.True(orders.RowsRead < now.Count("SELECT COUNT(*) FROM orders") / 2, $"{orders.RowsRead} orders read: not incremental");
        Assert.Equal(orders.RowsRead, orders.RowsWritten);

        // Every source row is in the warehouse once, with the source's amounts to the cent.
        Assert.Equal(now.Count("SELECT COUNT(*) FROM order_lines"), (long)_warehouse.Scalar("SELECT COUNT(*) FROM fact_order_line")!);
        Assert.Equal(now.Count("SELECT COUNT(*) FROM orders"), (long)_warehouse.Scalar("SELECT COUNT(*) FROM fact_order")!);
        Assert.Equal(now.NetOfLines(), (decimal)_warehouse.Scalar("SELECT SUM(net_amount) FROM fact_order_line")!);
        Assert.Equal(now.Count("SELECT COUNT(*) FROM orders WHERE status = 'returned'"),
            (long)_warehouse.Scalar("SELECT COUNT(*) FROM fact_order WHERE order_status = 'returned'")!);
        Assert.Equal(now.Scalar("SELECT MAX(updated_at) FROM orders"), _warehouse.Scalar("SELECT watermark_value FROM etl_watermark WHERE source_entity = 'orders'"));

        // The customer's history: the old version closed when the new one opened.
        var versions = _warehouse.Rows($"""
            SELECT country, is_current, CAST(valid_from AS VARCHAR), CAST(valid_to AS VARCHAR), customer_key
            FROM dim_customer WHERE customer_id = '{customer}' ORDER BY valid_from
            """);
        Assert.Equal(2, versions.Count);
        Assert.Equal(new object?[] { oldCountry, false, "1900-01-01 00:00:00", "2025-11-15 12:00:00" }, versions[0][..4]);
        Assert.Equal(new object?[] { "Iceland", true, "2025-11-15 12:00:00", "9999-12-31 00:00:00" }, versions[1][..4]);
        Assert.Equal(versions[0][4], versions[1][4]);   // one durable key
        // Facts point at the version valid at the order's time: Iceland gets exactly the orders after the move.
        Assert.Equal(now.NetOfLines($"o.customer_id = {customer} AND o.order_ts >= '2025-11-15 12:00:00'"), (decimal)_warehouse.Scalar("""
            SELECT SUM(f.net_amount) FROM fact_order_line f
            JOIN dim_customer c ON c.customer_version_key = f.customer_version_key WHERE c.country = 'Iceland'
            """)!);
        Assert.Equal(now.NetOfLines($"o.customer_id = {customer}"),
            (decimal)_warehouse.Scalar($"SELECT SUM(f.net_amount) FROM fact_order_line f JOIN dim_customer c ON c.customer_version_key = f.customer_version_key WHERE c.customer_id = '{customer}'")!);

        // The product's cost: the old cost before 1 Nov, the new one after.
        var before = now.Count($"SELECT COALESCE(SUM(l.quantity), 0) FROM order_lines l JOIN orders o ON o.order_id = l.order_id WHERE l.product_id = {product} AND o.order_ts < '2025-11-01'");
        var after = now.Count($"SELECT COALESCE(SUM(l.quantity), 0) FROM order_lines l JOIN orders o ON o.order_id = l.order_id WHERE l.product_id = {product} AND o.order_ts >= '2025-11-01'");
        Assert.True(before > 0 && after > 0);
        Assert.Equal(before * oldCost + after * (oldCost + 1),
            (decimal)_warehouse.Scalar($"SELECT SUM(f.cost_amount) FROM fact_order_line f JOIN dim_product p ON p.product_version_key = f.product_version_key WHERE p.product_id = '{product}'")!);
        Assert.Equal(2L, _warehouse.Scalar($"SELECT COUNT(*) FROM dim_product WHERE product_id = '{product}'"));

        // The revenue-based marts equal those of one full load of the same source (keys left out:
        // the incremental warehouse numbered the customers that arrived later after the others).
        using var full = new TempWarehouse();
        Run(now, into: full);
        var latest = $"WHERE as_of_date = DATE '{result.AsOf:yyyy-MM-dd}'";   // the first run's snapshot (as of 30 Sep) is the incremental warehouse's alone
        foreach (var mart in new[] { "mart_retention_monthly", "mart_cohort_retention", "mart_cohort_retention_average", "mart_crr", "mart_pyramid", "mart_pareto", "mart_rfm_thresholds", "mart_rfm_segment_summary" })
            Assert.True(Digest(_warehouse, $"SELECT * FROM {mart} {latest}") == Digest(full, $"SELECT * FROM {mart} {latest}"), $"{mart} differs from a full load");
        Assert.Equal(Digest(full, $"SELECT * EXCLUDE (customer_key) FROM mart_customer_rfm {latest}"), Digest(_warehouse, $"SELECT * EXCLUDE (customer_key) FROM mart_customer_rfm {latest}"));
    }

    [Fact]
    public void Watermarks_move_only_when_a_run_commits_and_the_look_back_catches_late_rows()
    {
        var source = new ChangingSource(_warehouse.PathOf("source.db"), customers: 150);
        Run(source);
        var saved = _warehouse.Rows("SELECT source_entity, watermark_value, run_id FROM etl_watermark ORDER BY source_entity");
        Assert.Equal(new[] { "campaigns", "customers", "order_lines", "orders", "products" }, saved.Select(r => (string)r[0]!));
        var watermark = Stamp(source.Scalar("SELECT MAX(updated_at) FROM orders"));
        Assert.Equal(ChangingSource.Text(watermark), saved.Single(r => (string)r[0]! == "orders")[1]);

        // Three new orders: one committed at the source 30 minutes before the watermark (within the
        // 60-minute look-back), one 2 hours before (outside it), one a day after.
        var customer = source.Count("SELECT MIN(customer_id) FROM customers");
        var product = source.Count("SELECT MIN(product_id) FROM products");
        void AddOrder(int id, DateTime updated) => source.Execute($"""
            INSERT INTO orders VALUES ({id}, {customer}, '2025-12-30 10:00:00', 'web', NULL, 'completed', '{ChangingSource.Text(updated)}');
            INSERT INTO order_lines VALUES ({id}, 1, {product}, 2, 10.25, 0, '{ChangingSource.Text(updated)}');
            """);
        AddOrder(900001, watermark.AddMinutes(-30));
        AddOrder(900002, watermark.AddHours(-2));
        AddOrder(900003, watermark.AddDays(1));

        // A run that fails before its commit moves no watermark and loads nothing.
        Assert.Throws<JobFailedException>(() => Run(source, failAfter: "fact_order"));
        Assert.Equal(saved.Select(r => string.Join('|', r)), _warehouse.Rows("SELECT source_entity, watermark_value, run_id FROM etl_watermark ORDER BY source_entity").Select(r => string.Join('|', r)));
        Assert.Equal(0L, _warehouse.Scalar("SELECT COUNT(*) FROM fact_order WHERE order_id IN ('900001', '900003')"));

        var loaded = Run(source);
        Assert.Equal("incremental", loaded.LoadMode);
        var ids = _warehouse.Rows("SELECT order_id FROM fact_order WHERE order_id LIKE '9000%' ORDER BY order_id").Select(r => (string)r[0]!).ToList();
        Assert.Equal(new[] { "900001", "900003" }, ids);   // 900002 is older than the look-back: not seen
        Assert.Equal(ChangingSource.Text(watermark.AddDays(1)), _warehouse.Scalar("SELECT watermark_value FROM etl_watermark WHERE source_entity = 'orders'"));

        // Loading the same rows again changes nothing.
        var before = _warehouse.Snapshot();
        var again = Run(source);
        Assert.True(again.Entities.Single(e => e.Entity == "orders").RowsRead >= 1);   // 900003, within the look-back
        TempWarehouse.AssertSameSnapshot(before, _warehouse.Snapshot());

        // What the look-back missed, a full refresh loads (the remedy docs/operations.md gives).
        Run(source, fullRefresh: true);
        Assert.Equal(1L, _warehouse.Scalar("SELECT COUNT(*) FROM fact_order WHERE order_id = '900002'"));
        Assert.Equal(source.NetOfLines(), (decimal)_warehouse.Scalar("SELECT SUM(net_amount) FROM fact_order_line")!);
    }

    [Fact]
    public void A_rising_id_can_be_the_watermark()
    {
        var source = new ChangingSource(_warehouse.PathOf("source.db"), customers: 100);
        var byId = new IncrementalSettings { LookBackIds = 5 };
        byId.Watermarks["orders"] = "order_id";
        byId.Watermarks["order_lines"] = "order_id";
        Run(source, incremental: byId);
        var lastId = source.Count("SELECT MAX(order_id) FROM orders");
        Assert.Equal(lastId.ToString(CultureInfo.InvariantCulture), _warehouse.Scalar("SELECT watermark_value FROM etl_watermark WHERE source_entity = 'orders'"));
        Assert.Equal("order_id", _warehouse.Scalar("SELECT watermark_column FROM etl_watermark WHERE source_entity = 'orders'"));

        // A new order whose updated_at is old: only its id says it is new.
        var customer = source.Count("SELECT MIN(customer_id) FROM customers");
        var product = source.Count("SELECT MIN(product_id) FROM products");
        source.Execute($"""
            INSERT INTO orders VALUES ({lastId + 1}, {customer}, '2025-06-01 10:00:00', 'web', NULL, 'completed', '2025-06-01 10:00:00');
            INSERT INTO order_lines VALUES ({lastId + 1}, 1, {product}, 1, 4.75, 0, '2025-06-01 10:00:00');
            """);
        var next = Run(source, incremental: byId);
        Assert.Equal("incremental", next.LoadMode);
        Assert.Equal(6L, next.Entities.Single(e => e.Entity == "orders").RowsRead);   // ids above (last - 5): the 5 before and the new one
        Assert.Equal(1L, _warehouse.Scalar($"SELECT COUNT(*) FROM fact_order WHERE order_id = '{lastId + 1}'"));
        Assert.Equal(source.NetOfLines(), (decimal)_warehouse.Scalar("SELECT SUM(net_amount) FROM fact_order_line")!);
    }

    [Fact]
    public void An_order_for_a_customer_not_delivered_yet_gets_an_inferred_member_completed_when_the_customer_arrives()
    {
        var source = new ChangingSource(_warehouse.PathOf("source.db"), customers: 150);
        var product = source.Count("SELECT MIN(product_id) FROM products");
        source.Execute($"""
            INSERT INTO orders VALUES (900010, 99999, '2025-12-20 09:00:00', 'store', NULL, 'completed', '2025-12-20 09:00:00');
            INSERT INTO order_lines VALUES (900010, 1, {product}, 3, 7.5, 0, '2025-12-20 09:00:00');
            """);
        var first = Run(source);
        Assert.Equal(0L, first.Entities.Sum(e => e.RowsQuarantined));
        var inferred = _warehouse.Rows("SELECT customer_key, customer_version_key, is_inferred, country, name FROM dim_customer WHERE customer_id = '99999'").Single();
        Assert.Equal(new object?[] { true, null, null }, inferred[2..]);
        Assert.Equal(inferred[0], _warehouse.Scalar("SELECT customer_key FROM fact_order WHERE order_id = '900010'"));

        source.Execute("""
            INSERT INTO customers VALUES (99999, 'Late Comer', 'late@example.com', 'Norway', 'Oslo', '2025-12-19', 'referral', 12.5, NULL, '2026-01-02 08:00:00');
            """);
        var second = Run(source);
        Assert.Equal("incremental", second.LoadMode);
        var completed = _warehouse.Rows("SELECT customer_key, customer_version_key, is_inferred, country, name FROM dim_customer WHERE customer_id = '99999'").Single();
        Assert.Equal(new object?[] { inferred[0], inferred[1], false, "Norway", "Late Comer" }, completed);
        Assert.Equal(22.5m, (decimal)_warehouse.Scalar("SELECT SUM(net_amount) FROM fact_order_line WHERE order_id = '900010'")!);
        Assert.Equal(12.5m, (decimal)_warehouse.Scalar($"SELECT acquisition_cost FROM mart_customer_value WHERE customer_key = {inferred[0]} AND as_of_date = DATE '{second.AsOf:yyyy-MM-dd}'")!);
    }

    [Fact]
    public void Marts_are_rebuilt_for_the_as_of_dates_new_data_touches_and_kept_for_earlier_ones()
    {
        var source = new ChangingSource(_warehouse.PathOf("source.db"), customers: 150);
        var asOf = new DateOnly(2025, 12, 31);
        Run(source, asOf);
        var monthEnds = Enumerable.Range(6, 6).Select(m => new DateOnly(2025, m, 1).AddMonths(1).AddDays(-1)).ToList();   // Jun..Nov
        new WarehouseJob(_warehouse.Connection, NullLogger.Instance).Backfill(monthEnds, new JobOptions());

        // Mark every snapshot: a snapshot that is rebuilt loses its mark.
        _warehouse.Rows("UPDATE mart_crr SET base_start = -1");
        var watermark = Stamp(source.Scalar("SELECT MAX(updated_at) FROM orders"));
        var customer = source.Count("SELECT MIN(customer_id) FROM customers");
        var product = source.Count("SELECT MIN(product_id) FROM products");
        source.Execute($"""
            INSERT INTO orders VALUES (900020, {customer}, '2025-10-15 11:00:00', 'web', NULL, 'completed', '{ChangingSource.Text(watermark.AddDays(1))}');
            INSERT INTO order_lines VALUES (900020, 1, {product}, 1, 99.99, 0, '{ChangingSource.Text(watermark.AddDays(1))}');
            """);

        decimal Monetary(TempWarehouse w) => (decimal)w.Scalar(
            $"SELECT CAST(COALESCE(SUM(monetary), 0) AS DECIMAL(38,8)) FROM mart_customer_rfm WHERE customer_id = '{customer}' AND as_of_date = DATE '2025-10-31'")!;
        var monetaryBefore = Monetary(_warehouse);
        Run(source, asOf);

        var marked = _warehouse.Rows("SELECT DISTINCT CAST(as_of_date AS VARCHAR) FROM mart_crr WHERE base_start = -1 ORDER BY 1").Select(r => (string)r[0]!);
        Assert.Equal(new[] { "2025-06-30", "2025-07-31", "2025-08-31", "2025-09-30" }, marked);   // before 15 Oct: kept
        Assert.Equal(0L, _warehouse.Scalar("SELECT COUNT(*) FROM mart_crr WHERE base_start = -1 AND as_of_date >= DATE '2025-10-15'"));

        // The rebuilt snapshots are what a fresh warehouse, loaded once and backfilled, holds.
        using var fresh = new TempWarehouse();
        Run(source, asOf, into: fresh);
        new WarehouseJob(fresh.Connection, NullLogger.Instance).Backfill(monthEnds, new JobOptions());
        foreach (var mart in new[] { "mart_retention_monthly", "mart_crr", "mart_cohort_retention", "mart_pyramid" })
        {
            const string Rebuilt = "WHERE as_of_date >= DATE '2025-10-15'";
            Assert.True(Digest(fresh, $"SELECT * FROM {mart} {Rebuilt}") == Digest(_warehouse, $"SELECT * FROM {mart} {Rebuilt}"), $"{mart} differs");
        }
        // The late order is in the customer's RFM monetary value as of 31 October (the window reaches it).
        Assert.Equal(monetaryBefore + 99.99m, Monetary(_warehouse));
        Assert.Equal(Monetary(fresh), Monetary(_warehouse));
    }

    [Fact]
    public void A_run_whose_data_does_not_reach_its_as_of_date_keeps_that_snapshot_unless_the_mart_settings_changed()
    {
        var source = new ChangingSource(_warehouse.PathOf("source.db"), customers: 150);
        var asOf = new DateOnly(2025, 12, 31);
        Run(source, asOf);
        _warehouse.Rows("UPDATE mart_crr SET base_start = -1");
        long MarkedRows() => (long)_warehouse.Scalar("SELECT COUNT(*) FROM mart_crr WHERE base_start = -1")!;
        var crrRows = MarkedRows();
        Assert.True(crrRows > 0);

        // An order dated after the as-of date and a customer moving to another city (a new version from January):
        // nothing the 31 December snapshot sees.
        var watermark = Stamp(source.Scalar("SELECT MAX(updated_at) FROM orders"));
        var customer = source.Count("SELECT MIN(customer_id) FROM customers");
        var product = source.Count("SELECT MIN(product_id) FROM products");
        source.Execute($"""
            INSERT INTO orders VALUES (900030, {customer}, '2026-01-10 09:00:00', 'web', NULL, 'completed', '{ChangingSource.Text(watermark.AddDays(1))}');
            INSERT INTO order_lines VALUES (900030, 1, {product}, 2, 10.00, 0, '{ChangingSource.Text(watermark.AddDays(1))}');
            UPDATE customers SET city = 'Reykjavik', updated_at = '2026-01-05 10:00:00' WHERE customer_id = {customer + 1};
            """);
        var second = Run(source, asOf);
        Assert.Equal("incremental", second.LoadMode);
        Assert.Equal(1L, _warehouse.Scalar("SELECT COUNT(*) FROM fact_order WHERE order_id = '900030'"));
        Assert.Equal(2L, _warehouse.Scalar($"SELECT COUNT(*) FROM dim_customer WHERE customer_id = '{customer + 1}'"));
        Assert.Equal(crrRows, MarkedRows());   // kept, not rebuilt
        Assert.Equal(1L, _warehouse.Scalar("SELECT run_id FROM etl_mart_snapshot WHERE as_of_date = DATE '2025-12-31'"));

        // The same data with another RFM window: the snapshot is rebuilt, and as a fresh warehouse builds it.
        var window = new MartOptions { RfmWindowDays = 180 };
        using (var s = source.Open())
            new WarehouseJob(_warehouse.Connection, NullLogger.Instance).Run(s, new JobOptions { AsOf = asOf, Marts = window, Incremental = new IncrementalSettings() });
        Assert.Equal(0L, MarkedRows());
        Assert.Equal(3L, _warehouse.Scalar("SELECT run_id FROM etl_mart_snapshot WHERE as_of_date = DATE '2025-12-31'"));
        using var fresh = new TempWarehouse();
        using (var s = source.Open())
            new WarehouseJob(fresh.Connection, NullLogger.Instance).Run(s, new JobOptions { AsOf = asOf, Marts = window });
        foreach (var mart in new[] { "mart_customer_rfm", "mart_crr", "mart_pyramid", "mart_customer_value" })
            Assert.True(Digest(fresh, $"SELECT * FROM {mart}") == Digest(_warehouse, $"SELECT * FROM {mart}"), $"{mart} differs");
    }

    [Fact]
    public void A_changed_acquisition_cost_rebuilds_the_snapshots_from_the_customers_signup_and_a_new_city_rebuilds_none()
    {
        var source = new ChangingSource(_warehouse.PathOf("source.db"), customers: 150);
        var asOf = new DateOnly(2025, 12, 31);
        Run(source, asOf);
        var monthEnds = Enumerable.Range(1, 11).Select(m => new DateOnly(2025, m, 1).AddMonths(1).AddDays(-1)).ToList();   // Jan..Nov
        new WarehouseJob(_warehouse.Connection, NullLogger.Instance).Backfill(monthEnds, new JobOptions());
        _warehouse.Rows("UPDATE mart_customer_value SET acquisition_cost = -1");
        string[] Marked() => _warehouse.Rows("SELECT DISTINCT CAST(as_of_date AS VARCHAR) FROM mart_customer_value WHERE acquisition_cost = -1 ORDER BY 1")
            .Select(r => (string)r[0]!).ToArray();
        var all = Marked();
        Assert.Equal(12, all.Length);

        // A new city (type 2, dated after every snapshot): no snapshot is rebuilt.
        var first = source.Count("SELECT MIN(customer_id) FROM customers");
        source.Execute($"UPDATE customers SET city = 'Reykjavik', updated_at = '2026-01-05 10:00:00' WHERE customer_id = {first}");
        Run(source, asOf);
        Assert.Equal(all, Marked());

        // A new acquisition cost for a customer who signed up in 2025: the snapshots from the earlier of
        // the signup and the first order are rebuilt (the cost is in that customer's value from then on).
        var customer = source.Count("SELECT MIN(customer_id) FROM customers WHERE signup_date >= '2025-04-01' AND signup_date < '2025-09-01'");
        var signup = DateOnly.Parse((string)source.Scalar($"SELECT signup_date FROM customers WHERE customer_id = {customer}")!, CultureInfo.InvariantCulture);
        var firstOrder = source.Scalar($"SELECT MIN(substr(order_ts, 1, 10)) FROM orders WHERE customer_id = {customer}") is string o
            ? DateOnly.Parse(o, CultureInfo.InvariantCulture) : signup;
        var from = signup < firstOrder ? signup : firstOrder;
        source.Execute($"UPDATE customers SET acquisition_cost = acquisition_cost + 7.25, updated_at = '2026-01-06 10:00:00' WHERE customer_id = {customer}");
        Run(source, asOf);
        Assert.Equal(all.Where(d => DateOnly.Parse(d, CultureInfo.InvariantCulture) < from), Marked());

        using var fresh = new TempWarehouse();
        Run(source, asOf, into: fresh);
        new WarehouseJob(fresh.Connection, NullLogger.Instance).Backfill(monthEnds, new JobOptions());
        var rebuilt = $"WHERE as_of_date >= DATE '{from:yyyy-MM-dd}'";
        Assert.True(Digest(fresh, $"SELECT * FROM mart_customer_value {rebuilt}") == Digest(_warehouse, $"SELECT * FROM mart_customer_value {rebuilt}"));
        Assert.Equal(source.Decimal($"SELECT acquisition_cost FROM customers WHERE customer_id = {customer}"),
            (decimal)_warehouse.Scalar($"SELECT acquisition_cost FROM mart_customer_value WHERE customer_id = '{customer}' AND as_of_date = DATE '2025-12-31'")!);
    }

    [Fact]
    public void A_full_refresh_rebuilds_the_warehouse_from_the_source_as_a_first_load_would()
    {
        var source = new ChangingSource(_warehouse.PathOf("source.db"), customers: 150);
        Run(source);
        var customer = source.Count("SELECT MIN(customer_id) FROM customers");
        source.Execute($"UPDATE customers SET city = 'Reykjavik', updated_at = '2026-01-05 10:00:00' WHERE customer_id = {customer}");
        Run(source);
        Assert.Equal(2L, _warehouse.Scalar($"SELECT COUNT(*) FROM dim_customer WHERE customer_id = '{customer}'"));

        var refreshed = Run(source, fullRefresh: true);
        Assert.Equal("full_refresh", refreshed.LoadMode);
        Assert.Equal("full_refresh", _warehouse.Scalar($"SELECT load_mode FROM etl_run WHERE run_id = {refreshed.RunId}"));
        using var fresh = new TempWarehouse();
        Run(source, into: fresh);
        var expected = fresh.Snapshot();
        var actual = _warehouse.Snapshot();
        foreach (var table in expected.Keys.Where(t => t.StartsWith("fact_", StringComparison.Ordinal) || t.StartsWith("ods_", StringComparison.Ordinal) || t is "dim_date" or "dim_channel" or "dim_campaign"))
            Assert.True(expected[table] == actual[table], $"{table} differs from a first load");
        foreach (var dimension in new[] { "dim_customer", "dim_product" })   // run_id says which run wrote a version
            Assert.True(Digest(fresh, $"SELECT * EXCLUDE (run_id) FROM {dimension}") == Digest(_warehouse, $"SELECT * EXCLUDE (run_id) FROM {dimension}"), $"{dimension} differs from a first load");
        Assert.Equal(1L, _warehouse.Scalar($"SELECT COUNT(*) FROM dim_customer WHERE customer_id = '{customer}'"));
    }

    [Fact]
    public void Flat_files_loaded_before_are_skipped_and_a_new_or_changed_file_is_read()
    {
        var folder = Directory.CreateDirectory(_warehouse.PathOf("drop")).FullName;
        const string Header = "order_id,order_ts,customer_id,country,product_id,quantity,unit_price\n";
        File.WriteAllText(Path.Combine(folder, "day1.csv"), Header + "A1,2024-03-01 10:00:00,C1,UK,P1,2,5.00\nA1,2024-03-01 10:00:00,C1,UK,P2,1,3.50\n", new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(folder, "day2.csv"), Header + "A2,2024-03-02 10:00:00,C2,FR,P1,1,5.00\n", new UTF8Encoding(false));
        var settings = new FlatFileSettings
        {
            TimestampFormats = ["yyyy-MM-dd HH:mm:ss"],
            Columns = new(StringComparer.OrdinalIgnoreCase)
            {
                ["order_id"] = "order_id", ["order_ts"] = "order_ts", ["customer_id"] = "customer_id", ["country"] = "country",
                ["product_id"] = "product_id", ["quantity"] = "quantity", ["unit_price"] = "unit_price",
            },
        };
        RunResult Load()
        {
            using var source = new FlatFileSource(Path.Combine(folder, "*.csv"), settings);
            return _warehouse.Run(source, new DateOnly(2024, 12, 31));
        }
        long Lines(RunResult r) => r.Entities.Single(e => e.Entity == "order_lines").RowsRead;

        var first = Load();
        Assert.Equal(("full", 3L), (first.LoadMode, Lines(first)));
        Assert.Equal(2L, _warehouse.Scalar("SELECT COUNT(*) FROM etl_loaded_file"));

        var nothingNew = Load();
        Assert.Equal(("incremental", 0L), (nothingNew.LoadMode, Lines(nothingNew)));
        Assert.Equal(18.5m, (decimal)_warehouse.Scalar("SELECT SUM(net_amount) FROM fact_order_line")!);

        File.WriteAllText(Path.Combine(folder, "day3.csv"), Header + "A3,2024-03-03 10:00:00,C1,UK,P2,4,3.50\n", new UTF8Encoding(false));
        Assert.Equal(1L, Lines(Load()));   // only the new file
        File.AppendAllText(Path.Combine(folder, "day2.csv"), "A2,2024-03-02 10:00:00,C2,FR,P2,2,3.50\n");
        Assert.Equal(2L, Lines(Load()));   // the changed file again, whole: its rows are upserted, not doubled
        Assert.Equal(5L, _warehouse.Scalar("SELECT COUNT(*) FROM fact_order_line"));
        Assert.Equal(10m + 3.5m + 14m + 5m + 7m, (decimal)_warehouse.Scalar("SELECT SUM(net_amount) FROM fact_order_line")!);
        Assert.Equal(3L, _warehouse.Scalar("SELECT COUNT(*) FROM etl_loaded_file"));
    }

    [Fact]
    public void Flat_files_whose_orders_are_numbered_by_row_are_read_whole_every_run()
    {
        // CDNOW-style files have no order id: "#row" numbers them, from 1 in every extract, so a run
        // reading only a new file would reuse order ids. Such a source always makes a full extract.
        var folder = Directory.CreateDirectory(_warehouse.PathOf("rows")).FullName;
        const string Header = "order_ts,customer_id,quantity,unit_price\n";
        File.WriteAllText(Path.Combine(folder, "a.csv"), Header + "2024-03-01 10:00:00,C1,1,5.00\n2024-03-02 10:00:00,C2,2,5.00\n");
        var settings = new FlatFileSettings
        {
            TimestampFormats = ["yyyy-MM-dd HH:mm:ss"],
            Columns = new(StringComparer.OrdinalIgnoreCase)
            {
                ["order_id"] = "#row", ["order_ts"] = "order_ts", ["customer_id"] = "customer_id", ["quantity"] = "quantity", ["unit_price"] = "unit_price",
            },
            Constants = new(StringComparer.OrdinalIgnoreCase) { ["product_id"] = "ANY" },
        };
        RunResult Load()
        {
            using var source = new FlatFileSource(Path.Combine(folder, "*.csv"), settings);
            return _warehouse.Run(source, new DateOnly(2024, 12, 31));
        }
        Load();
        File.WriteAllText(Path.Combine(folder, "b.csv"), Header + "2024-03-03 10:00:00,C3,3,5.00\n");
        var second = Load();
        Assert.Equal(("full", 3L), (second.LoadMode, second.Entities.Single(e => e.Entity == "order_lines").RowsRead));
        Assert.Equal(3L, _warehouse.Scalar("SELECT COUNT(*) FROM fact_order"));
        Assert.Equal(30m, (decimal)_warehouse.Scalar("SELECT SUM(net_amount) FROM fact_order_line")!);
    }

    /// <summary>An order-independent digest of a query's rows.</summary>
    private static string Digest(TempWarehouse w, string query) =>
        (string)w.Scalar($"SELECT md5(COALESCE(string_agg(CAST(x AS VARCHAR), '|' ORDER BY CAST(x AS VARCHAR)), '')) FROM ({query}) x")!;
}
