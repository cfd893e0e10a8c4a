using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests;

/// <summary>
/// Campaign ROI (mart_campaign_roi) as of D = 2024-12-31, worked out by hand. Product P1 costs 20 a
/// unit; every order is one unit, so its margin = amount - 20.
///
/// Campaigns: CMP1 cost 100; CMP2 cost 0; CMP3 cost 500 and no orders; CMP4 cost unknown (NULL);
/// CMP5 starts 2025-02-01 (after D) with no orders: not in the mart; CMP6 starts 2025-03-01 but an
/// order before D already carries it: in the mart.
///
/// Qualifying orders (amount / margin), first order of each customer marked *:
///   C1  2024-01-10 CMP1 200 / 180 *   2024-02-10 CMP1 100 / 80   2024-06-01 none 50 / 30
///   C2  2024-01-05 none 100 / 80 *    2024-03-01 CMP1 150 / 130
///   C3  2024-04-01 CMP2 60 / 40 *     2024-05-01 CMP1 80 / 60
///   C4  (2024-01-02 CMP1 cancelled)   2024-02-01 CMP2 30 / 10 *
///   C5  only a returned and a worthless CMP1 order, and one dated after D: nothing counts
///   C6  2024-07-01 CMP4 100 / 80 *
///   C7  2024-08-01 unknown campaign ZZZ (campaign key -1): in no row
///   C8  2024-09-01 CMP1 100 / 80 * and, same timestamp, CMP2 50 / 30 (the lower order id is first)
///   C9  2024-11-01 CMP6 40 / 20 *
///   C10 never ordered
/// </summary>
public sealed class CampaignRoiMartTests : IDisposable
{
    private static readonly DateOnly D = new(2024, 12, 31);
    private readonly TempWarehouse _warehouse = new(mirrorToPostgres: true);

    public void Dispose() => _warehouse.Dispose();

    public static FixtureSource Build()
    {
        var s = new FixtureSource().Product("P1", "Gifts", 20m, 100m)
            .Campaign("CMP1", "email", new DateOnly(2024, 1, 1), new DateOnly(2024, 3, 31), 100m)
            .Campaign("CMP2", "social", new DateOnly(2024, 2, 1), new DateOnly(2024, 12, 31), 0m)
            .Campaign("CMP3", "print", new DateOnly(2024, 5, 1), new DateOnly(2024, 5, 31), 500m)
            .CampaignWithoutCost("CMP4", "partner", new DateOnly(2024, 6, 1), new DateOnly(2024, 8, 31))
            .Campaign("CMP5", "email", new DateOnly(2025, 2, 1), new DateOnly(2025, 2, 28), 300m)
            .Campaign("CMP6", "email", new DateOnly(2025, 3, 1), new DateOnly(2025, 3, 31), 50m);
        for (var i = 1; i <= 10; i++) s.Customer($"C{i:D2}", new DateOnly(2023, 1, 1));

        s.SaleVia("C01", new DateOnly(2024, 1, 10), 200m, "web", "CMP1");
        s.SaleVia("C01", new DateOnly(2024, 2, 10), 100m, "web", "CMP1");
        s.SaleVia("C01", new DateOnly(2024, 6, 1), 50m, "web", null);
        s.SaleVia("C02", new DateOnly(2024, 1, 5), 100m, "web", null);
        s.SaleVia("C02", new DateOnly(2024, 3, 1), 150m, "web", "CMP1");
        s.SaleVia("C03", new DateOnly(2024, 4, 1), 60m, "web", "CMP2");
        s.SaleVia("C03", new DateOnly(2024, 5, 1), 80m, "store", "CMP1");
        s.SaleVia("C04", new DateOnly(2024, 1, 2), 300m, "web", "CMP1", status: "cancelled");
        s.SaleVia("C04", new DateOnly(2024, 2, 1), 30m, "web", "CMP2");
        s.SaleVia("C05", new DateOnly(2024, 3, 1), 100m, "web", "CMP1", status: "returned");
        s.OrderVia("C05", new DateOnly(2024, 3, 2), "completed", "web", "CMP1", ("P1", 1, 100m, 1.00m));   // worth 0
        s.SaleVia("C05", new DateOnly(2025, 1, 3), 70m, "web", "CMP1");                                  // after D
        s.SaleVia("C06", new DateOnly(2024, 7, 1), 100m, "web", "CMP4");
        s.SaleVia("C07", new DateOnly(2024, 8, 1), 40m, "web", "ZZZ");
        s.SaleVia("C08", new DateOnly(2024, 9, 1), 100m, "web", "CMP1");
        s.SaleVia("C08", new DateOnly(2024, 9, 1), 50m, "web", "CMP2");
        s.SaleVia("C09", new DateOnly(2024, 11, 1), 40m, "web", "CMP6");
        return s;
    }

    [Fact]
    public void Campaign_orders_acquisitions_cost_and_roi_match_the_hand_computed_table()
    {
        _warehouse.RunMarts(Build(), D, "campaign_roi");
        // CMP1: C1 200 + 100, C2 150, C3 80, C8 100 = 5 orders, revenue 630, margin 180 + 80 + 130 + 60 + 80 = 530,
        //       4 customers, new C1 and C8; ROI (530 - 100) / 100 = 4.3; cost per new 100 / 2 = 50.
        // CMP2: C3 60, C4 30, C8 50 = 3 orders, 140, margin 40 + 10 + 30 = 80, new C3 and C4; cost 0: ROI NULL, cost per new 0.
        // CMP3: nothing; ROI (0 - 500) / 500 = -1; no new customer: cost per new NULL.
        // CMP4: C6 100 / 80, new C6; cost unknown: ROI and cost per new NULL.
        // CMP6: C9 40 / 20, new C9; ROI (20 - 50) / 50 = -0.6; cost per new 50.
        var expected = new (string Id, long Orders, long Customers, long New, decimal Revenue, decimal Margin, decimal? Cost, decimal? CostPerNew, decimal? Roi)[]
        {
            ("CMP1", 5, 4, 2, 630m, 530m, 100m, 50m, 4.3m),
            ("CMP2", 3, 3, 2, 140m, 80m, 0m, 0m, null),
            ("CMP3", 0, 0, 0, 0m, 0m, 500m, null, -1m),
            ("CMP4", 1, 1, 1, 100m, 80m, null, null, null),
            ("CMP6", 1, 1, 1, 40m, 20m, 50m, 50m, -0.6m),
        };
        var rows = _warehouse.Rows("""
            SELECT campaign_id, orders, customers, new_customers, revenue, margin, cost, cost_per_new_customer, roi
            FROM mart_campaign_roi WHERE as_of_date = DATE '2024-12-31' ORDER BY campaign_key
            """);
        Assert.Equal(expected.Select(e => e.Id), rows.Select(r => (string)r[0]!));
        foreach (var (e, r) in expected.Zip(rows))
            Assert.Equal(e, ((string)r[0]!, Convert.ToInt64(r[1]), Convert.ToInt64(r[2]), Convert.ToInt64(r[3]), (decimal)r[4]!, (decimal)r[5]!,
                (decimal?)r[6], (decimal?)r[7], (decimal?)r[8]));
        // Each buyer is acquired once at most: 8 customers bought, less C2 (first order without a
        // campaign) and C7 (first order with an unknown campaign) = 6 acquisitions.
        Assert.Equal(6L, expected.Sum(e => e.New));
        Assert.Equal(6L, Convert.ToInt64(_warehouse.Scalar("SELECT CAST(SUM(new_customers) AS BIGINT) FROM mart_campaign_roi")));
    }

    [Fact]
    public void Orders_after_the_as_of_date_and_campaigns_not_started_yet_do_not_count()
    {
        // As of 2024-01-31 only C1's 2024-01-10 CMP1 order (200 / 180) and C2's campaign-less order exist;
        // CMP2 .. CMP6 start later and no order up to then carries them. ROI (180 - 100) / 100 = 0.8.
        _warehouse.RunMarts(Build(), new DateOnly(2024, 1, 31), "campaign_roi");
        var rows = _warehouse.Rows("SELECT campaign_id, orders, new_customers, revenue, margin, roi, start_date, channel FROM mart_campaign_roi");
        var r = Assert.Single(rows);
        Assert.Equal(("CMP1", 1L, 1L, 200m, 180m, (decimal?)0.8m, new DateOnly(2024, 1, 1), "email"),
            ((string)r[0]!, Convert.ToInt64(r[1]), Convert.ToInt64(r[2]), (decimal)r[3]!, (decimal)r[4]!, (decimal?)r[5], (DateOnly)r[6]!, (string)r[7]!));
    }

    [Fact]
    public void Every_fixture_row_is_loaded_so_the_orders_that_must_not_count_are_really_there()
    {
        using (var w = new TempWarehouse(mirrorToPostgres: true))
        {
            w.RunMarts(Build(), D, "campaign_roi");
            Assert.Equal(0L, w.Scalar("SELECT COUNT(*) FROM etl_quarantine"));
        }
    }
}
