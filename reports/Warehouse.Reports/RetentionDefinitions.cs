namespace Warehouse.Reports;

/// <summary>
/// What every figure of the retention workbook means, in plain words and as a formula, as
/// docs/metrics.md defines it.
/// </summary>
internal static class RetentionDefinitions
{
    public static IReadOnlyList<WorkbookDefinition> All(decimal topSharePercent)
    {
        string top = topSharePercent.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + "%";
        return
        [
            .. RfmDefinitions.Basics,
            new("All", "As-of date",
                "The date the figures are computed for (Run sheet). Orders after it are not counted; the as-of month is counted up to the as-of date.",
                "D", "etl_run.as_of_date"),
            new("All", "Active in a month",
                "A customer with at least one qualifying order dated in the month.",
                "count of customers with a qualifying order in month m", "mart_retention_monthly"),

            new("Summary", "This month / Prior month / Same month last year",
                "The as-of date's month, the month before it and the same month a year earlier, all read from the as-of date's monthly series.",
                "m, m − 1, m − 12", "mart_retention_monthly, mart_crr"),
            new("Summary", "Change vs prior month / Change vs last year",
                "This month's figure minus the earlier month's. For rates the change is in percentage points, pp (46.00% against 44.50% is +1.50 pp); for revenue it is the difference of the amounts shown, in cents. Blank when either figure is blank.",
                "this month − earlier month (rates: × 100, in pp)", "computed in SQL from the figures beside it"),
            new("Summary", "Revenue",
                "Net revenue of qualifying orders dated in the month (up to the as-of date in the as-of month).",
                "Σ net amount of qualifying orders in month m = Σ over cohorts of the cohort's revenue in m",
                "mart_cohort_retention.revenue"),
            new("Summary", $"Revenue share of the top {top}",
                $"Share of trailing-12-month revenue that comes from the top {top} of active customers, ranked by revenue (ties by customer id). For the earlier months it is read at their last day (a run as of a month end builds those too); blank when the warehouse holds no figures for that date.",
                $"top_customers = ceil({top} · N); revenue of ranks 1..top_customers / total revenue",
                "mart_pareto.top_revenue_share; for an earlier month end missing, `warehouse backfill --from yyyy-MM --to yyyy-MM` builds it"),

            new("Summary, Monthly retention", "Active customers", "Customers active in the month.", "active(m)", "mart_retention_monthly.active"),
            new("Summary, Monthly retention", "Retained customers", "Customers active in the month and in the month before.", "active in m − 1 and in m", "mart_retention_monthly.retained"),
            new("Summary, Monthly retention", "New customers", "Customers whose first-ever qualifying order is in the month.", "first qualifying order in m", "mart_retention_monthly.new_customers"),
            new("Summary, Monthly retention", "Reactivated customers", "Customers active in the month, not in the month before, and not new: they came back.", "active in m, not in m − 1, not new", "mart_retention_monthly.reactivated"),
            new("Summary, Monthly retention", "Churned customers", "Customers active in the month before who are not active in the month.", "active in m − 1, not in m", "mart_retention_monthly.churned"),
            new("Monthly retention", "Active previous month", "Customers active in the month before.", "active(m − 1) = retained + churned", "mart_retention_monthly.previous_active"),
            new("Summary, Monthly retention", "Retention rate",
                "Share of the previous month's active customers who are active again this month. Blank when nobody was active the month before.",
                "retained / previous active", "mart_retention_monthly.retention_rate"),
            new("Summary, Monthly retention", "Churn rate",
                "Share of the previous month's active customers who are not active this month. Retention rate + churn rate = 100% whenever anyone was active the month before.",
                "churned / previous active", "mart_retention_monthly.churn_rate"),
            new("Summary, Monthly retention", "CRR (customer retention rate)",
                "The classic CRR of the month. The customer base at a date t is the customers with a qualifying order in the 12 months up to t. S = base on the day before the month, E = base at the month's last day (or the as-of date), N = customers whose first qualifying order is in the month. Can exceed 100%: a customer who comes back after more than a year counts in E but not in N. Blank when S = 0.",
                "CRR = (E − N) / S", "mart_crr.crr (period_type = month)"),
            new("Monthly retention", "Revenue", "Net revenue of qualifying orders dated in the month.", "Σ net amount of qualifying orders in m", "mart_cohort_retention.revenue, summed over cohorts"),

            new("Cohorts, Cohort revenue", "Cohort", "The month of a customer's first qualifying order; the customers acquired that month.", "month of MIN(order date)", "mart_cohort_retention.cohort_month"),
            new("Cohorts, Cohort revenue", "Customers", "Customers in the cohort (cohort size). In the weighted-average row: all customers acquired.", "cohort size", "mart_cohort_retention.cohort_size"),
            new("Cohorts", "Month k (retention triangle)",
                "Share of the cohort's customers with a qualifying order in the k-th month after the cohort month (Month 0 = the cohort month, always 100%). Blank where the cohort has not reached month k yet.",
                "active customers in cohort month + k / cohort size", "mart_cohort_retention.active_share"),
            new("Cohorts", "Weighted average",
                "Retention k months after acquisition over all cohorts that have reached month k, weighted by cohort size, cohorts at 0% included.",
                "Σ active customers / Σ cohort size (cohorts that reached k)", "mart_cohort_retention_average.active_share"),
            new("Cohort revenue", "Month k (revenue triangle)",
                "Net revenue of the cohort's qualifying orders dated in the k-th month after the cohort month.",
                "Σ net amount of the cohort's qualifying orders in cohort month + k", "mart_cohort_retention.revenue"),

            new("Pyramid", "Tier",
                "Active customers (revenue > 0 in the trailing 12 months to the as-of date), ranked by that revenue (ties by customer id), are cut at the top 1%, the next 4% and the next 15% (cumulative 1%, 5%, 20%): Top, Big, Medium, the rest Small. Inactive: ordered before the 12 months, not in them. Prospect: signed up by the as-of date, never ordered.",
                "Top if rank ≤ ceil(1% · N); Big if ≤ ceil(5% · N); Medium if ≤ ceil(20% · N); else Small",
                "mart_pyramid.tier"),
            new("Pyramid", "Customers", "Customers in the tier.", "count", "mart_pyramid.customers"),
            new("Pyramid", "Share of active customers", "The tier's share of the active customers (active tiers only).", "customers / N", "mart_pyramid.active_share"),
            new("Pyramid", "Revenue (12 months)", "Trailing-12-month revenue of the tier's customers (0 for Inactive and Prospect).", "Σ revenue in (D − 12 months, D]", "mart_pyramid.revenue"),
            new("Pyramid", "Share of revenue", "The tier's share of all trailing-12-month revenue.", "revenue / Σ revenue", "mart_pyramid.revenue_share"),
            new("Pyramid", "Average / Minimum / Maximum revenue", "Over the tier's customers' trailing-12-month revenue.", "AVG, MIN, MAX", "mart_pyramid.avg_revenue, min_revenue, max_revenue"),
            new("Pyramid", "Migration",
                "How many customers moved from their tier at the earlier date (rows) to their tier at the as-of date (columns), a month and a year earlier. New: no tier at the earlier date (not signed up yet). Total: the row's, the column's and the grand sum. Each from-row sums to the tier's customers at the earlier date; each column sums to the tier's customers now.",
                "customers with tier a at the earlier date and tier b at D", "mart_pyramid_migration.customers"),

            .. RfmDefinitions.SegmentColumns,

            new("Run", "Run facts and row counts",
                "The run that produced the marts: as-of date, run id, when this workbook was generated (UTC), the source, the software version, and rows read and written per table.",
                "", "etl_run, etl_run_table"),
        ];
    }
}
