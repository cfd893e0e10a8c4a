using Warehouse.Etl.Pipeline;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests;

/// <summary>
/// Historical customer lifetime value with referrals (mart_customer_value), on two hand-made
/// fixtures whose every expected figure was worked out by hand from the orders:
///
/// 1. The worked example of the issue (value = revenue): a software vendor sells a design firm an
///    800 package in year 1 at an acquisition cost of 850; the firm buys 750, 700, 500 and 3,200 in
///    years 2-5; it refers R1 in year 2 (buys 800, 750, 700, 500 in years 2-5), R2 in year 3 (800,
///    750, 700 in years 3-5), R3 and R4 in year 4 (800 each in year 4, 750 each in year 5); every
///    referred customer cost 100 to acquire. Years 1..5 are 2020..2024, as-of each 31 December.
///
/// 2. A referral chain A -> B -> C -> D (A referred B, ...) with margin as the value basis, a
///    referral cycle E <-> F, a self-referral G, customers who never ordered, a customer signed up
///    after D, and orders that must not count.
/// </summary>
public sealed class CustomerValueMartTests : IDisposable
{
    private readonly TempWarehouse _warehouse = new(mirrorToPostgres: true);

    public void Dispose() => _warehouse.Dispose();

    private static DateOnly YearEnd(int year) => new(2019 + year, 12, 31);

    private static FixtureSource WorkedExample()
    {
        // Each package costs the vendor 100, so margin differs from revenue: the figures below hold
        // only with value = revenue (:clv_value_basis = 'revenue').
        var s = new FixtureSource().Product("P1", "Software", 100m, 800m);
        s.Customer("FIRM", new DateOnly(2020, 1, 10), acquisitionCost: 850m)
         .Customer("R1", new DateOnly(2021, 2, 1), acquisitionCost: 100m, referredBy: "FIRM")
         .Customer("R2", new DateOnly(2022, 2, 1), acquisitionCost: 100m, referredBy: "FIRM")
         .Customer("R3", new DateOnly(2023, 2, 1), acquisitionCost: 100m, referredBy: "FIRM")
         .Customer("R4", new DateOnly(2023, 3, 1), acquisitionCost: 100m, referredBy: "FIRM");
        s.Sale("FIRM", new DateOnly(2020, 3, 1), 800m);
        s.Sale("FIRM", new DateOnly(2021, 3, 1), 750m);
        s.Sale("FIRM", new DateOnly(2022, 3, 1), 700m);
        s.Sale("FIRM", new DateOnly(2023, 3, 1), 500m);
        s.Sale("FIRM", new DateOnly(2024, 3, 1), 3200m);
        s.Sale("R1", new DateOnly(2021, 4, 1), 800m);
        s.Sale("R1", new DateOnly(2022, 4, 1), 750m);
        s.Sale("R1", new DateOnly(2023, 4, 1), 700m);
        s.Sale("R1", new DateOnly(2024, 4, 1), 500m);
        s.Sale("R2", new DateOnly(2022, 5, 1), 800m);
        s.Sale("R2", new DateOnly(2023, 5, 1), 750m);
        s.Sale("R2", new DateOnly(2024, 5, 1), 700m);
        s.Sale("R3", new DateOnly(2023, 6, 1), 800m);
        s.Sale("R3", new DateOnly(2024, 6, 1), 750m);
        s.Sale("R4", new DateOnly(2023, 7, 1), 800m);
        s.Sale("R4", new DateOnly(2024, 7, 1), 750m);
        return s;
    }

    [Fact]
    public void The_worked_example_gives_the_hand_computed_historical_clv_every_year()
    {
        var source = WorkedExample();
        for (var year = 1; year <= 5; year++)
            _warehouse.RunMarts(source, YearEnd(year), new MartOptions { ClvValueBasis = "revenue" }, "customer_value");

        // year: firm's orders, revenue (to date), referred customers so far, their revenue to date,
        // their acquisition cost, CLV = revenue - 850 + referred revenue - referred acquisition cost.
        //   1:  800 (1 order)                                      ->   800 - 850 +    0 -   0 =    -50
        //   2: +750 = 1,550;  R1 800                                -> 1,550 - 850 +  800 - 100 =  1,400
        //   3: +700 = 2,250;  R1 1,550 + R2 800 = 2,350             -> 2,250 - 850 + 2,350 - 200 =  3,550
        //   4: +500 = 2,750;  R1 2,250 + R2 1,550 + R3 800 + R4 800 = 5,400
        //                                                           -> 2,750 - 850 + 5,400 - 400 =  6,900
        //   5: +3,200 = 5,950; R1 2,750 + R2 2,250 + R3 1,550 + R4 1,550 = 8,100
        //                                                           -> 5,950 - 850 + 8,100 - 400 = 12,800
        var expected = new (int Year, long Orders, decimal Revenue, long Referrals, decimal ReferredRevenue, decimal ReferredCost, decimal Clv, int Tenure)[]
        {
            (1, 1, 800m, 0, 0m, 0m, -50m, 9),
            (2, 2, 1550m, 1, 800m, 100m, 1400m, 21),
            (3, 3, 2250m, 2, 2350m, 200m, 3550m, 33),
            (4, 4, 2750m, 4, 5400m, 400m, 6900m, 45),
            (5, 5, 5950m, 4, 8100m, 400m, 12800m, 57),
        };
        var rows = _warehouse.Rows("""
            SELECT as_of_date, orders, revenue, acquisition_cost, direct_referrals, direct_referral_revenue,
                   network_referrals, network_revenue, network_acquisition_cost, value_basis, own_value, network_value,
                   historical_clv, tenure_months, first_order_date, last_order_date
            FROM mart_customer_value WHERE customer_id = 'FIRM' ORDER BY as_of_date
            """);
        Assert.Equal(5, rows.Count);
        foreach (var (e, r) in expected.Zip(rows))
        {
            Assert.Equal(YearEnd(e.Year), (DateOnly)r[0]!);
            Assert.Equal((e.Year, e.Orders, e.Revenue, 850m), (e.Year, Convert.ToInt64(r[1]), (decimal)r[2]!, (decimal)r[3]!));
            // All the referred customers are direct, so the network to depth 3 is the direct referrals.
            Assert.Equal((e.Year, e.Referrals, e.ReferredRevenue), (e.Year, Convert.ToInt64(r[4]), (decimal)r[5]!));
            Assert.Equal((e.Year, e.Referrals, e.ReferredRevenue, e.ReferredCost),
                (e.Year, Convert.ToInt64(r[6]), (decimal)r[7]!, (decimal)r[8]!));
            Assert.Equal(("revenue", e.Revenue, e.ReferredRevenue), ((string)r[9]!, (decimal)r[10]!, (decimal)r[11]!));
            Assert.Equal((e.Year, e.Clv), (e.Year, (decimal)r[12]!));
            // First order 2020-03-01: March 2020 to December of year y.
            Assert.Equal((e.Year, e.Tenure), (e.Year, Convert.ToInt32(r[13])));
            Assert.Equal(new DateOnly(2020, 3, 1), (DateOnly)r[14]!);
            Assert.Equal(new DateOnly(2019 + e.Year, 3, 1), (DateOnly)r[15]!);
        }

        // The totals of the issue at year 5: own purchases 5,950; referred purchases 8,100; referred
        // acquisition cost 4 x 100 = 400; 12,800 = 5,950 - 850 + 8,100 - 400.
        Assert.Equal(5950m, (decimal)rows[4][2]!);
        Assert.Equal(8100m, (decimal)rows[4][7]!);
        Assert.Equal(400m, (decimal)rows[4][8]!);
        Assert.Equal(5950m - 850m + 8100m - 400m, (decimal)rows[4][12]!);

        // Year 5, every customer: R1 2,750 - 100 = 2,650; R2 2,250 - 100 = 2,150; R3, R4 1,550 - 100 = 1,450.
        var year5 = _warehouse.Rows("SELECT customer_id, historical_clv FROM mart_customer_value WHERE as_of_date = DATE '2024-12-31' ORDER BY customer_id")
            .Select(r => ((string)r[0]!, (decimal)r[1]!)).ToArray();
        Assert.Equal(new[] { ("FIRM", 12800m), ("R1", 2650m), ("R2", 2150m), ("R3", 1450m), ("R4", 1450m) }, year5);

        // Year 1: the referred customers had not signed up yet, so they are neither in the mart nor
        // in the firm's network (no acquisition cost of theirs is charged to the firm).
        Assert.Equal(1L, _warehouse.Scalar("SELECT COUNT(*) FROM mart_customer_value WHERE as_of_date = DATE '2020-12-31'"));
    }

    // ---- Chain fixture: as of 2024-12-31, product P1 costs 40 a unit, so an order's margin = amount - 40.

    private static readonly DateOnly D = new(2024, 12, 31);

    private static FixtureSource ChainFixture()
    {
        var s = new FixtureSource().Product("P1", "Software", 40m, 100m);
        s.Customer("A", new DateOnly(2024, 1, 1), acquisitionCost: 50m)
         .Customer("B", new DateOnly(2024, 3, 1), acquisitionCost: 30m, referredBy: "A")
         .Customer("C", new DateOnly(2024, 4, 1), acquisitionCost: 20m, referredBy: "B")
         .Customer("D", new DateOnly(2024, 5, 1), acquisitionCost: 10m, referredBy: "C")
         .Customer("E", new DateOnly(2024, 1, 15), referredBy: "F")                     // E and F refer each other
         .Customer("F", new DateOnly(2024, 1, 15), referredBy: "E")
         .Customer("G", new DateOnly(2024, 2, 1), acquisitionCost: 5m, referredBy: "G") // refers itself
         .Customer("H", new DateOnly(2024, 6, 1), acquisitionCost: 25m)                 // never ordered
         .Customer("I", new DateOnly(2025, 2, 1), acquisitionCost: 99m, referredBy: "A") // signed up after D
         .Customer("J", new DateOnly(2025, 1, 2))                                       // signed up after D, ordered before
         .Customer("K", new DateOnly(2024, 3, 1), acquisitionCost: 15m)                 // only a cancelled order and one after D
         .CustomerRecord("L", signup: null, acquisitionCost: null);                     // no signup date, no cost, no orders

        s.Sale("A", new DateOnly(2024, 2, 10), 200m);                    // margin 160
        s.Sale("A", new DateOnly(2025, 1, 5), 1000m);                    // after D
        s.Sale("B", new DateOnly(2024, 3, 5), 100m);                     // margin 60
        s.Sale("B", new DateOnly(2024, 9, 15), 150m);                    // margin 110
        s.Sale("B", new DateOnly(2024, 10, 1), 500m, "cancelled");
        s.Sale("C", new DateOnly(2024, 4, 10), 300m);                    // margin 260
        s.Sale("C", new DateOnly(2024, 11, 1), 120m, "returned");
        s.Sale("D", new DateOnly(2024, 5, 20), 90m);                     // margin 50
        s.Order("D", new DateOnly(2024, 6, 1), "completed", ("P1", 1, 90m, 1.00m)); // worth 0 (margin -40): not counted
        s.Sale("E", new DateOnly(2024, 7, 1), 100m);                     // margin 60
        s.Sale("F", new DateOnly(2024, 8, 1), 50m);                      // margin 10
        s.Sale("G", new DateOnly(2024, 2, 2), 45m);                      // margin 5
        s.Sale("J", new DateOnly(2024, 12, 20), 80m);                    // margin 40
        s.Sale("K", new DateOnly(2024, 5, 1), 70m, "cancelled");
        s.Sale("K", new DateOnly(2025, 1, 3), 60m);                      // after D
        return s;
    }

    // id, first order, last order, tenure, orders, revenue, margin, acquisition cost,
    // direct referrals (count, revenue, margin), network to depth 3 (count, revenue, margin, acquisition cost), CLV on margin
    //   A: 160 - 50 + (B 170 - 30) + (C 260 - 20) + (D 50 - 10) = 110 + 140 + 240 + 40 = 530
    //   B: 170 - 30 + 240 + 40 = 420;  C: 240 + 40 = 280;  D: 50 - 10 = 40
    //   E: 60 + F 10 = 70 (the cycle back to E is cut);  F: 10 + E 60 = 70;  G: 5 - 5 = 0 (no self-referral)
    //   H: -25;  J: 40;  K: -15;  L: 0 (NULL cost counts as 0);  I is not in the mart (signed up after D).
    private static readonly (string Id, DateOnly? First, DateOnly? Last, int? Tenure, long Orders, decimal Revenue, decimal Margin, decimal Cost,
        long Direct, decimal DirectRevenue, decimal DirectMargin, long Network, decimal NetworkRevenue, decimal NetworkMargin, decimal NetworkCost, decimal Clv)[] Expected =
    [
        ("A", new(2024, 2, 10), new(2024, 2, 10), 10, 1, 200m, 160m, 50m, 1, 250m, 170m, 3, 640m, 480m, 60m, 530m),
        ("B", new(2024, 3, 5), new(2024, 9, 15), 9, 2, 250m, 170m, 30m, 1, 300m, 260m, 2, 390m, 310m, 30m, 420m),
        ("C", new(2024, 4, 10), new(2024, 4, 10), 8, 1, 300m, 260m, 20m, 1, 90m, 50m, 1, 90m, 50m, 10m, 280m),
        ("D", new(2024, 5, 20), new(2024, 5, 20), 7, 1, 90m, 50m, 10m, 0, 0m, 0m, 0, 0m, 0m, 0m, 40m),
        ("E", new(2024, 7, 1), new(2024, 7, 1), 5, 1, 100m, 60m, 0m, 1, 50m, 10m, 1, 50m, 10m, 0m, 70m),
        ("F", new(2024, 8, 1), new(2024, 8, 1), 4, 1, 50m, 10m, 0m, 1, 100m, 60m, 1, 100m, 60m, 0m, 70m),
        ("G", new(2024, 2, 2), new(2024, 2, 2), 10, 1, 45m, 5m, 5m, 0, 0m, 0m, 0, 0m, 0m, 0m, 0m),
        ("H", null, null, null, 0, 0m, 0m, 25m, 0, 0m, 0m, 0, 0m, 0m, 0m, -25m),
        ("J", new(2024, 12, 20), new(2024, 12, 20), 0, 1, 80m, 40m, 0m, 0, 0m, 0m, 0, 0m, 0m, 0m, 40m),
        ("K", null, null, null, 0, 0m, 0m, 15m, 0, 0m, 0m, 0, 0m, 0m, 0m, -15m),
        ("L", null, null, null, 0, 0m, 0m, 0m, 0, 0m, 0m, 0, 0m, 0m, 0m, 0m),
    ];

    [Fact]
    public void Chain_fixture_matches_the_hand_computed_table_with_margin_as_the_default_basis()
    {
        _warehouse.RunMarts(ChainFixture(), D, "customer_value");
        var rows = _warehouse.Rows("""
            SELECT customer_id, first_order_date, last_order_date, tenure_months, orders, revenue, margin, acquisition_cost,
                   direct_referrals, direct_referral_revenue, direct_referral_margin,
                   network_referrals, network_revenue, network_margin, network_acquisition_cost, historical_clv,
                   value_basis, referral_depth, own_value, network_value
            FROM mart_customer_value WHERE as_of_date = DATE '2024-12-31' ORDER BY customer_id
            """);
        Assert.Equal(Expected.Select(e => e.Id), rows.Select(r => (string)r[0]!));
        foreach (var (e, r) in Expected.Zip(rows))
        {
            Assert.Equal((e.Id, e.First, e.Last, e.Tenure), (e.Id, (DateOnly?)r[1], (DateOnly?)r[2], r[3] is null ? (int?)null : Convert.ToInt32(r[3])));
            Assert.Equal((e.Id, e.Orders, e.Revenue, e.Margin, e.Cost),
                (e.Id, Convert.ToInt64(r[4]), (decimal)r[5]!, (decimal)r[6]!, (decimal)r[7]!));
            Assert.Equal((e.Id, e.Direct, e.DirectRevenue, e.DirectMargin),
                (e.Id, Convert.ToInt64(r[8]), (decimal)r[9]!, (decimal)r[10]!));
            Assert.Equal((e.Id, e.Network, e.NetworkRevenue, e.NetworkMargin, e.NetworkCost),
                (e.Id, Convert.ToInt64(r[11]), (decimal)r[12]!, (decimal)r[13]!, (decimal)r[14]!));
            Assert.Equal((e.Id, e.Clv), (e.Id, (decimal)r[15]!));
            Assert.Equal((e.Id, "margin", 3, e.Margin, e.NetworkMargin),
                (e.Id, (string)r[16]!, Convert.ToInt32(r[17]), (decimal)r[18]!, (decimal)r[19]!));
        }
    }

    [Theory]
    // depth 1: A = 110 + B 140 = 250;            B = 140 + C 240 = 380
    // depth 2: A = 110 + 140 + C 240 = 490;      B = 140 + 240 + D 40 = 420
    // depth 3: A = 110 + 140 + 240 + D 40 = 530; B = 420
    // depth 4: nothing deeper than D, so as depth 3. C = 280, D = 40 at every depth.
    [InlineData(1, 1, 250, 380, 280)]
    [InlineData(2, 2, 490, 420, 280)]
    [InlineData(3, 3, 530, 420, 280)]
    [InlineData(4, 3, 530, 420, 280)]
    public void The_referral_depth_decides_how_far_down_the_chain_counts(int depth, long networkOfA, int clvA, int clvB, int clvC)
    {
        _warehouse.RunMarts(ChainFixture(), D, new MartOptions { ReferralDepth = depth }, "customer_value");
        var clv = _warehouse.Rows("SELECT customer_id, historical_clv, network_referrals, referral_depth FROM mart_customer_value WHERE as_of_date = DATE '2024-12-31'")
            .ToDictionary(r => (string)r[0]!, r => (Clv: (decimal)r[1]!, Network: Convert.ToInt64(r[2]), Depth: Convert.ToInt32(r[3])));
        Assert.Equal((decimal)clvA, clv["A"].Clv);
        Assert.Equal(networkOfA, clv["A"].Network);
        Assert.Equal((decimal)clvB, clv["B"].Clv);
        Assert.Equal((decimal)clvC, clv["C"].Clv);
        Assert.Equal(40m, clv["D"].Clv);
        Assert.Equal(depth, clv["A"].Depth);
        // The cycle E <-> F never counts anyone twice, however deep the walk may go.
        Assert.Equal((70m, 1L), (clv["E"].Clv, clv["E"].Network));
        Assert.Equal((70m, 1L), (clv["F"].Clv, clv["F"].Network));
    }

    [Fact]
    public void Revenue_basis_on_the_chain()
    {
        // A: 200 - 50 + (B 250 - 30) + (C 300 - 20) + (D 90 - 10) = 150 + 220 + 280 + 80 = 730
        // B: 250 - 30 + 280 + 80 = 580;  E: 100 + 50 = 150;  G: 45 - 5 = 40
        _warehouse.RunMarts(ChainFixture(), D, new MartOptions { ClvValueBasis = "revenue" }, "customer_value");
        var clv = _warehouse.Rows("SELECT customer_id, historical_clv, value_basis FROM mart_customer_value WHERE as_of_date = DATE '2024-12-31'")
            .ToDictionary(r => (string)r[0]!, r => ((decimal)r[1]!, (string)r[2]!));
        Assert.Equal((730m, "revenue"), clv["A"]);
        Assert.Equal((580m, "revenue"), clv["B"]);
        Assert.Equal((150m, "revenue"), clv["E"]);
        Assert.Equal((40m, "revenue"), clv["G"]);
    }

    [Fact]
    public void Every_fixture_row_is_loaded_so_the_orders_that_must_not_count_are_really_there()
    {
        using (var w = new TempWarehouse(mirrorToPostgres: true))
        {
            w.RunMarts(WorkedExample(), D, "customer_value");
            Assert.Equal(0L, w.Scalar("SELECT COUNT(*) FROM etl_quarantine"));
        }
        using (var w = new TempWarehouse(mirrorToPostgres: true))
        {
            w.RunMarts(ChainFixture(), D, "customer_value");
            Assert.Equal(0L, w.Scalar("SELECT COUNT(*) FROM etl_quarantine"));
        }
    }
}
