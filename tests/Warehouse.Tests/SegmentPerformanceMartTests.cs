using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests;

/// <summary>
/// Segment performance (mart_segment_performance) as of D = 2024-12-31, worked out by hand.
/// Trailing 12 months: orders dated 2024-01-01 .. 2024-12-31. RFM (365-day window): 2024-01-02 ..
/// 2024-12-31, so a customer whose only order is on 2024-01-01 has no RFM row: segment '(none)'.
///
/// Products: P1 Books (unit cost 4), P2 Games (unit cost 15). Qualifying orders (revenue / margin):
///   S1 (UK)  a 2024-12-20 web:   P1 2 x 10 = 20 / 12,  P2 1 x 40 = 40 / 25   -> 60 / 37
///            b 2024-11-10 store: P2 1 x 40 = 40 / 25
///            c 2024-10-05 web:   P1 1 x 10 = 10 / 6
///   S2 (FR)  d 2024-09-01 store: P2 2 x 40 - 25% = 60 / 30,  P1 3 x 10 = 30 / 18 -> 90 / 48
///   S3 (UK)  e 2024-06-15 store: P2 40 / 25
///            f 2024-03-10 web:   P1 10 / 6
///   S4 (FR)  g 2024-01-01 web:   P1 5 x 10 = 50 / 30
/// RFM with 3 customers: thresholds are the 1st, 2nd, 2nd and 3rd smallest values, so scores are
/// 1, 2, 4 by rank. Recency S1 11, S2 121, S3 199 days -> R 4, 2, 1; frequency S1 3, S2 1, S3 2 ->
/// F 4, 1, 2. Segments: S1 (4,4) Loyal; S2 (2,1) and S3 (1,2) Hibernating; S4 '(none)'.
/// Total revenue 300, margin 177.
/// </summary>
public sealed class SegmentPerformanceMartTests : IDisposable
{
    private static readonly DateOnly D = new(2024, 12, 31);
    private readonly TempWarehouse _warehouse = new(mirrorToPostgres: true);

    public void Dispose() => _warehouse.Dispose();

    private static decimal Ratio(decimal a, decimal b) => decimal.Truncate(a / b * 100_000_000m) / 100_000_000m;

    public static FixtureSource Build()
    {
        var s = new FixtureSource().Product("P1", "Books", 4m, 10m).Product("P2", "Games", 15m, 40m);
        s.Customer("S1", new DateOnly(2023, 1, 1), country: "UK")
         .Customer("S2", new DateOnly(2023, 1, 1), country: "FR")
         .Customer("S3", new DateOnly(2023, 1, 1), country: "UK")
         .Customer("S4", new DateOnly(2023, 1, 1), country: "FR")
         .Customer("S5", new DateOnly(2023, 1, 1), country: "DE");   // never ordered

        s.OrderVia("S1", new DateOnly(2024, 12, 20), "completed", "web", null, ("P1", 2, 10m, 0m), ("P2", 1, 40m, 0m));
        s.OrderVia("S1", new DateOnly(2024, 11, 10), "completed", "store", null, ("P2", 1, 40m, 0m));
        s.OrderVia("S1", new DateOnly(2024, 10, 5), "completed", "web", null, ("P1", 1, 10m, 0m));
        s.OrderVia("S2", new DateOnly(2024, 9, 1), "completed", "store", null, ("P2", 2, 40m, 0.25m), ("P1", 3, 10m, 0m));
        s.OrderVia("S3", new DateOnly(2024, 6, 15), "completed", "store", null, ("P2", 1, 40m, 0m));
        s.OrderVia("S3", new DateOnly(2024, 3, 10), "completed", "web", null, ("P1", 1, 10m, 0m));
        s.OrderVia("S4", new DateOnly(2024, 1, 1), "completed", "web", null, ("P1", 5, 10m, 0m));

        // Orders that must not count.
        s.OrderVia("S1", new DateOnly(2024, 12, 1), "cancelled", "store", null, ("P2", 10, 40m, 0m));
        s.OrderVia("S2", new DateOnly(2024, 12, 15), "returned", "web", null, ("P1", 2, 10m, 0m));
        s.OrderVia("S3", new DateOnly(2024, 7, 1), "completed", "web", null, ("P1", 1, 10m, 1.00m));   // worth 0
        s.OrderVia("S3", new DateOnly(2023, 12, 31), "completed", "web", null, ("P2", 1, 40m, 0m));    // just before the window
        s.OrderVia("S1", new DateOnly(2025, 1, 2), "completed", "web", null, ("P1", 1, 10m, 0m));      // after D
        return s;
    }

    [Fact]
    public void Segment_rfm_rows_are_the_hand_computed_ones()
    {
        _warehouse.RunMarts(Build(), D, "segment_performance");
        var segments = _warehouse.Rows("SELECT customer_id, segment FROM mart_customer_rfm WHERE as_of_date = DATE '2024-12-31' ORDER BY customer_id")
            .Select(r => ((string)r[0]!, (string)r[1]!)).ToArray();
        Assert.Equal(new[] { ("S1", "Loyal"), ("S2", "Hibernating"), ("S3", "Hibernating") }, segments);
    }

    [Fact]
    public void Performance_by_segment_and_category_channel_country_matches_the_hand_computed_table()
    {
        _warehouse.RunMarts(Build(), D, "segment_performance");
        // dimension, segment, member, revenue, margin, orders, customers
        var expected = new (string Dimension, string Segment, string Member, decimal Revenue, decimal Margin, long Orders, long Customers)[]
        {
            // Loyal = S1: Books a 20 + c 10; Games a 40 + b 40; web a 60 + c 10; store b 40; UK all.
            ("category", "Loyal", "Books", 30m, 18m, 2, 1),
            ("category", "Loyal", "Games", 80m, 50m, 2, 1),
            // Hibernating = S2, S3: Books d 30 + f 10; Games d 60 + e 40 (order d counts under both).
            ("category", "Hibernating", "Books", 40m, 24m, 2, 2),
            ("category", "Hibernating", "Games", 100m, 55m, 2, 2),
            ("category", "(none)", "Books", 50m, 30m, 1, 1),
            ("channel", "Loyal", "store", 40m, 25m, 1, 1),
            ("channel", "Loyal", "web", 70m, 43m, 2, 1),
            ("channel", "Hibernating", "store", 130m, 73m, 2, 2),   // d 90 / 48 + e 40 / 25
            ("channel", "Hibernating", "web", 10m, 6m, 1, 1),       // f
            ("channel", "(none)", "web", 50m, 30m, 1, 1),
            ("country", "Loyal", "UK", 110m, 68m, 3, 1),
            ("country", "Hibernating", "FR", 90m, 48m, 1, 1),       // S2
            ("country", "Hibernating", "UK", 50m, 31m, 2, 1),       // S3
            ("country", "(none)", "FR", 50m, 30m, 1, 1),
        };
        // Every dimension adds up to the window's 300 revenue and 177 margin.
        foreach (var dim in new[] { "category", "channel", "country" })
        {
            Assert.Equal(300m, expected.Where(e => e.Dimension == dim).Sum(e => e.Revenue));
            Assert.Equal(177m, expected.Where(e => e.Dimension == dim).Sum(e => e.Margin));
        }
        var rows = _warehouse.Rows("""
            SELECT dimension, segment, member, revenue, margin, orders, customers, revenue_share, segment_order
            FROM mart_segment_performance WHERE as_of_date = DATE '2024-12-31'
            ORDER BY dimension, segment_order, member
            """);
        Assert.Equal(expected.Length, rows.Count);
        foreach (var (e, r) in expected.Zip(rows))
        {
            Assert.Equal(e, ((string)r[0]!, (string)r[1]!, (string)r[2]!, (decimal)r[3]!, (decimal)r[4]!, Convert.ToInt64(r[5]), Convert.ToInt64(r[6])));
            Assert.Equal((e.Member, Ratio(e.Revenue, 300m)), (e.Member, (decimal)r[7]!));
        }
        // Segment order: Loyal 2, Hibernating 10 (ref_rfm_segment), '(none)' 99.
        Assert.Equal(new long[] { 2, 2, 10, 10, 99 }, rows.Take(5).Select(r => Convert.ToInt64(r[8])));
        Assert.Equal(0.43333333m, (decimal)rows[7][7]!);   // Hibernating store: 130 / 300
    }

    [Fact]
    public void A_date_with_no_qualifying_order_in_the_window_gives_no_rows()
    {
        _warehouse.BackfillMarts(Build(), new DateOnly(2022, 12, 31), "segment_performance");
        Assert.Equal(0L, _warehouse.Scalar("SELECT COUNT(*) FROM mart_segment_performance WHERE as_of_date = DATE '2022-12-31'"));
        Assert.NotEqual(0L, _warehouse.Scalar("SELECT COUNT(*) FROM mart_segment_performance"));   // the latest order's date has rows
    }

    [Fact]
    public void Every_fixture_row_is_loaded_so_the_orders_that_must_not_count_are_really_there()
    {
        using (var w = new TempWarehouse(mirrorToPostgres: true))
        {
            w.RunMarts(Build(), D, "segment_performance");
            Assert.Equal(0L, w.Scalar("SELECT COUNT(*) FROM etl_quarantine"));
        }
    }
}
