namespace Warehouse.Etl.Configuration;

/// <summary>Data-quality limits a run must meet before it commits.</summary>
public sealed class QualitySettings
{
    /// <summary>The largest share of an entity's rows that may be quarantined (0..1); above it the
    /// run fails before it commits, naming the entity. Empty means no limit.</summary>
    public decimal? MaxQuarantinedShare { get; set; }
}
