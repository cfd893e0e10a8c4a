using Warehouse.Tests.Fixtures;
using static Warehouse.Tests.PyramidRetentionFixture;

namespace Warehouse.Tests;

/// <summary>Monthly retention, cohorts and CRR on <see cref="PyramidRetentionFixture"/>, by hand.</summary>
public sealed class RetentionMartTests : IDisposable
{
    private readonly TempWarehouse _warehouse = new(mirrorToPostgres: true);

    public void Dispose() => _warehouse.Dispose();

    [Fact]
    public void Monthly_retention_matches_the_hand_computed_table()
    {
        _warehouse.RunMarts(Build(), AsOf, "retention");
        // month: active, retained, new, reactivated, churned, previous active
        var expected = new[]
        {
            "2023-03: 1 0 1 0 0 0",   // B01's only order
            "2023-04: 0 0 0 0 1 1",   // B01 churns
            "2023-05: 0 0 0 0 0 0",
            "2023-06: 0 0 0 0 0 0",
            "2023-07: 3 0 3 0 0 0",   // A01, A03, A11 new
            "2023-08: 2 2 0 0 1 3",   // A01, A11 stay; A03 churns
            "2023-09: 1 0 1 0 2 2",   // A02 new; A01, A11 churn
            "2023-10: 1 0 1 0 1 1",
            "2023-11: 1 0 1 0 1 1",
            "2023-12: 1 0 1 0 1 1",   // A07 new (B02's cancelled order does not count)
            "2024-01: 2 0 1 1 1 1",   // A12 new, A03 comes back
            "2024-02: 0 0 0 0 2 2",   // a month without orders
            "2024-03: 1 0 0 1 0 0",   // A03 again
            "2024-04: 1 0 1 0 1 1",
            "2024-05: 1 0 1 0 1 1",
            "2024-06: 3 0 2 1 1 1",   // A04, A10 new, A01 back; A09 churns
        };
        var rows = _warehouse.Rows("""
            SELECT strftime(month_start, '%Y-%m'), active, retained, new_customers, reactivated, churned, previous_active, retention_rate, churn_rate
            FROM mart_retention_monthly WHERE as_of_date = DATE '2024-06-30' ORDER BY month_start
            """);
        Assert.Equal(expected, rows.Select(r => $"{r[0]}: {r[1]} {r[2]} {r[3]} {r[4]} {r[5]} {r[6]}"));
        var august = rows[5];
        Assert.Equal(Ratio(2, 3), (decimal)august[7]!);
        Assert.Equal(Ratio(1, 3), (decimal)august[8]!);
        Assert.Null(rows[2][7]);                                  // nobody to retain in 2023-05
        Assert.Equal((0m, 1m), ((decimal)rows[11][7]!, (decimal)rows[11][8]!));   // 2024-02
    }

    [Fact]
    public void Cohort_triangle_and_weighted_average_match_the_hand_computed_values()
    {
        _warehouse.RunMarts(Build(), AsOf, "cohorts");
        string Cohort(string month) => string.Join(" ", _warehouse.Rows($"""
            SELECT months_since, active_customers, revenue FROM mart_cohort_retention
            WHERE as_of_date = DATE '2024-06-30' AND cohort_month = DATE '{month}-01' ORDER BY months_since
            """).Select(r => $"{r[0]}:{r[1]}/{(decimal)r[2]!:0.##}"));

        // B01's cohort: one customer who never came back, 16 months reached (k = 0..15).
        Assert.Equal(string.Join(" ", Enumerable.Range(0, 16).Select(k => k == 0 ? "0:1/60" : $"{k}:0/0")), Cohort("2023-03"));
        // A01, A03, A11: k0 all three (400+100+20), k1 A01 and A11 (300+20), k6 A03, k8 A03, k11 A01.
        Assert.Equal("0:3/520 1:2/320 2:0/0 3:0/0 4:0/0 5:0/0 6:1/100 7:0/0 8:1/100 9:0/0 10:0/0 11:1/300", Cohort("2023-07"));
        Assert.Equal("0:2/350", Cohort("2024-06"));
        Assert.Equal(0L, _warehouse.Scalar("SELECT COUNT(*) FROM mart_cohort_retention WHERE cohort_month = DATE '2024-03-01'")); // nobody new in March
        Assert.Equal(10L, _warehouse.Scalar("SELECT COUNT(DISTINCT cohort_month) FROM mart_cohort_retention"));

        var r = _warehouse.Rows("SELECT active_share, revenue_to_month0 FROM mart_cohort_retention WHERE cohort_month = DATE '2023-07-01' AND months_since = 1").Single();
        Assert.Equal((Ratio(2, 3), Ratio(320, 520)), ((decimal)r[0]!, (decimal)r[1]!));

        // Weighted averages: k0 13 of 13; k1 2 of 11 (nine cohorts reached it); k2 0 of 10;
        // k6 1 of 8 (six cohorts); k11 1 of 4 (two cohorts); k15 0 of 1.
        var avg = _warehouse.Rows("SELECT months_since, cohorts, cohort_customers, active_customers, active_share FROM mart_cohort_retention_average ORDER BY months_since")
            .ToDictionary(x => Convert.ToInt32(x[0]), x => (Convert.ToInt64(x[1]), Convert.ToInt64(x[2]), Convert.ToInt64(x[3]), (decimal)x[4]!));
        Assert.Equal(16, avg.Count);
        Assert.Equal((10L, 13L, 13L, 1m), avg[0]);
        Assert.Equal((9L, 11L, 2L, Ratio(2, 11)), avg[1]);
        Assert.Equal((8L, 10L, 0L, 0m), avg[2]);
        Assert.Equal((6L, 8L, 1L, 0.125m), avg[6]);
        Assert.Equal((2L, 4L, 1L, 0.25m), avg[11]);
        Assert.Equal((1L, 1L, 0L, 0m), avg[15]);
    }

    [Fact]
    public void Crr_per_month_and_year_matches_the_hand_computed_values()
    {
        _warehouse.RunMarts(Build(), AsOf, "crr");
        var rows = _warehouse.Rows("SELECT period_type, strftime(period_start, '%Y-%m'), period_end, base_start, base_end, new_customers, crr FROM mart_crr ORDER BY period_type, period_start")
            .ToDictionary(r => $"{r[0]} {r[1]}", r => ((DateOnly)r[2]!, Convert.ToInt64(r[3]), Convert.ToInt64(r[4]), Convert.ToInt64(r[5]), (decimal?)r[6]));
        Assert.Equal(16 + 2, rows.Count);
        // 2024: S = base at 2023-12-31 (B01, A01, A02, A03, A05, A06, A07, A11) = 8; E = base at
        // 2024-06-30 (A01..A12) = 12; N = A12, A08, A09, A04, A10 = 5; CRR = 7/8.
        Assert.Equal((AsOf, 8L, 12L, 5L, (decimal?)0.875m), rows["year 2024-01"]);
        // 2023: nobody before 2023 (S = 0, CRR undefined); E = 8; N = 8.
        Assert.Equal((new DateOnly(2023, 12, 31), 0L, 8L, 8L, (decimal?)null), rows["year 2023-01"]);
        // June 2024: S at 2024-05-31 = 10 (B01's March 2023 order has left the base); E = 12; N = 2.
        Assert.Equal((AsOf, 10L, 12L, 2L, (decimal?)1m), rows["month 2024-06"]);
        // March 2024: S at 2024-02-29 = 9 (B01 still in); E at 2024-03-31 = 8 (B01 gone); CRR = 8/9.
        Assert.Equal((new DateOnly(2024, 3, 31), 9L, 8L, 0L, (decimal?)Ratio(8, 9)), rows["month 2024-03"]);
        // January 2024: S = 8; E at 2024-01-31 = 9 (A12 joins); N = 1.
        Assert.Equal((new DateOnly(2024, 1, 31), 8L, 9L, 1L, (decimal?)1m), rows["month 2024-01"]);
    }
}
