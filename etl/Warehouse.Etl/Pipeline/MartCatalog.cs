using Warehouse.Schema;

namespace Warehouse.Etl.Pipeline;

/// <summary>A mart: the transforms (files under warehouse-schema/sql/transforms/marts) that build
/// it for one as-of date, in order, the tables they fill, and the marts it reads.</summary>
public sealed record MartDefinition(string Name, string Description, IReadOnlyList<string> Transforms, IReadOnlyList<string> Tables, IReadOnlyList<string> DependsOn);

/// <summary>Every mart the job can build, in build order.</summary>
public static class MartCatalog
{
    // Declared first: static initializers run in order, and All needs it.
    // A transform named like a table fills that table; others (mart_customer_rfm_scores) update one.
    private static readonly HashSet<string> TableNames = SqlCatalog.Embedded.ObjectPaths.ToHashSet(StringComparer.Ordinal);

    private static MartDefinition Mart(string name, string description, string[] transforms, params string[] dependsOn) =>
        new(name, description, transforms.Select(t => "transforms/marts/" + t).ToList(),
            transforms.Where(t => TableNames.Contains("tables/marts/" + t)).ToList(), dependsOn);

    public static IReadOnlyList<MartDefinition> All { get; } =
    [
        Mart("rfm", "RFM values, scores, thresholds and segments",
            ["mart_customer_rfm", "mart_rfm_thresholds", "mart_customer_rfm_scores", "mart_rfm_segment_summary"]),
        Mart("pyramid", "customer value pyramid, tier migration and Pareto share",
            ["mart_customer_tier", "mart_pyramid", "mart_pyramid_migration", "mart_pareto"]),
        Mart("retention", "monthly retention and churn",
            ["mart_retention_monthly"]),
        Mart("cohorts", "retention and revenue by acquisition cohort",
            ["mart_cohort_retention", "mart_cohort_retention_average"]),
        Mart("crr", "customer retention rate (E - N) / S per month and year",
            ["mart_crr"]),
        Mart("customer_value", "historical customer lifetime value with referrals",
            ["mart_customer_value"]),
        Mart("value_loyalty", "value x loyalty quadrants",
            ["mart_customer_value_loyalty", "mart_value_loyalty"]),
        Mart("segment_performance", "revenue, margin, orders and customers by RFM segment and category, channel, country",
            ["mart_segment_performance"], "rfm"),
        Mart("campaign_roi", "campaign orders, revenue, acquired customers, margin, cost and ROI",
            ["mart_campaign_roi"]),
        Mart("whale_curve", "cumulative margin by customers ranked by margin",
            ["mart_whale_curve"]),
    ];

    /// <summary>The marts to build for the names given (all when none), with what they depend on,
    /// in build order.</summary>
    public static IReadOnlyList<MartDefinition> Resolve(IEnumerable<string>? names)
    {
        var wanted = names?.Select(n => n.Trim()).Where(n => n.Length > 0).ToList() ?? [];
        if (wanted.Count == 0) return All;
        var byName = All.ToDictionary(m => m.Name, StringComparer.OrdinalIgnoreCase);
        var selected = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void Add(string name)
        {
            if (!byName.TryGetValue(name, out var mart))
                throw new ArgumentException($"There is no mart '{name}'. Marts: {string.Join(", ", All.Select(m => m.Name))}.");
            if (!selected.Add(mart.Name)) return;
            foreach (var d in mart.DependsOn) Add(d);
        }
        foreach (var n in wanted) Add(n);
        return All.Where(m => selected.Contains(m.Name)).ToList();
    }
}
