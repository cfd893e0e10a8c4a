namespace Warehouse.Etl.Sources;

/// <summary>The entities the job extracts, the staging table each lands in, and the warehouse
/// table that finally holds it.</summary>
public sealed record SourceEntity(string Name, string StagingTable, string TargetTable);

public static class SourceEntities
{
    public static IReadOnlyList<SourceEntity> All { get; } =
    [
        new("customers", "stg_customers", "dim_customer"),
        new("products", "stg_products", "dim_product"),
        new("campaigns", "stg_campaigns", "dim_campaign"),
        new("orders", "stg_orders", "fact_order"),
        new("order_lines", "stg_order_lines", "fact_order_line"),
    ];
}
