using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests;

/// <summary>
/// Whale curve (mart_whale_curve) as of D = 2024-12-31 (trailing 12 months = 2024), worked out by
/// hand. Product P0 costs nothing (margin = amount); PX costs 100 a unit (sold below cost it loses).
///
/// Ten customers with a qualifying order in 2024, by trailing-12-month margin:
///   W01 500 | W02 300, W03 300 (a tie: customer_id decides) | W04 200 | W05 100 | W06 50 |
///   W07 0 (PX at cost) | W08 -50 | W09 -100 | W10 -300 (P0 100 and PX 5 x 20 = 100 - 500)
/// N = 10, total margin 1,000. Cumulative margin by rank: 500, 800, 1,100, 1,300, 1,400, 1,450,
/// 1,450, 1,400, 1,300, 1,000. Top k at p% = ceil(10 p / 100) = ceil(p / 10): 1, 1, 2, 2, 3, 3, ...
/// </summary>
public sealed class WhaleCurveMartTests : IDisposable
{
    private static readonly DateOnly D = new(2024, 12, 31);
    private readonly TempWarehouse _warehouse = new(mirrorToPostgres: true);

    public void Dispose() => _warehouse.Dispose();

    public static FixtureSource Build()
    {
        var s = new FixtureSource().Product("P0", "Services", 0m, 100m).Product("PX", "Hardware", 100m, 100m);
        for (var i = 1; i <= 12; i++) s.Customer($"W{i:D2}", new DateOnly(2023, 1, 1));
        void Sale(string c, int month, string product, int quantity, decimal price, string status = "completed") =>
            s.Order(c, new DateOnly(2024, month, 10), status, (product, quantity, price, 0m));

        Sale("W01", 1, "P0", 1, 500m);
        Sale("W02", 2, "P0", 1, 300m);
        Sale("W03", 3, "P0", 1, 100m);
        Sale("W03", 4, "P0", 1, 200m);
        Sale("W04", 5, "P0", 1, 200m);
        Sale("W05", 6, "P0", 1, 100m);
        Sale("W06", 7, "P0", 1, 50m);
        Sale("W07", 8, "PX", 1, 100m);      // revenue 100, margin 0
        Sale("W08", 9, "PX", 1, 50m);       // margin -50
        Sale("W09", 10, "PX", 2, 50m);      // revenue 100, cost 200: margin -100
        s.Order("W10", new DateOnly(2024, 11, 10), "completed", ("P0", 1, 100m, 0m), ("PX", 5, 20m, 0m));   // 100 + (100 - 500) = -300

        // Orders that must not count.
        Sale("W01", 2, "P0", 1, 9000m, "cancelled");
        Sale("W02", 3, "P0", 1, 9000m, "returned");
        s.Order("W06", new DateOnly(2024, 8, 1), "completed", ("PX", 1, 100m, 1.00m));   // worth 0, margin -100
        s.Order("W05", new DateOnly(2023, 12, 31), "completed", ("P0", 1, 1000m, 0m));   // just before the window
        s.Order("W04", new DateOnly(2025, 1, 2), "completed", ("P0", 1, 5000m, 0m));     // after D
        s.Order("W12", new DateOnly(2023, 6, 1), "completed", ("P0", 1, 700m, 0m));      // W12 only in 2023; W11 never ordered
        return s;
    }

    [Fact]
    public void Curve_matches_the_hand_computed_points_and_exceeds_100_percent_with_loss_making_customers()
    {
        _warehouse.RunMarts(Build(), D, "whale_curve");
        // p, customers in top = ceil(p / 10), their cumulative margin
        var expected = new (int P, long Top, decimal Cumulative)[]
        {
            (5, 1, 500m), (10, 1, 500m), (15, 2, 800m), (20, 2, 800m), (25, 3, 1100m),
            (30, 3, 1100m), (35, 4, 1300m), (40, 4, 1300m), (45, 5, 1400m), (50, 5, 1400m),
            (55, 6, 1450m), (60, 6, 1450m), (65, 7, 1450m), (70, 7, 1450m), (75, 8, 1400m),
            (80, 8, 1400m), (85, 9, 1300m), (90, 9, 1300m), (95, 10, 1000m), (100, 10, 1000m),
        };
        var rows = _warehouse.Rows("""
            SELECT customer_percent, customers_in_top, customer_share, cumulative_margin, margin_share, total_customers, total_margin
            FROM mart_whale_curve WHERE as_of_date = DATE '2024-12-31' ORDER BY customer_percent
            """);
        Assert.Equal(20, rows.Count);
        foreach (var (e, r) in expected.Zip(rows))
        {
            Assert.Equal((e.P, e.Top, e.Top / 10m, e.Cumulative, e.Cumulative / 1000m, 10L, 1000m),
                (Convert.ToInt32(r[0]), Convert.ToInt64(r[1]), (decimal)r[2]!, (decimal)r[3]!, (decimal)r[4]!, Convert.ToInt64(r[5]), (decimal)r[6]!));
        }
        // The peak: the 6 (and 7) most profitable customers earn 145% of the total margin.
        Assert.Equal(1.45m, rows.Max(r => (decimal)r[4]!));
    }

    [Fact]
    public void A_date_without_buyers_gives_twenty_empty_points()
    {
        _warehouse.BackfillMarts(Build(), new DateOnly(2022, 12, 31), "whale_curve");
        var rows = _warehouse.Rows("SELECT customer_percent, customers_in_top, customer_share, cumulative_margin, margin_share, total_customers, total_margin FROM mart_whale_curve WHERE as_of_date = DATE '2022-12-31' ORDER BY customer_percent");
        Assert.Equal(Enumerable.Range(1, 20).Select(k => 5 * k), rows.Select(r => Convert.ToInt32(r[0])));
        Assert.All(rows, r => Assert.Equal((0L, (decimal?)null, 0m, (decimal?)null, 0L, 0m),
            (Convert.ToInt64(r[1]), (decimal?)r[2], (decimal)r[3]!, (decimal?)r[4], Convert.ToInt64(r[5]), (decimal)r[6]!)));
    }

    [Fact]
    public void Six_customers_need_a_true_ceiling()
    {
        // As of 2024-07-31 the window is (2023-07-31, 2024-07-31]: the buyers are W01..W06, and W05's
        // 2023-12-31 order (1,000) now counts, while W12's 2023-06-01 order does not. N = 6:
        // W05 1,100 | W01 500 | W02 300, W03 300 | W04 200 | W06 50; total 2,450;
        // cumulative 1,100, 1,600, 1,900, 2,200, 2,400, 2,450.
        // ceil(6p/100): p=5 -> 1 (0.3), 15 -> 1 (0.9), 20 -> 2 (1.2), 50 -> 3 (3.0 exactly), 55 -> 4 (3.3), 85 -> 6 (5.1).
        _warehouse.RunMarts(Build(), new DateOnly(2024, 7, 31), "whale_curve");
        var top = _warehouse.Rows("SELECT customer_percent, customers_in_top, cumulative_margin FROM mart_whale_curve")
            .ToDictionary(r => Convert.ToInt32(r[0]), r => (Convert.ToInt64(r[1]), (decimal)r[2]!));
        Assert.Equal((1L, 1100m), top[5]);
        Assert.Equal((1L, 1100m), top[15]);
        Assert.Equal((2L, 1600m), top[20]);
        Assert.Equal((3L, 1900m), top[50]);
        Assert.Equal((4L, 2200m), top[55]);
        Assert.Equal((6L, 2450m), top[85]);
        Assert.Equal((6L, 2450m), top[100]);
        Assert.Equal((6L, 2450m), (Convert.ToInt64(_warehouse.Scalar("SELECT DISTINCT total_customers FROM mart_whale_curve")),
            (decimal)_warehouse.Scalar("SELECT DISTINCT total_margin FROM mart_whale_curve")!));
    }

    [Fact]
    public void Every_fixture_row_is_loaded_so_the_orders_that_must_not_count_are_really_there()
    {
        using (var w = new TempWarehouse(mirrorToPostgres: true))
        {
            w.RunMarts(Build(), D, "whale_curve");
            Assert.Equal(0L, w.Scalar("SELECT COUNT(*) FROM etl_quarantine"));
        }
    }
}
