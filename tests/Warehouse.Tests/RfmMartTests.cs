using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests;

/// <summary>
/// RFM on a hand-made fixture of 18 customers (15 in the mart) as of 2024-12-31 with a 365-day
/// window, so qualifying orders are dated 2024-01-02 .. 2024-12-31. Every expected value below was
/// worked out by hand from the orders, not by running the code:
///
/// recency multiset {1,1,5,10,10,30,30,60,90,90,120,200,300,364,364}; count(recency >= d) >= 3k
///   gives thresholds 300, 90, 30, 10 days; R = 1 + #(recency &lt; threshold).
/// frequency multiset {1x5, 2x3, 3x2, 4x2, 5x2, 6}; count(f &lt;= x) >= 3k gives 1, 2, 3, 4.
/// monetary multiset {20,20,50,80,100,100,150,200,300,300,300,450,450,500,600}; gives 50, 100, 300, 450.
/// </summary>
public sealed class RfmMartTests : IDisposable
{
    private static readonly DateOnly D = new(2024, 12, 31);
    private readonly TempWarehouse _warehouse = new(mirrorToPostgres: true);

    public void Dispose() => _warehouse.Dispose();

    private static DateOnly Ago(int days) => D.AddDays(-days);

    public static FixtureSource BuildFixture()
    {
        var s = new FixtureSource().Product("P1", "Gifts", 1m, 10m).Product("P2", "Toys", 20m, 50m);
        for (var i = 1; i <= 18; i++) s.Customer($"C{i:D2}", new DateOnly(2023, 1, 1));

        // Customer, recency, then one order amount per order (the first is the latest order).
        void Orders(string c, int recency, params decimal[] amounts)
        {
            for (var i = 0; i < amounts.Length; i++) s.Sale(c, Ago(recency + 7 * i), amounts[i]);
        }
        Orders("C01", 1, 100, 100, 100, 100, 100, 100);
        Orders("C02", 1, 20);
        Orders("C03", 5, 250, 200);
        Orders("C04", 10, 125, 125, 125);
        // C04's fourth order: two lines, one discounted: 2 x 50.00 x (1 - 0.25) + 1 x 50.00 = 125.00.
        s.Order("C04", Ago(40), "completed", ("P2", 2, 50.00m, 0.25m), ("P2", 1, 50.00m, 0m));
        Orders("C05", 10, 100);
        Orders("C06", 30, 100, 100);
        // C06's third order has a returned item as a negative line: 120 - 20 = 100.
        s.Order("C06", Ago(60), "completed", ("P1", 1, 120m, 0m), ("P1", -1, 20m, 0m));
        Orders("C07", 30, 40, 40);
        Orders("C08", 60, 60, 60, 60, 60, 60);
        Orders("C09", 90, 50, 50, 50);
        Orders("C10", 90, 90, 90, 90, 90);
        s.Order("C10", Ago(130), "completed", ("P1", 3, 30.00m, 0m));   // 3 x 30 = 90
        Orders("C11", 120, 50);
        Orders("C12", 200, 50, 50, 50, 50);
        Orders("C13", 300, 50, 50);
        Orders("C14", 364, 20);
        Orders("C15", 364, 300);

        // Orders that must not count.
        s.Sale("C01", D, 5000m, "cancelled");                       // cancelled
        s.Order("C02", D, "completed", ("P1", 1, 10m, 1.00m));       // completed but worth 0
        s.Sale("C05", Ago(2), 80m, "returned");                      // returned
        s.Sale("C14", Ago(365), 999m);                               // 2024-01-01: just outside the window
        s.Sale("C03", new DateOnly(2025, 1, 5), 777m);               // after the as-of date
        s.Sale("C16", Ago(5), 70m, "cancelled");                     // C16 only cancelled
        s.Sale("C17", new DateOnly(2023, 6, 1), 60m);                // C17 only long ago; C18 never ordered
        return s;
    }

    // customer, last order, recency, frequency, monetary, R, F, M, segment
    private static readonly (string Id, DateOnly Last, int Rec, int Freq, decimal Mon, int R, int F, int M, string Segment)[] Expected =
    [
        ("C01", Ago(1), 1, 6, 600m, 5, 5, 5, "Champions"),
        ("C02", Ago(1), 1, 1, 20m, 5, 1, 1, "New"),
        ("C03", Ago(5), 5, 2, 450m, 5, 2, 4, "Potential Loyalist"),
        ("C04", Ago(10), 10, 4, 500m, 4, 4, 5, "Loyal"),
        ("C05", Ago(10), 10, 1, 100m, 4, 1, 2, "Promising"),
        ("C06", Ago(30), 30, 3, 300m, 3, 3, 3, "Need Attention"),
        ("C07", Ago(30), 30, 2, 80m, 3, 2, 2, "About to Sleep"),
        ("C08", Ago(60), 60, 5, 300m, 3, 5, 3, "Loyal"),
        ("C09", Ago(90), 90, 3, 150m, 2, 3, 3, "At Risk"),
        ("C10", Ago(90), 90, 5, 450m, 2, 5, 4, "Can't Lose Them"),
        ("C11", Ago(120), 120, 1, 50m, 2, 1, 1, "Hibernating"),
        ("C12", Ago(200), 200, 4, 200m, 2, 4, 3, "At Risk"),
        ("C13", Ago(300), 300, 2, 100m, 1, 2, 2, "Hibernating"),
        ("C14", Ago(364), 364, 1, 20m, 1, 1, 1, "Hibernating"),
        ("C15", Ago(364), 364, 1, 300m, 1, 1, 3, "Hibernating"),
    ];

    [Fact]
    public void Customer_values_scores_and_segments_match_the_hand_computed_table()
    {
        _warehouse.Run(BuildFixture(), D);
        var rows = _warehouse.Rows("""
            SELECT customer_id, last_order_date, recency_days, frequency, monetary, r_score, f_score, m_score, rfm_cell, segment
            FROM mart_customer_rfm WHERE as_of_date = DATE '2024-12-31' ORDER BY customer_id
            """);
        Assert.Equal(Expected.Length, rows.Count);
        for (var i = 0; i < Expected.Length; i++)
        {
            var e = Expected[i];
            var r = rows[i];
            Assert.Equal(e.Id, r[0]);
            Assert.Equal(e.Last, (DateOnly)r[1]!);
            Assert.Equal(e.Rec, Convert.ToInt32(r[2]));
            Assert.Equal(e.Freq, Convert.ToInt32(r[3]));
            Assert.Equal(e.Mon, (decimal)r[4]!);
            Assert.Equal((e.Id, e.R, e.F, e.M), (e.Id, Convert.ToInt32(r[5]), Convert.ToInt32(r[6]), Convert.ToInt32(r[7])));
            Assert.Equal($"{e.R}{e.F}{e.M}", r[8]);
            Assert.Equal((e.Id, e.Segment), (e.Id, (string)r[9]!));
        }
    }

    [Fact]
    public void Thresholds_are_the_hand_computed_discrete_quintiles_in_user_units()
    {
        _warehouse.Run(BuildFixture(), D);
        var rows = _warehouse.Rows("SELECT k, recency_days, frequency, monetary FROM mart_rfm_thresholds WHERE as_of_date = DATE '2024-12-31' ORDER BY k");
        var actual = rows.Select(r => (Convert.ToInt32(r[0]), Convert.ToInt32(r[1]), Convert.ToInt32(r[2]), (decimal)r[3]!)).ToArray();
        Assert.Equal(new[] { (1, 300, 1, 50m), (2, 90, 2, 100m), (3, 30, 3, 300m), (4, 10, 4, 450m) }, actual);
    }

    [Fact]
    public void Segment_summary_matches_the_hand_computed_table()
    {
        _warehouse.Run(BuildFixture(), D);
        // segment, customers, revenue, sum of recency days, sum of frequency (15 customers, revenue 3,620)
        var expected = new (string Segment, int Customers, decimal Revenue, int Recency, int Frequency)[]
        {
            ("Champions", 1, 600m, 1, 6),
            ("Loyal", 2, 800m, 70, 9),
            ("Potential Loyalist", 1, 450m, 5, 2),
            ("New", 1, 20m, 1, 1),
            ("Promising", 1, 100m, 10, 1),
            ("Need Attention", 1, 300m, 30, 3),
            ("About to Sleep", 1, 80m, 30, 2),
            ("At Risk", 2, 350m, 290, 7),
            ("Can't Lose Them", 1, 450m, 90, 5),
            ("Hibernating", 4, 470m, 1148, 5),
        };
        Assert.Equal(15, expected.Sum(e => e.Customers));
        Assert.Equal(3620m, expected.Sum(e => e.Revenue));
        var rows = _warehouse.Rows("""
            SELECT segment, customers, customer_share, revenue, revenue_share, avg_monetary, avg_recency_days, avg_frequency
            FROM mart_rfm_segment_summary WHERE as_of_date = DATE '2024-12-31' ORDER BY segment_order
            """);
        Assert.Equal(expected.Length, rows.Count);
        static decimal Truncated(decimal a, decimal b) => decimal.Truncate(a / b * 100_000_000m) / 100_000_000m;
        for (var i = 0; i < expected.Length; i++)
        {
            var e = expected[i];
            var r = rows[i];
            Assert.Equal(e.Segment, r[0]);
            Assert.Equal(e.Customers, Convert.ToInt32(r[1]));
            Assert.Equal(Truncated(e.Customers, 15), (decimal)r[2]!);
            Assert.Equal(e.Revenue, (decimal)r[3]!);
            Assert.Equal(Truncated(e.Revenue, 3620), (decimal)r[4]!);
            Assert.Equal(Truncated(e.Revenue, e.Customers), (decimal)r[5]!);
            Assert.Equal(Truncated(e.Recency, e.Customers), (decimal)r[6]!);
            Assert.Equal(Truncated(e.Frequency, e.Customers), (decimal)r[7]!);
        }
        // Spot values written out: Hibernating averages 470/4 = 117.5 revenue, 1148/4 = 287 days, 5/4 = 1.25 orders.
        Assert.Equal(117.5m, (decimal)rows[9][5]!);
        Assert.Equal(287m, (decimal)rows[9][6]!);
        Assert.Equal(1.25m, (decimal)rows[9][7]!);
        Assert.Equal(0.06666666m, (decimal)rows[0][2]!);   // 1/15 truncated at 8 places
    }

    [Fact]
    public void Default_as_of_is_the_date_of_the_latest_order_of_any_status()
    {
        var result = _warehouse.Run(BuildFixture());
        Assert.Equal(new DateOnly(2025, 1, 5), result.AsOf);
        Assert.Equal(new DateOnly(2025, 1, 5), (DateOnly)_warehouse.Scalar("SELECT DISTINCT as_of_date FROM mart_customer_rfm")!);
    }

    [Fact]
    public void Equal_values_always_get_equal_scores()
    {
        _warehouse.Run(BuildFixture(), D);
        foreach (var (value, score) in new[] { ("recency_days", "r_score"), ("frequency", "f_score"), ("monetary", "m_score") })
        {
            var conflicts = Convert.ToInt64(_warehouse.Scalar(
                $"SELECT COUNT(*) FROM (SELECT {value} FROM mart_customer_rfm GROUP BY {value} HAVING COUNT(DISTINCT {score}) > 1) x"));
            Assert.Equal(0, conflicts);
        }
    }
}
