namespace Warehouse.Etl.Pipeline;

/// <summary>The order in which the warehouse's SQL objects run after staging. Each entry is a
/// file under warehouse-schema/sql/transforms. The marts follow, from <see cref="MartCatalog"/>.</summary>
public static class TransformPlan
{
    /// <summary>Staging checks, the operational data store, dimensions and facts, for a load mode.
    /// A full extract (and a refresh) first empties the store and after the checks fills it from
    /// staging (a plain insert); an incremental run merges staging into it.</summary>
    public static IReadOnlyList<string> For(LoadMode mode) =>
        mode == LoadMode.Incremental ? Merge : [ReplaceStore, .. Merge.Select(path => path == MergeStore ? FillStore : path)];

    private const string ReplaceStore = "transforms/staging/replace_ods";
    private const string MergeStore = "transforms/staging/merge_ods";
    private const string FillStore = "transforms/staging/merge_ods_full";

    private static readonly string[] Merge =
    [
        "transforms/staging/quarantine_duplicate_keys",
        "transforms/staging/quarantine_orders",
        "transforms/staging/quarantine_order_lines",
        "transforms/staging/quarantine_orders_without_lines",
        "transforms/staging/affected_orders",
        "transforms/staging/affected_customers",
        "transforms/staging/affected_campaigns",
        MergeStore,
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
    public static IReadOnlyList<string> All { get; } = ["transforms/refresh/clear_warehouse", ReplaceStore, FillStore, .. Merge];
}
