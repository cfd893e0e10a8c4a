namespace Warehouse.Etl.Pipeline;

/// <summary>The order in which the warehouse's SQL objects run after staging. Each entry is a
/// file under warehouse-schema/sql/transforms. The marts follow, from <see cref="MartCatalog"/>.</summary>
public static class TransformPlan
{
    /// <summary>Staging checks, the operational data store, dimensions and facts, for a load mode.
    /// A full extract (and a refresh) first replaces the store; every mode then merges staging in.</summary>
    public static IReadOnlyList<string> For(LoadMode mode) => mode == LoadMode.Incremental ? Merge : [ReplaceStore, .. Merge];

    private const string ReplaceStore = "transforms/staging/replace_ods";

    private static readonly string[] Merge =
    [
        "transforms/staging/quarantine_duplicate_keys",
        "transforms/staging/quarantine_orders",
        "transforms/staging/quarantine_order_lines",
        "transforms/staging/quarantine_orders_without_lines",
        "transforms/staging/affected_orders",
        "transforms/staging/affected_customers",
        "transforms/staging/affected_campaigns",
        "transforms/staging/merge_ods",
        "transforms/dimensions/dim_date",
        "transforms/dimensions/dim_customer",
        "transforms/dimensions/dim_product",
        "transforms/dimensions/dim_channel",
        "transforms/dimensions/dim_campaign",
        "transforms/staging/affected_by_versions",
        "transforms/facts/fact_order_line",
        "transforms/facts/fact_order",
    ];

    /// <summary>Every transform any plan runs (for tests that render them all).</summary>
    public static IReadOnlyList<string> All { get; } = ["transforms/refresh/clear_warehouse", ReplaceStore, .. Merge];
}
