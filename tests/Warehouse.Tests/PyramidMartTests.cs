using Warehouse.Etl.Pipeline;
using Warehouse.Tests.Fixtures;
using static Warehouse.Tests.PyramidRetentionFixture;

namespace Warehouse.Tests;

/// <summary>The value pyramid on <see cref="PyramidRetentionFixture"/>, worked out by hand.
/// Window at D: 2023-07-01..2024-06-30. Active (12), by revenue: A01 1000, A02 500, A03 300,
/// A04 300 (tie with A03: the natural key decides), A05 200, A06 150, A07 100, A08 100, A09 80,
/// A10 50, A11 40, A12 20; total 2,840. Cut-offs with N = 12: Top ceil(0.12) = 1, Big ceil(0.6) = 1,
/// Medium ceil(2.4) = 3. Inactive: B01. Prospects: B02 (only cancelled), P01.</summary>
public sealed class PyramidMartTests : IDisposable
{
    private readonly TempWarehouse _warehouse = new(mirrorToPostgres: true);

    public void Dispose() => _warehouse.Dispose();

    [Fact]
    public void Tiers_and_pyramid_match_the_hand_computed_table()
    {
        _warehouse.RunMarts(Build(), AsOf, "pyramid");
        var tiers = _warehouse.Rows("SELECT customer_id, tier, revenue_rank FROM mart_customer_tier WHERE as_of_date = DATE '2024-06-30' ORDER BY customer_id")
            .ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
        Assert.Equal(new Dictionary<string, string>
        {
            ["A01"] = "Top", ["A02"] = "Medium", ["A03"] = "Medium", ["A04"] = "Small", ["A05"] = "Small", ["A06"] = "Small",
            ["A07"] = "Small", ["A08"] = "Small", ["A09"] = "Small", ["A10"] = "Small", ["A11"] = "Small", ["A12"] = "Small",
            ["B01"] = "Inactive", ["B02"] = "Prospect", ["P01"] = "Prospect",
        }, tiers);

        var rows = _warehouse.Rows("""
            SELECT tier, customers, active_share, revenue, revenue_share, avg_revenue, min_revenue, max_revenue
            FROM mart_pyramid WHERE as_of_date = DATE '2024-06-30' ORDER BY tier_order
            """);
        var expected = new (string Tier, long Customers, decimal? Share, decimal Revenue, decimal RevenueShare, decimal? Avg, decimal? Min, decimal? Max)[]
        {
            ("Top", 1, Ratio(1, 12), 1000m, Ratio(1000, 2840), 1000m, 1000m, 1000m),
            ("Big", 0, 0m, 0m, 0m, null, null, null),
            ("Medium", 2, Ratio(2, 12), 800m, Ratio(800, 2840), 400m, 300m, 500m),
            ("Small", 9, Ratio(9, 12), 1040m, Ratio(1040, 2840), 115.55555555m, 20m, 300m),
            ("Inactive", 1, null, 0m, 0m, 0m, 0m, 0m),
            ("Prospect", 2, null, 0m, 0m, 0m, 0m, 0m),
        };
        Assert.Equal(expected.Length, rows.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            var e = expected[i];
            var r = rows[i];
            Assert.Equal((e.Tier, e.Customers, e.Share, e.Revenue, e.RevenueShare, e.Avg, e.Min, e.Max),
                ((string)r[0]!, Convert.ToInt64(r[1]), (decimal?)r[2], (decimal)r[3]!, (decimal)r[4]!, (decimal?)r[5], (decimal?)r[6], (decimal?)r[7]));
        }
    }

    [Fact]
    public void Configured_cut_offs_move_the_tier_boundaries()
    {
        // Top 10%, Big 25%, Medium 50% of 12: ceil(1.2) = 2, ceil(3) = 3, ceil(6) = 6.
        _warehouse.Run(Build(), AsOf, marts: new MartOptions
        {
            Enabled = ["pyramid"], PyramidTopBasisPoints = 1_000, PyramidBigBasisPoints = 2_500, PyramidMediumBasisPoints = 5_000,
        });
        var counts = _warehouse.Rows("SELECT tier, customers FROM mart_pyramid WHERE as_of_date = DATE '2024-06-30' ORDER BY tier_order")
            .Select(r => $"{r[0]}={r[1]}");
        Assert.Equal(new[] { "Top=2", "Big=1", "Medium=3", "Small=6", "Inactive=1", "Prospect=2" }, counts);
    }

    [Fact]
    public void Migration_matrices_match_the_hand_computed_moves()
    {
        _warehouse.RunMarts(Build(), AsOf, "pyramid");
        string Moves(string comparison) => string.Join(" ", _warehouse.Rows($"""
            SELECT from_tier, to_tier, customers FROM mart_pyramid_migration
            WHERE as_of_date = DATE '2024-06-30' AND comparison = '{comparison}' AND customers > 0
            ORDER BY from_order, to_order
            """).Select(r => $"{r[0]}>{r[1]}:{r[2]}"));

        // At 2024-05-31 (window 2023-06-01..2024-05-31) the 10 active are A01 700 (Top), A02 500
        // (Medium: ceil(2.0) = 2), A03, A05-A09, A11, A12 (Small); B01 Inactive; B02, P01 Prospect;
        // A04 and A10 had not signed up (New).
        Assert.Equal("New>Small:2 Top>Top:1 Medium>Medium:1 Small>Medium:1 Small>Small:7 Inactive>Inactive:1 Prospect>Prospect:2",
            Moves("prior_month"));
        // At 2023-06-30 only B01 had bought (Top of 1); A01-A03, A05-A09, A11, A12 and B02 were
        // prospects; A04, A10, P01 had not signed up.
        Assert.Equal("New>Small:2 New>Prospect:1 Top>Inactive:1 Prospect>Top:1 Prospect>Medium:2 Prospect>Small:7 Prospect>Prospect:1",
            Moves("prior_year"));

        Assert.Equal(new DateOnly(2024, 5, 31), (DateOnly)_warehouse.Scalar("SELECT DISTINCT compared_to FROM mart_pyramid_migration WHERE comparison = 'prior_month'")!);
        Assert.Equal(new DateOnly(2023, 6, 30), (DateOnly)_warehouse.Scalar("SELECT DISTINCT compared_to FROM mart_pyramid_migration WHERE comparison = 'prior_year'")!);
        // The full grid is stored: 7 from-tiers (New included) x 6 to-tiers per comparison.
        Assert.Equal(84L, _warehouse.Scalar("SELECT COUNT(*) FROM mart_pyramid_migration"));
    }

    [Fact]
    public void Pareto_share_is_the_top_fifth_of_active_customers()
    {
        _warehouse.RunMarts(Build(), AsOf, "pyramid");
        var r = _warehouse.Rows("SELECT active_customers, top_share_percent, top_customers, top_revenue, total_revenue, top_revenue_share FROM mart_pareto WHERE as_of_date = DATE '2024-06-30'").Single();
        // ceil(0.2 x 12) = 3 customers: A01 1000 + A02 500 + A03 300 = 1,800 of 2,840.
        Assert.Equal((12L, 20.00m, 3L, 1800m, 2840m, Ratio(1800, 2840)),
            (Convert.ToInt64(r[0]), (decimal)r[1]!, Convert.ToInt64(r[2]), (decimal)r[3]!, (decimal)r[4]!, (decimal)r[5]!));
    }

    [Fact]
    public void Pareto_share_is_also_built_for_the_month_ends_the_tiers_compare_with()
    {
        _warehouse.RunMarts(Build(), AsOf, "pyramid");

        // The as-of date and the dates mart_customer_tier ranks for the migration: a month and a year earlier.
        Assert.Equal([new DateOnly(2023, 6, 30), new DateOnly(2024, 5, 31), new DateOnly(2024, 6, 30)],
            _warehouse.Rows("SELECT as_of_date FROM mart_pareto ORDER BY as_of_date").Select(r => (DateOnly)r[0]!));
        foreach (var date in new[] { "2024-05-31", "2023-06-30" })
        {
            // Worked out here from the tiers' revenue ranks at that date: the top ceil(20% of N) ranks.
            var ranked = _warehouse.Rows($"SELECT revenue_rank, revenue_12m FROM mart_customer_tier WHERE as_of_date = DATE '{date}' AND revenue_rank IS NOT NULL")
                .Select(x => (Rank: Convert.ToInt64(x[0]), Revenue: (decimal)x[1]!)).ToList();
            long top = (ranked.Count * 2 + 9) / 10;
            decimal topRevenue = ranked.Where(x => x.Rank <= top).Sum(x => x.Revenue), total = ranked.Sum(x => x.Revenue);
            var r = _warehouse.Rows($"SELECT active_customers, top_customers, top_revenue, total_revenue, top_revenue_share FROM mart_pareto WHERE as_of_date = DATE '{date}'").Single();
            Assert.Equal((ranked.Count, top, topRevenue, total, total == 0 ? (decimal?)null : Ratio(topRevenue, total)),
                (Convert.ToInt32(r[0]), Convert.ToInt64(r[1]), (decimal)r[2]!, (decimal)r[3]!, (decimal?)r[4]));
        }
        Assert.True(Convert.ToInt64(_warehouse.Scalar("SELECT active_customers FROM mart_pareto WHERE as_of_date = DATE '2024-05-31'")) > 0);
    }
}
