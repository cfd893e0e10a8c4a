namespace Warehouse.Etl.Pipeline;

/// <summary>The order in which the warehouse's SQL objects run after staging. Each entry is a
/// file under warehouse-schema/sql/transforms. The marts follow, from <see cref="MartCatalog"/>.</summary>
public static class TransformPlan
{
    /// <summary>Staging checks, dimensions and facts: rebuilt from staging on every run.</summary>
    public static IReadOnlyList<string> Warehouse { get; } =
    [
        "transforms/staging/quarantine_duplicate_keys",
        "transforms/staging/quarantine_orders",
        "transforms/staging/quarantine_order_lines",
        "transforms/staging/quarantine_orders_without_lines",
        "transforms/dimensions/dim_date",
        "transforms/dimensions/dim_customer",
        "transforms/dimensions/dim_product",
        "transforms/dimensions/dim_channel",
        "transforms/dimensions/dim_campaign",
        "transforms/facts/fact_order_line",
        "transforms/facts/fact_order",
    ];
}
