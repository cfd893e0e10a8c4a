namespace Warehouse.Etl.Pipeline;

/// <summary>The order in which the warehouse's SQL objects run after staging. Each entry is a
/// file under warehouse-schema/sql/transforms. The marts follow, from <see cref="MartCatalog"/>.</summary>
public static class TransformPlan
{
    /// <summary>Staging checks, the operational data store, dimensions and facts, for a load mode.
    /// A full extract (and a refresh) first empties the store, after the checks takes every staged
    /// order as affected and fills the store from staging (plain inserts); an incremental run
    /// compares staging with the store and merges it in.</summary>
    public static IReadOnlyList<string> For(LoadMode mode) =>
        mode == LoadMode.Incremental ? Merge : [ReplaceStore, .. Merge.Select(path => FullExtract.GetValueOrDefault(path, path))];

    private const string ReplaceStore = "transforms/staging/replace_ods";
    private const string AffectedOrders = "transforms/staging/affected_orders";
    private const string MergeStore = "transforms/staging/merge_ods";

    /// <summary>The steps a full extract runs in place of the incremental ones (the store is empty).</summary>
    private static readonly Dictionary<string, string> FullExtract = new()
    {
        [AffectedOrders] = "transforms/staging/affected_orders_full",
        [MergeStore] = "transforms/staging/merge_ods_full",
    };

    private static readonly string[] Merge =
    [
        "transforms/staging/quarantine_duplicate_keys",
        "transforms/staging/quarantine_orders",
        "transforms/staging/quarantine_order_lines",
        "transforms/staging/quarantine_orders_without_lines",
        AffectedOrders,
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
        "transforms/facts/record_fact_changes",
    ];

    /// <summary>Every transform any plan runs (for tests that render them all).</summary>
    public static IReadOnlyList<string> All { get; } = ["transforms/refresh/clear_warehouse", ReplaceStore, .. FullExtract.Values, .. Merge];
}
