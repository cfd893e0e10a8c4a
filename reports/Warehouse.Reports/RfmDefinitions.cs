using System.Globalization;

namespace Warehouse.Reports;

/// <summary>
/// What the figures of the RFM segments sheet and the RFM workbook mean, in plain words and as a
/// formula, as docs/metrics.md defines them.
/// </summary>
internal static class RfmDefinitions
{
    /// <summary>What each segment of ref_rfm_segment means, in a finance reader's words.</summary>
    public static readonly IReadOnlyDictionary<string, string> SegmentMeanings = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Champions"] = "Bought very recently and buy the most often: the best customers.",
        ["Loyal"] = "Buy often and bought fairly recently.",
        ["Potential Loyalist"] = "Bought recently, more than the least frequent buyers: could become loyal.",
        ["New"] = "Bought very recently but among the least often: mostly first orders.",
        ["Promising"] = "Bought recently but among the least often.",
        ["Need Attention"] = "Average recency and average frequency.",
        ["About to Sleep"] = "Average recency and low frequency: slipping away.",
        ["At Risk"] = "Bought often, but not for a long time.",
        ["Can't Lose Them"] = "Were among the most frequent buyers, but have not bought for a long time.",
        ["Hibernating"] = "Bought long ago and rarely.",
    };

    /// <summary>The qualifying order and revenue, which every workbook's figures rest on.</summary>
    public static IReadOnlyList<WorkbookDefinition> Basics { get; } =
    [
        new("All", "Qualifying order",
            "An order that counts for customer-value figures: completed, and worth more than zero. Cancelled and returned orders, and orders worth nothing, count for nothing. An order's date is the date of its timestamp.",
            "status = completed AND Σ net amount of its lines > 0",
            "view qualifying_order"),
        new("All", "Revenue",
            "Net amount of order lines, after discounts, exact in the warehouse; shown rounded half away from zero to cents (0.005 → 0.01).",
            "Σ quantity × unit price × (1 − discount rate)",
            "fact_order_line.net_amount"),
    ];

    /// <summary>The columns of the segment table (sheet "RFM segments" in both workbooks).</summary>
    public static IReadOnlyList<WorkbookDefinition> SegmentColumns { get; } =
    [
        new("RFM segments", "Segment",
            "Customers with a qualifying order in the RFM window, grouped by their recency (R) and frequency (F) scores 1..5.",
            "by R then F score", "mart_rfm_segment_summary.segment, ref_rfm_segment"),
        new("RFM segments", "Customers / Share of customers", "Customers in the segment, and their share of the customers scored.", "customers / Σ customers", "mart_rfm_segment_summary.customers, customer_share"),
        new("RFM segments", "Revenue / Share of revenue", "Σ monetary (revenue in the window) of the segment's customers, and its share of all.", "Σ monetary / Σ monetary of all", "mart_rfm_segment_summary.revenue, revenue_share"),
        new("RFM segments", "Average monetary", "Revenue per customer of the segment.", "revenue / customers", "mart_rfm_segment_summary.avg_monetary"),
        new("RFM segments", "Average recency (days)", "Days from the customer's last qualifying order in the window to the as-of date, averaged.", "Σ recency days / customers", "mart_rfm_segment_summary.avg_recency_days"),
        new("RFM segments", "Average frequency", "Distinct qualifying orders in the window per customer.", "Σ frequency / customers", "mart_rfm_segment_summary.avg_frequency"),
        new("RFM segments", "Chart", "Each segment's share of the customers scored beside its share of their revenue in the window.", "customer share, revenue share", "the table's columns Share of customers and Share of revenue"),
    ];

    /// <summary>Every definition of the RFM workbook: the basics, R, F, M and the scores, every
    /// segment with the scores it takes (<paramref name="segments"/>, from ref_rfm_segment), the
    /// table's columns, the thresholds and the run.</summary>
    public static IReadOnlyList<WorkbookDefinition> All(int? windowDays, IReadOnlyList<RfmSegmentCell> segments)
    {
        string window = windowDays is int w ? w.ToString(CultureInfo.InvariantCulture) + " days" : "W days";
        var all = new List<WorkbookDefinition>(Basics)
        {
            new("All", "As-of date", "The date the figures are computed for. Orders after it are not counted.", "D", "etl_run.as_of_date"),
            new("All", "RFM window",
                $"The period RFM looks at: qualifying orders dated in the {window} up to and including the as-of date. Customers without such an order are not scored.",
                "order date in (D − W, D]", "setting Marts:RfmWindowDays"),
            new("All", "Recency (R)", "Days from the customer's last qualifying order in the window to the as-of date: fewer is better.", "recency = D − last order date", "mart_customer_rfm.recency_days"),
            new("All", "Frequency (F)", "Distinct qualifying orders of the customer in the window: more is better.", "frequency = count of orders", "mart_customer_rfm.frequency"),
            new("All", "Monetary (M)", "Revenue of the customer's qualifying orders in the window: more is better.", "monetary = Σ net amount", "mart_customer_rfm.monetary"),
            new("All", "Score 1..5",
                "Customers are ranked on R, F and M separately and cut at the 20%, 40%, 60% and 80% points of the customers scored (quintiles); each score is 1 plus the number of those four thresholds the customer beats. Equal values always get equal scores, so a score can stay empty when thresholds are equal.",
                "R = 1 + #{k : recency < recency threshold k}; F = 1 + #{k : frequency > threshold k}; M = 1 + #{k : monetary > threshold k}",
                "mart_customer_rfm.r_score, f_score, m_score"),
            new("RFM scores", "Thresholds 1..4",
                "The values at the 20%, 40%, 60% and 80% points of the customers scored on this as-of date, in days, orders and money. Threshold k is the smallest value (for recency: the largest number of days) reached by at least k/5 of the customers, counted from the worst.",
                "t_k = min { x : share of customers with value ≤ x ≥ k/5 } (PERCENTILE_DISC(k/5))",
                "mart_rfm_thresholds"),
            new("RFM scores", "Score rules",
                "The recency, frequency and monetary values that give each score on this as-of date, worked out from the thresholds. \"none\": two thresholds are equal, so no customer gets that score.",
                "from the thresholds and the score rule", "mart_rfm_thresholds"),
        };
        foreach (var segment in segments.GroupBy(s => (s.Segment, s.SegmentOrder)).OrderBy(g => g.Key.SegmentOrder).ThenBy(g => g.Key.Segment, StringComparer.Ordinal))
        {
            all.Add(new("RFM segments", segment.Key.Segment,
                SegmentMeanings.GetValueOrDefault(segment.Key.Segment, "A segment of the R and F scores on the right."),
                ScoreRule(segment.ToList()), "ref_rfm_segment"));
        }
        all.AddRange(SegmentColumns);
        all.Add(new("Run", "Run facts and row counts",
            "The run that produced the marts: as-of date, run id, when this workbook was generated (UTC), the source, the software version, and rows read and written per table.",
            "", "etl_run, etl_run_table"));
        return all;
    }

    /// <summary>The R and F scores of a segment: "R 5, F 4–5" when they form a rectangle, else every (R, F) pair.</summary>
    public static string ScoreRule(IReadOnlyList<RfmSegmentCell> cells)
    {
        var r = cells.Select(c => c.RScore).Distinct().Order().ToList();
        var f = cells.Select(c => c.FScore).Distinct().Order().ToList();
        if (r.Count * f.Count == cells.Count)
        {
            return "R " + Scores(r) + ", F " + Scores(f);
        }
        return "R, F = " + string.Join("; ", cells.OrderByDescending(c => c.RScore).ThenByDescending(c => c.FScore)
            .Select(c => c.RScore.ToString(CultureInfo.InvariantCulture) + ", " + c.FScore.ToString(CultureInfo.InvariantCulture)));
    }

    private static string Scores(IReadOnlyList<int> scores) =>
        scores.Count > 1 && scores[^1] - scores[0] == scores.Count - 1
            ? scores[0].ToString(CultureInfo.InvariantCulture) + "–" + scores[^1].ToString(CultureInfo.InvariantCulture)
            : string.Join(", ", scores.Select(s => s.ToString(CultureInfo.InvariantCulture)));
}
