namespace Warehouse.Etl.Configuration;

/// <summary>Data-quality limits a run must meet before it commits.</summary>
public sealed class QualitySettings
{
    /// <summary>The largest share of an entity's rows that may be quarantined (0..1); above it the
    /// run fails before it commits, naming the entity, its reasons and what to check (a wrong
    /// delimiter, date format or column mapping quarantines nearly every row). Default 0.5; 1 (or
    /// empty) disables the check.</summary>
    public decimal? MaxQuarantinedShare { get; set; } = 0.5m;
}
