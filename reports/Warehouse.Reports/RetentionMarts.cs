using System.Data.Common;
using System.Globalization;

namespace Warehouse.Reports;

/// <summary>One month of <c>mart_retention_monthly</c> with the month's CRR (<c>mart_crr</c>) and
/// revenue (the sum over cohorts of <c>mart_cohort_retention.revenue</c> for that month).</summary>
internal sealed record RetentionMonthRow(
    DateOnly MonthStart,
    long Active,
    long Retained,
    long NewCustomers,
    long Reactivated,
    long Churned,
    long PreviousActive,
    decimal? RetentionRate,
    decimal? ChurnRate,
    decimal? Crr,
    decimal? Revenue);

/// <summary>One line of the summary: a measure for the as-of month, the prior month and the same
/// month a year earlier, and the changes (this month minus the earlier one).</summary>
internal sealed record RetentionSummaryValues(
    int Line,
    decimal? ThisMonth,
    decimal? PriorMonth,
    decimal? YearAgo,
    decimal? ChangeVsPriorMonth,
    decimal? ChangeVsYearAgo);

/// <summary>One (cohort, months since acquisition) cell of <c>mart_cohort_retention</c>.</summary>
internal sealed record CohortCellRow(
    DateOnly CohortMonth,
    int MonthsSince,
    long CohortSize,
    long ActiveCustomers,
    decimal? ActiveShare,
    decimal Revenue);

/// <summary>One k of <c>mart_cohort_retention_average</c>.</summary>
internal sealed record CohortAverageRow(
    int MonthsSince,
    long Cohorts,
    long CohortCustomers,
    long ActiveCustomers,
    decimal? ActiveShare);

/// <summary>One tier of <c>mart_pyramid</c>.</summary>
internal sealed record PyramidTierRow(
    string Tier,
    int TierOrder,
    long Customers,
    decimal? ActiveShare,
    decimal Revenue,
    decimal? RevenueShare,
    decimal? AvgRevenue,
    decimal? MinRevenue,
    decimal? MaxRevenue);

/// <summary>A cell of a migration matrix from <c>mart_pyramid_migration</c>: a (from, to) count,
/// or a total (a null tier is the total over that side).</summary>
internal sealed record MigrationCellRow(
    string Comparison,
    string? FromTier,
    int? FromOrder,
    string? ToTier,
    int? ToOrder,
    long Customers);

/// <summary>A row of <c>mart_pareto</c>.</summary>
internal sealed record ParetoRow(DateOnly AsOfDate, decimal TopSharePercent, decimal? TopRevenueShare);

/// <summary>
/// Reads what the retention workbook shows from the marts, as set-based SQL: every figure comes
/// from a mart row (or a sum or difference computed here in SQL), nothing is aggregated in C#.
/// Standard SQL only (YEAR, MONTH, GROUPING SETS, VALUES), named parameters as the engine spells them.
/// </summary>
internal static class RetentionMarts
{
    /// <summary>The marts the workbook reads at the as-of date, each of which must have rows there.</summary>
    public static readonly IReadOnlyList<string> RequiredTables =
    [
        "mart_retention_monthly", "mart_crr", "mart_cohort_retention", "mart_cohort_retention_average",
        "mart_pyramid", "mart_pyramid_migration", "mart_pareto", "mart_rfm_segment_summary",
    ];

    /// <summary>Lines of <see cref="Summary"/>, in order (the SQL's line numbers).</summary>
    public const int LineActive = 1, LineNew = 2, LineRetained = 3, LineReactivated = 4, LineChurned = 5,
        LineRetentionRate = 6, LineChurnRate = 7, LineCrr = 8, LineRevenue = 9, LineTopRevenueShare = 10;

    /// <summary>The required marts that have no row at <paramref name="asOf"/>.</summary>
    public static IReadOnlyList<string> MissingTables(DbConnection db, DateOnly asOf)
    {
        // EXISTS rather than LIMIT: the probe stays portable (T-SQL has no LIMIT).
        string unions = string.Join(" UNION ALL ", RequiredTables.Select(t =>
            $"SELECT '{t}' AS table_name WHERE EXISTS (SELECT 1 FROM {t} WHERE as_of_date = {P(db, "as_of")})"));
        var present = Query(db, unions, [("as_of", asOf)], r => r.GetString(0)).ToHashSet(StringComparer.Ordinal);
        return RequiredTables.Where(t => !present.Contains(t)).ToList();
    }

    /// <summary>Every month of the as-of date's retention series, oldest first.</summary>
    public static IReadOnlyList<RetentionMonthRow> Months(DbConnection db, DateOnly asOf) =>
        Query(db, MonthsSql(db) + " ORDER BY month_start", [("as_of", asOf)], r => new RetentionMonthRow(
            MonthStart: Date(r, 0),
            Active: Long(r, 1),
            Retained: Long(r, 2),
            NewCustomers: Long(r, 3),
            Reactivated: Long(r, 4),
            Churned: Long(r, 5),
            PreviousActive: Long(r, 6),
            RetentionRate: NullableDecimal(r, 7),
            ChurnRate: NullableDecimal(r, 8),
            Crr: NullableDecimal(r, 9),
            Revenue: NullableDecimal(r, 10)));

    private static string MonthsSql(DbConnection db) =>
        "SELECT r.month_start, r.active, r.retained, r.new_customers, r.reactivated, r.churned, r.previous_active, " +
        "r.retention_rate, r.churn_rate, c.crr, " +
        "(SELECT SUM(h.revenue) FROM mart_cohort_retention h " +
        " WHERE h.as_of_date = r.as_of_date AND h.cohort_month <= r.month_start " +
        $" AND h.months_since = {WarehouseSql.MonthsBetween(db, "h.cohort_month", "r.month_start")}) AS revenue " +
        "FROM mart_retention_monthly r " +
        "LEFT JOIN mart_crr c ON c.as_of_date = r.as_of_date AND c.period_type = 'month' AND c.period_start = r.month_start " +
        $"WHERE r.as_of_date = {P(db, "as_of")}";

    /// <summary>
    /// The summary lines for the month starting <paramref name="thisMonth"/>, the month before and
    /// the same month a year earlier, all from the as-of date's series; the top revenue share from
    /// <c>mart_pareto</c> at <paramref name="asOf"/> and at the earlier months' last days. Revenue
    /// is rounded to cents before its changes are taken, so a change is the difference of the
    /// amounts shown.
    /// </summary>
    public static IReadOnlyList<RetentionSummaryValues> Summary(
        DbConnection db, DateOnly asOf, DateOnly thisMonth, DateOnly priorMonth, DateOnly yearAgoMonth,
        DateOnly priorMonthEnd, DateOnly yearAgoMonthEnd)
    {
        string m0 = $"CAST({P(db, "m0")} AS DATE)", m1 = $"CAST({P(db, "m1")} AS DATE)", m12 = $"CAST({P(db, "m12")} AS DATE)";
        string d0 = $"CAST({P(db, "as_of")} AS DATE)", d1 = $"CAST({P(db, "d1")} AS DATE)", d12 = $"CAST({P(db, "d12")} AS DATE)";
        const string Dec = "DECIMAL(38,8)";
        string sql =
            $"WITH monthly AS ({MonthsSql(db)}), " +
            "pareto AS (" +
            $" SELECT CASE WHEN as_of_date = {d0} THEN {m0} WHEN as_of_date = {d1} THEN {m1} ELSE {m12} END AS month_start, top_revenue_share " +
            $" FROM mart_pareto WHERE as_of_date IN ({d0}, {d1}, {d12})), " +
            "facts AS (" +
            $" SELECT {LineActive} AS line, month_start, CAST(active AS {Dec}) AS value FROM monthly" +
            $" UNION ALL SELECT {LineNew}, month_start, CAST(new_customers AS {Dec}) FROM monthly" +
            $" UNION ALL SELECT {LineRetained}, month_start, CAST(retained AS {Dec}) FROM monthly" +
            $" UNION ALL SELECT {LineReactivated}, month_start, CAST(reactivated AS {Dec}) FROM monthly" +
            $" UNION ALL SELECT {LineChurned}, month_start, CAST(churned AS {Dec}) FROM monthly" +
            $" UNION ALL SELECT {LineRetentionRate}, month_start, CAST(retention_rate AS {Dec}) FROM monthly" +
            $" UNION ALL SELECT {LineChurnRate}, month_start, CAST(churn_rate AS {Dec}) FROM monthly" +
            $" UNION ALL SELECT {LineCrr}, month_start, CAST(crr AS {Dec}) FROM monthly" +
            $" UNION ALL SELECT {LineRevenue}, month_start, CAST(ROUND(revenue, 2) AS {Dec}) FROM monthly" +
            $" UNION ALL SELECT {LineTopRevenueShare}, month_start, CAST(top_revenue_share AS {Dec}) FROM pareto), " +
            "pivoted AS (" +
            " SELECT l.line," +
            $" MAX(CASE WHEN f.month_start = {m0} THEN f.value END) AS this_month," +
            $" MAX(CASE WHEN f.month_start = {m1} THEN f.value END) AS prior_month," +
            $" MAX(CASE WHEN f.month_start = {m12} THEN f.value END) AS year_ago" +
            $" FROM (VALUES ({LineActive}), ({LineNew}), ({LineRetained}), ({LineReactivated}), ({LineChurned}), ({LineRetentionRate})," +
            $" ({LineChurnRate}), ({LineCrr}), ({LineRevenue}), ({LineTopRevenueShare})) AS l(line)" +
            " LEFT JOIN facts f ON f.line = l.line" +
            " GROUP BY l.line) " +
            "SELECT line, this_month, prior_month, year_ago, this_month - prior_month, this_month - year_ago " +
            "FROM pivoted ORDER BY line";
        return Query(db, sql,
            [("as_of", asOf), ("m0", thisMonth), ("m1", priorMonth), ("m12", yearAgoMonth), ("d1", priorMonthEnd), ("d12", yearAgoMonthEnd)],
            r => new RetentionSummaryValues(
                Line: (int)Long(r, 0),
                ThisMonth: NullableDecimal(r, 1),
                PriorMonth: NullableDecimal(r, 2),
                YearAgo: NullableDecimal(r, 3),
                ChangeVsPriorMonth: NullableDecimal(r, 4),
                ChangeVsYearAgo: NullableDecimal(r, 5)));
    }

    /// <summary>The <c>mart_pareto</c> rows at the given dates that exist.</summary>
    public static IReadOnlyList<ParetoRow> Pareto(DbConnection db, DateOnly asOf, DateOnly priorMonthEnd, DateOnly yearAgoMonthEnd) =>
        Query(db,
            "SELECT as_of_date, top_share_percent, top_revenue_share FROM mart_pareto " +
            $"WHERE as_of_date IN (CAST({P(db, "as_of")} AS DATE), CAST({P(db, "d1")} AS DATE), CAST({P(db, "d12")} AS DATE)) ORDER BY as_of_date",
            [("as_of", asOf), ("d1", priorMonthEnd), ("d12", yearAgoMonthEnd)],
            r => new ParetoRow(Date(r, 0), r.GetDecimal(1), NullableDecimal(r, 2)));

    /// <summary>Every cell of the cohort triangle, by cohort then months since acquisition.</summary>
    public static IReadOnlyList<CohortCellRow> Cohorts(DbConnection db, DateOnly asOf) =>
        Query(db,
            "SELECT cohort_month, months_since, cohort_size, active_customers, active_share, revenue " +
            $"FROM mart_cohort_retention WHERE as_of_date = {P(db, "as_of")} ORDER BY cohort_month, months_since",
            [("as_of", asOf)],
            r => new CohortCellRow(Date(r, 0), (int)Long(r, 1), Long(r, 2), Long(r, 3), NullableDecimal(r, 4), r.GetDecimal(5)));

    /// <summary>The weighted average retention per months since acquisition.</summary>
    public static IReadOnlyList<CohortAverageRow> CohortAverages(DbConnection db, DateOnly asOf) =>
        Query(db,
            "SELECT months_since, cohorts, cohort_customers, active_customers, active_share " +
            $"FROM mart_cohort_retention_average WHERE as_of_date = {P(db, "as_of")} ORDER BY months_since",
            [("as_of", asOf)],
            r => new CohortAverageRow((int)Long(r, 0), Long(r, 1), Long(r, 2), Long(r, 3), NullableDecimal(r, 4)));

    /// <summary>The pyramid's tiers, top down.</summary>
    public static IReadOnlyList<PyramidTierRow> Pyramid(DbConnection db, DateOnly asOf) =>
        Query(db,
            "SELECT tier, tier_order, customers, active_share, revenue, revenue_share, avg_revenue, min_revenue, max_revenue " +
            $"FROM mart_pyramid WHERE as_of_date = {P(db, "as_of")} ORDER BY tier_order, tier",
            [("as_of", asOf)],
            r => new PyramidTierRow(r.GetString(0), (int)Long(r, 1), Long(r, 2), NullableDecimal(r, 3), r.GetDecimal(4),
                NullableDecimal(r, 5), NullableDecimal(r, 6), NullableDecimal(r, 7), NullableDecimal(r, 8)));

    /// <summary>The date each comparison of the migration mart compares with.</summary>
    public static IReadOnlyDictionary<string, DateOnly> MigrationComparedTo(DbConnection db, DateOnly asOf) =>
        Query(db,
            $"SELECT comparison, MIN(compared_to) FROM mart_pyramid_migration WHERE as_of_date = {P(db, "as_of")} GROUP BY comparison",
            [("as_of", asOf)],
            r => (Comparison: r.GetString(0), ComparedTo: Date(r, 1)))
            .ToDictionary(x => x.Comparison, x => x.ComparedTo, StringComparer.Ordinal);

    /// <summary>The migration counts with their row, column and grand totals, for both comparisons.</summary>
    public static IReadOnlyList<MigrationCellRow> Migration(DbConnection db, DateOnly asOf) =>
        Query(db,
            "SELECT comparison, " +
            "CASE WHEN GROUPING(from_tier) = 0 THEN from_tier END, CASE WHEN GROUPING(from_tier) = 0 THEN from_order END, " +
            "CASE WHEN GROUPING(to_tier) = 0 THEN to_tier END, CASE WHEN GROUPING(to_tier) = 0 THEN to_order END, " +
            "CAST(SUM(customers) AS BIGINT) " +
            $"FROM mart_pyramid_migration WHERE as_of_date = {P(db, "as_of")} " +
            "GROUP BY GROUPING SETS ((comparison, from_order, from_tier, to_order, to_tier), (comparison, from_order, from_tier), " +
            "(comparison, to_order, to_tier), (comparison))",
            [("as_of", asOf)],
            r => new MigrationCellRow(
                r.GetString(0),
                r.IsDBNull(1) ? null : r.GetString(1),
                r.IsDBNull(2) ? null : (int)Long(r, 2),
                r.IsDBNull(3) ? null : r.GetString(3),
                r.IsDBNull(4) ? null : (int)Long(r, 4),
                Long(r, 5)));

    private static string P(DbConnection db, string name) => WarehouseSql.Parameter(db, name);

    private static List<T> Query<T>(DbConnection db, string sql, IReadOnlyList<(string Name, object Value)> parameters, Func<DbDataReader, T> map)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            WarehouseSql.AddParameter(command, name, value);
        }
        var rows = new List<T>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }
        return rows;
    }

    private static long Long(DbDataReader reader, int ordinal) =>
        Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static decimal? NullableDecimal(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToDecimal(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static DateOnly Date(DbDataReader reader, int ordinal) => reader.GetValue(ordinal) switch
    {
        DateOnly d => d,
        DateTime t => DateOnly.FromDateTime(t),
        var other => DateOnly.FromDateTime(Convert.ToDateTime(other, CultureInfo.InvariantCulture)),
    };
}
