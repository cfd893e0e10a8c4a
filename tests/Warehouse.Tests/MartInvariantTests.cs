using Microsoft.Extensions.Logging.Abstractions;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources.Relational;
using Warehouse.SampleSource;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests;

/// <summary>Invariants of the marts on a generated sample, checked against the fact table by
/// queries that share nothing with the marts' SQL.</summary>
public sealed class MartInvariantTests : IClassFixture<MartInvariantTests.SampleWarehouse>
{
    private readonly SampleWarehouse _w;

    public MartInvariantTests(SampleWarehouse w) => _w = w;

    /// <summary>One generated shop, loaded once, with marts for its as-of date and a backfill of
    /// the six month ends before it.</summary>
    public sealed class SampleWarehouse : IDisposable
    {
        public TempWarehouse Warehouse { get; } = new();
        public RunResult Result { get; }
        public IReadOnlyList<DateOnly> MonthEnds { get; }

        public SampleWarehouse()
        {
            var path = Warehouse.PathOf("source.db");
            SampleGenerator.WriteSqlite(path, new SampleOptions { Customers = 1_500, Seed = 3 });
            using (var source = new SqliteSource($"Data Source={path}")) Result = Warehouse.Run(source);
            var lastMonthEnd = new DateOnly(Result.AsOf.Year, Result.AsOf.Month, 1).AddDays(-1);
            MonthEnds = Enumerable.Range(0, 6).Select(i => new DateOnly(lastMonthEnd.Year, lastMonthEnd.Month, 1).AddMonths(-i).AddMonths(1).AddDays(-1)).Reverse().ToList();
            new WarehouseJob(Warehouse.Connection, NullLogger.Instance).Backfill(MonthEnds, new JobOptions());
        }

        public void Dispose() => Warehouse.Dispose();
    }

    private IEnumerable<DateOnly> AllDates => _w.MonthEnds.Append(_w.Result.AsOf);

    private static string Sql(DateOnly d) => $"DATE '{d:yyyy-MM-dd}'";

    [Fact]
    public void Pyramid_revenue_and_active_count_equal_the_fact_in_the_window_to_the_cent()
    {
        foreach (var d in AllDates)
        {
            // Straight from the lines: completed orders worth more than zero, dated in the 12 months to d.
            var from = d == new DateOnly(d.Year, d.Month, 1).AddMonths(1).AddDays(-1)
                ? new DateOnly(d.Year, d.Month, 1).AddMonths(-11).AddDays(-1)
                : d.AddMonths(-12);
            var fact = _w.Warehouse.Rows($"""
                WITH orders AS (
                    SELECT order_id, MIN(customer_key) AS customer_key, SUM(net_amount) AS net
                    FROM fact_order_line
                    WHERE order_status = 'completed' AND order_date > {Sql(from)} AND order_date <= {Sql(d)}
                    GROUP BY order_id HAVING SUM(net_amount) > 0)
                SELECT COUNT(DISTINCT customer_key), SUM(net) FROM orders
                """).Single();
            var mart = _w.Warehouse.Rows($"SELECT CAST(SUM(CASE WHEN tier_order <= 4 THEN customers ELSE 0 END) AS BIGINT), SUM(revenue) FROM mart_pyramid WHERE as_of_date = {Sql(d)}").Single();
            Assert.True(Convert.ToInt64(fact[0]) > 100, $"sample too small at {d}");
            Assert.Equal(Convert.ToInt64(fact[0]), Convert.ToInt64(mart[0]));
            Assert.Equal((decimal)fact[1]!, (decimal)mart[1]!);
            // Tiers sum to N, and Top/Big/Medium hold exactly ceil(1%, 5%, 20% of N) customers in all.
            var n = Convert.ToInt64(fact[0]);
            var byTier = _w.Warehouse.Rows($"SELECT tier, customers FROM mart_pyramid WHERE as_of_date = {Sql(d)}").ToDictionary(r => (string)r[0]!, r => Convert.ToInt64(r[1]));
            Assert.Equal((n + 99) / 100, byTier["Top"]);
            Assert.Equal((5 * n + 99) / 100, byTier["Top"] + byTier["Big"]);
            Assert.Equal((20 * n + 99) / 100, byTier["Top"] + byTier["Big"] + byTier["Medium"]);
        }
    }

    [Fact]
    public void Every_migration_row_sums_to_the_tier_count_at_the_earlier_date()
    {
        var d = _w.MonthEnds[^1];
        var rows = _w.Warehouse.Rows($"""
            SELECT m.comparison, m.from_tier, CAST(SUM(m.customers) AS BIGINT), MIN(m.compared_to)
            FROM mart_pyramid_migration m WHERE m.as_of_date = {Sql(d)} AND m.from_tier <> 'New'
            GROUP BY m.comparison, m.from_tier
            """);
        Assert.Equal(12, rows.Count);
        foreach (var r in rows)
        {
            var earlier = Convert.ToInt64(_w.Warehouse.Scalar($"SELECT COUNT(*) FROM mart_customer_tier WHERE as_of_date = {Sql((DateOnly)r[3]!)} AND tier = '{r[1]}'"));
            Assert.Equal(earlier, Convert.ToInt64(r[2]));
        }
        // And the to-side sums to the tiers at d.
        var total = Convert.ToInt64(_w.Warehouse.Scalar($"SELECT CAST(SUM(customers) AS BIGINT) FROM mart_pyramid_migration WHERE as_of_date = {Sql(d)} AND comparison = 'prior_year'"));
        Assert.Equal(Convert.ToInt64(_w.Warehouse.Scalar($"SELECT CAST(SUM(customers) AS BIGINT) FROM mart_pyramid WHERE as_of_date = {Sql(d)}")), total);
    }

    [Fact]
    public void Every_month_active_is_retained_plus_new_plus_reactivated_and_last_month_splits_into_retained_and_churned()
    {
        var rows = _w.Warehouse.Rows($"SELECT month_start, active, retained, new_customers, reactivated, churned, previous_active FROM mart_retention_monthly WHERE as_of_date = {Sql(_w.Result.AsOf)} ORDER BY month_start");
        Assert.True(rows.Count >= 24);
        long previous = 0;
        foreach (var r in rows)
        {
            var (active, retained, fresh, reactivated, churned, prev) = (Convert.ToInt64(r[1]), Convert.ToInt64(r[2]), Convert.ToInt64(r[3]), Convert.ToInt64(r[4]), Convert.ToInt64(r[5]), Convert.ToInt64(r[6]));
            Assert.Equal(active, retained + fresh + reactivated);
            Assert.True(reactivated >= 0);
            Assert.Equal(previous, prev);
            Assert.Equal(prev, retained + churned);
            previous = active;
        }
        Assert.True(rows.Sum(r => Convert.ToInt64(r[4])) > 0, "the sample should have reactivations");
        // New customers over all months = customers who ever bought.
        Assert.Equal(Convert.ToInt64(_w.Warehouse.Scalar($"SELECT COUNT(DISTINCT customer_key) FROM qualifying_order WHERE order_date <= {Sql(_w.Result.AsOf)}")),
            rows.Sum(r => Convert.ToInt64(r[3])));
    }

    [Fact]
    public void Cohort_month_zero_is_everyone_and_cohorts_add_up_to_the_buyers()
    {
        var d = Sql(_w.Result.AsOf);
        Assert.Equal(0L, _w.Warehouse.Scalar($"SELECT COUNT(*) FROM mart_cohort_retention WHERE as_of_date = {d} AND months_since = 0 AND (active_share <> 1 OR active_customers <> cohort_size OR revenue_to_month0 <> 1)"));
        Assert.Equal(Convert.ToInt64(_w.Warehouse.Scalar($"SELECT COUNT(DISTINCT customer_key) FROM qualifying_order WHERE order_date <= {d}")),
            Convert.ToInt64(_w.Warehouse.Scalar($"SELECT CAST(SUM(cohort_size) AS BIGINT) FROM mart_cohort_retention WHERE as_of_date = {d} AND months_since = 0")));
        Assert.Equal(1m, (decimal)_w.Warehouse.Scalar($"SELECT active_share FROM mart_cohort_retention_average WHERE as_of_date = {d} AND months_since = 0")!);
    }

    [Fact]
    public void The_backfill_built_every_month_end_and_the_pareto_share_is_in_the_expected_band()
    {
        foreach (var d in _w.MonthEnds)
        {
            Assert.Equal(6L, _w.Warehouse.Scalar($"SELECT COUNT(*) FROM mart_pyramid WHERE as_of_date = {Sql(d)}"));
            Assert.Equal(10L, _w.Warehouse.Scalar($"SELECT COUNT(*) FROM mart_rfm_segment_summary WHERE as_of_date = {Sql(d)}"));
            var share = (decimal)_w.Warehouse.Scalar($"SELECT top_revenue_share FROM mart_pareto WHERE as_of_date = {Sql(d)}")!;
            Assert.InRange(share, 0.5m, 0.9m);
        }
        Assert.Equal("succeeded", _w.Warehouse.Scalar("SELECT status FROM etl_run WHERE source LIKE 'backfill%'"));
    }
}
