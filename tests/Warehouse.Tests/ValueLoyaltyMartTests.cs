using Warehouse.Etl.Pipeline;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests;

/// <summary>
/// Value x loyalty (mart_customer_value_loyalty, mart_value_loyalty) as of 2024-12-31, worked out by
/// hand. Value = revenue in (2023-12-31, 2024-12-31], i.e. calendar 2024; loyalty = months with an
/// order / months counted, the months counted running from max(first order's month, 2024-01) to
/// 2024-12.
///
/// Seven active customers (V1..V7):
///   V1 first order 2022-05, buys 100 every month of 2024:      1,200   12/12 = 1
///   V2 first order 2024-07, buys 50 every month Jul..Dec:         300    6/6  = 1
///   V3 first order 2023-03, buys 250 in Mar, Jun, Sep, Dec 2024: 1,000   4/12 = 0.33333333
///   V4 first order 2024-10 (a cancelled one in Aug does not start the count): 500   1/3 = 0.33333333
///   V5 first order 2020-06, buys 100 in Jan..Jun 2024:             600   6/12 = 0.5
///   V6 first order 2024-01, buys 40 in Jan..Mar (a returned order in Apr): 120   3/12 = 0.25
///   V7 first order 2024-12-01, 60:                                  60    1/1 = 1
/// Value sorted 60, 120, 300, 500, 600, 1000, 1200: median (4th of 7) = 500, V4's own value.
/// Loyalty sorted 0.25, 0.33, 0.33, 0.5, 1, 1, 1: median = 0.5, V5's own loyalty.
/// A value equal to the split is high: V4 is high value, V5 high loyalty.
/// </summary>
public sealed class ValueLoyaltyMartTests : IDisposable
{
    private static readonly DateOnly D = new(2024, 12, 31);
    private readonly TempWarehouse _warehouse = new(mirrorToPostgres: true);

    public void Dispose() => _warehouse.Dispose();

    private static decimal Ratio(decimal a, decimal b) => decimal.Truncate(a / b * 100_000_000m) / 100_000_000m;

    private static void Monthly(FixtureSource s, string customer, decimal amount, params int[] months2024)
    {
        foreach (var m in months2024) s.Sale(customer, new DateOnly(2024, m, 10), amount);
    }

    public static FixtureSource OddFixture()
    {
        var s = new FixtureSource().Product("P1", "Gifts", 1m, 10m);
        foreach (var id in new[] { "V1", "V2", "V3", "V4", "V5", "V6", "V7", "N1", "N2", "N3", "N4" })
            s.Customer(id, new DateOnly(2020, 1, 1));
        s.Sale("V1", new DateOnly(2022, 5, 10), 100m);
        Monthly(s, "V1", 100m, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        Monthly(s, "V2", 50m, 7, 8, 9, 10, 11, 12);
        s.Sale("V3", new DateOnly(2023, 3, 10), 90m);
        Monthly(s, "V3", 250m, 3, 6, 9, 12);
        s.Order("V3", new DateOnly(2024, 1, 10), "completed", ("P1", 1, 10m, 1.00m));   // worth 0: no active month
        s.Sale("V4", new DateOnly(2024, 8, 5), 400m, "cancelled");
        s.Sale("V4", new DateOnly(2024, 10, 5), 500m);
        s.Sale("V5", new DateOnly(2020, 6, 1), 70m);
        Monthly(s, "V5", 100m, 1, 2, 3, 4, 5, 6);
        s.Sale("V5", new DateOnly(2025, 1, 10), 900m);                                  // after D
        s.Sale("V6", new DateOnly(2024, 1, 15), 40m);
        Monthly(s, "V6", 40m, 2, 3);
        s.Sale("V6", new DateOnly(2024, 4, 10), 40m, "returned");
        s.Sale("V7", new DateOnly(2024, 12, 1), 60m);
        // Not active: N1 never ordered; N2 only in 2023; N3 only cancelled, returned and worthless
        // orders; N4 only after D.
        s.Sale("N2", new DateOnly(2023, 6, 1), 500m);
        s.Sale("N3", new DateOnly(2024, 5, 1), 500m, "cancelled");
        s.Sale("N3", new DateOnly(2024, 6, 1), 500m, "returned");
        s.Order("N3", new DateOnly(2024, 7, 1), "completed", ("P1", 1, 10m, 1.00m));
        s.Sale("N4", new DateOnly(2025, 1, 2), 500m);
        return s;
    }

    [Fact]
    public void Customers_are_placed_by_the_median_splits_with_values_at_the_median_counted_high()
    {
        _warehouse.RunMarts(OddFixture(), D, "value_loyalty");
        var expected = new (string Id, DateOnly First, decimal Value, int Counted, int Active, decimal Loyalty, string ValueLevel, string LoyaltyLevel, string Quadrant)[]
        {
            ("V1", new(2022, 5, 10), 1200m, 12, 12, 1m, "high", "high", "Strategic partner"),
            ("V2", new(2024, 7, 10), 300m, 6, 6, 1m, "low", "high", "Develop"),
            ("V3", new(2023, 3, 10), 1000m, 12, 4, 0.33333333m, "high", "low", "Retain"),
            ("V4", new(2024, 10, 5), 500m, 3, 1, 0.33333333m, "high", "low", "Retain"),          // value = split
            ("V5", new(2020, 6, 1), 600m, 12, 6, 0.5m, "high", "high", "Strategic partner"),     // loyalty = split
            ("V6", new(2024, 1, 15), 120m, 12, 3, 0.25m, "low", "low", "Build relationship"),
            ("V7", new(2024, 12, 1), 60m, 1, 1, 1m, "low", "high", "Develop"),
        };
        var rows = _warehouse.Rows("""
            SELECT customer_id, first_order_date, revenue_12m, months_counted, active_months, loyalty,
                   value_level, loyalty_level, quadrant, value_split, loyalty_split
            FROM mart_customer_value_loyalty WHERE as_of_date = DATE '2024-12-31' ORDER BY customer_id
            """);
        Assert.Equal(expected.Select(e => e.Id), rows.Select(r => (string)r[0]!));
        foreach (var (e, r) in expected.Zip(rows))
        {
            Assert.Equal(e, ((string)r[0]!, (DateOnly)r[1]!, (decimal)r[2]!, Convert.ToInt32(r[3]), Convert.ToInt32(r[4]), (decimal)r[5]!,
                (string)r[6]!, (string)r[7]!, (string)r[8]!));
            Assert.Equal((500m, 0.5m), ((decimal)r[9]!, (decimal)r[10]!));
        }
    }

    [Fact]
    public void Quadrant_summary_matches_the_hand_computed_table()
    {
        _warehouse.RunMarts(OddFixture(), D, "value_loyalty");
        // 7 customers, revenue 3,780: Strategic partner V1 + V5 = 1,800; Retain V3 + V4 = 1,500;
        // Develop V2 + V7 = 360; Build relationship V6 = 120.
        AssertSummary(7, 3780m, 500m, "median", 0.5m, "median",
            ("Strategic partner", 2, 1800m), ("Retain", 2, 1500m), ("Develop", 2, 360m), ("Build relationship", 1, 120m));
        // Written out: 1,800 / 3,780 = 0.476190476... -> 0.47619047; 2/7 = 0.28571428.
        Assert.Equal(0.47619047m, (decimal)_warehouse.Scalar("SELECT revenue_share FROM mart_value_loyalty WHERE quadrant = 'Strategic partner'")!);
        Assert.Equal(0.28571428m, (decimal)_warehouse.Scalar("SELECT customer_share FROM mart_value_loyalty WHERE quadrant = 'Strategic partner'")!);
    }

    [Fact]
    public void Given_split_points_replace_the_medians_and_empty_quadrants_show_zeros()
    {
        // Value split 2,000: everyone is low value. Loyalty split 0.5: V1, V2, V5 (exactly 0.5), V7 high.
        // Develop V1 + V2 + V5 + V7 = 1,200 + 300 + 600 + 60 = 2,160; Build V3 + V4 + V6 = 1,000 + 500 + 120 = 1,620.
        _warehouse.RunMarts(OddFixture(), D, new MartOptions { ValueSplit = 2000m, LoyaltySplit = 0.5m }, "value_loyalty");
        AssertSummary(7, 3780m, 2000m, "parameter", 0.5m, "parameter",
            ("Strategic partner", 0, 0m), ("Retain", 0, 0m), ("Develop", 4, 2160m), ("Build relationship", 3, 1620m));
    }

    [Fact]
    public void An_even_count_splits_at_the_exact_mean_of_the_two_middle_values()
    {
        // W1 first 2024-01, 50 a month Jan..Jun:     300   6/12 = 0.5
        // W2 first 2023-02, 75 in Feb, May, Aug, Nov: 300   4/12 = 0.33333333
        // W3 first 2024-10, 300 a month Oct..Dec:     900   3/3  = 1
        // W4 first 2024-07, 100 in Jul:               100   1/6  = 0.16666666
        // Value: 100, 300, 300, 900 -> (300 + 300) / 2 = 300, both W1 and W2 sit on it: high.
        // Loyalty: 0.16666666, 0.33333333, 0.5, 1 -> (0.33333333 + 0.5) / 2 = 0.416666665 (kept exact, 9 decimals).
        // W1 high/high Strategic partner; W2 high/low Retain; W3 Strategic partner; W4 low/low Build relationship.
        var s = new FixtureSource().Product("P1", "Gifts", 1m, 10m);
        foreach (var id in new[] { "W1", "W2", "W3", "W4" }) s.Customer(id, new DateOnly(2020, 1, 1));
        s.Sale("W1", new DateOnly(2024, 1, 5), 50m);
        Monthly(s, "W1", 50m, 2, 3, 4, 5, 6);
        s.Sale("W2", new DateOnly(2023, 2, 1), 10m);
        Monthly(s, "W2", 75m, 2, 5, 8, 11);
        s.Sale("W3", new DateOnly(2024, 10, 1), 300m);
        Monthly(s, "W3", 300m, 11, 12);
        s.Sale("W4", new DateOnly(2024, 7, 1), 100m);
        _warehouse.RunMarts(s, D, "value_loyalty");

        var quadrants = _warehouse.Rows("SELECT customer_id, loyalty, quadrant FROM mart_customer_value_loyalty ORDER BY customer_id")
            .Select(r => ((string)r[0]!, (decimal)r[1]!, (string)r[2]!)).ToArray();
        Assert.Equal(new[]
        {
            ("W1", 0.5m, "Strategic partner"), ("W2", 0.33333333m, "Retain"), ("W3", 1m, "Strategic partner"), ("W4", 0.16666666m, "Build relationship"),
        }, quadrants);
        AssertSummary(4, 1600m, 300m, "median", 0.416666665m, "median",
            ("Strategic partner", 2, 1200m), ("Retain", 1, 300m), ("Develop", 0, 0m), ("Build relationship", 1, 100m));
        Assert.Equal(0.75m, (decimal)_warehouse.Scalar("SELECT revenue_share FROM mart_value_loyalty WHERE quadrant = 'Strategic partner'")!);
    }

    [Fact]
    public void Loyalty_counts_calendar_months_up_to_the_month_of_a_mid_month_as_of_date()
    {
        // D = 2024-06-15: value window (2023-06-15, 2024-06-15]; loyalty months Jul 2023 .. Jun 2024.
        // M1: only order 2023-06-20: active on value, but June 2023 is before the months counted:
        //     12 months counted, 0 active, loyalty 0.
        // M2: first order 2024-06-10: 1 month counted (June), 1 active: loyalty 1.
        // M3: first order 2024-05-01, another 2024-06-20 (after D): May and June counted, May active: 0.5.
        var d = new DateOnly(2024, 6, 15);
        var s = new FixtureSource().Product("P1", "Gifts", 1m, 10m);
        foreach (var id in new[] { "M1", "M2", "M3" }) s.Customer(id, new DateOnly(2020, 1, 1));
        s.Sale("M1", new DateOnly(2023, 6, 20), 100m);
        s.Sale("M2", new DateOnly(2024, 6, 10), 200m);
        s.Sale("M3", new DateOnly(2024, 5, 1), 300m);
        s.Sale("M3", new DateOnly(2024, 6, 20), 300m);
        _warehouse.RunMarts(s, d, "value_loyalty");
        var rows = _warehouse.Rows("SELECT customer_id, revenue_12m, months_counted, active_months, loyalty FROM mart_customer_value_loyalty ORDER BY customer_id")
            .Select(r => ((string)r[0]!, (decimal)r[1]!, Convert.ToInt32(r[2]), Convert.ToInt32(r[3]), (decimal)r[4]!)).ToArray();
        Assert.Equal(new[] { ("M1", 100m, 12, 0, 0m), ("M2", 200m, 1, 1, 1m), ("M3", 300m, 2, 1, 0.5m) }, rows);
        // Medians: value 200 (M2), loyalty 0.5 (M3). M1 low/low, M2 high/high, M3 high/high.
        var quadrants = _warehouse.Rows("SELECT quadrant, customers FROM mart_value_loyalty ORDER BY quadrant_order")
            .Select(r => ((string)r[0]!, Convert.ToInt64(r[1]))).ToArray();
        Assert.Equal(new[] { ("Strategic partner", 2L), ("Retain", 0L), ("Develop", 0L), ("Build relationship", 1L) }, quadrants);
    }

    [Fact]
    public void With_no_active_customer_all_four_quadrants_are_empty_and_the_median_is_null()
    {
        _warehouse.BackfillMarts(OddFixture(), new DateOnly(2019, 12, 31), "value_loyalty");
        Assert.Equal(0L, _warehouse.Scalar("SELECT COUNT(*) FROM mart_customer_value_loyalty WHERE as_of_date = DATE '2019-12-31'"));
        var rows = _warehouse.Rows("SELECT quadrant, customers, revenue, revenue_share, value_split, loyalty_split FROM mart_value_loyalty WHERE as_of_date = DATE '2019-12-31' ORDER BY quadrant_order");
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal((0L, 0m, (decimal?)null, (decimal?)null, (decimal?)null),
            (Convert.ToInt64(r[1]), (decimal)r[2]!, (decimal?)r[3], (decimal?)r[4], (decimal?)r[5])));
    }

    private void AssertSummary(long customers, decimal revenue, decimal valueSplit, string valueSource, decimal loyaltySplit, string loyaltySource,
        params (string Quadrant, long Customers, decimal Revenue)[] expected)
    {
        Assert.Equal(customers, expected.Sum(e => e.Customers));
        Assert.Equal(revenue, expected.Sum(e => e.Revenue));
        var rows = _warehouse.Rows("""
            SELECT quadrant, customers, customer_share, revenue, revenue_share, value_split, value_split_source, loyalty_split, loyalty_split_source
            FROM mart_value_loyalty WHERE as_of_date = DATE '2024-12-31' ORDER BY quadrant_order
            """);
        Assert.Equal(expected.Select(e => e.Quadrant), rows.Select(r => (string)r[0]!));
        foreach (var (e, r) in expected.Zip(rows))
        {
            Assert.Equal((e.Quadrant, e.Customers, Ratio(e.Customers, customers), e.Revenue, Ratio(e.Revenue, revenue)),
                (e.Quadrant, Convert.ToInt64(r[1]), (decimal)r[2]!, (decimal)r[3]!, (decimal)r[4]!));
            Assert.Equal((valueSplit, valueSource, loyaltySplit, loyaltySource), ((decimal)r[5]!, (string)r[6]!, (decimal)r[7]!, (string)r[8]!));
        }
    }

    [Fact]
    public void Every_fixture_row_is_loaded_so_the_orders_that_must_not_count_are_really_there()
    {
        using (var w = new TempWarehouse(mirrorToPostgres: true))
        {
            w.RunMarts(OddFixture(), D, "value_loyalty");
            Assert.Equal(0L, w.Scalar("SELECT COUNT(*) FROM etl_quarantine"));
        }
    }
}
