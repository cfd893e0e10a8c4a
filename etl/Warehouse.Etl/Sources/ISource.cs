using System.Data.Common;

namespace Warehouse.Etl.Sources;

/// <summary>An operational source the job extracts from, one entity at a time, as a stream.</summary>
public interface ISource : IDisposable
{
    /// <summary>Where the data comes from, without secrets (for run history and logs).</summary>
    string Description { get; }

    /// <summary>Opens a forward-only reader over one entity; its column names are the staging
    /// table's. The caller disposes the reader.</summary>
    DbDataReader OpenEntity(string entity);

    /// <summary>True when the source can extract only the rows above a watermark (databases).</summary>
    bool SupportsWatermarks => false;

    /// <summary>Like <see cref="OpenEntity(string)"/>, with only the rows whose watermark column is
    /// above the filter's value when one is given.</summary>
    DbDataReader OpenEntity(string entity, WatermarkFilter? filter) => filter is null
        ? OpenEntity(entity)
        : throw new NotSupportedException($"{Description} cannot extract by watermark.");

    /// <summary>What the job extracts, each into its staging table. By default every entity; a
    /// flat source extracts one flat table and derives the entities from it.</summary>
    IReadOnlyList<SourceEntity> Extracts => SourceEntities.All;

    /// <summary>Transforms (under warehouse-schema/sql/transforms) that derive the entity staging
    /// tables from the extracts, run in order after extraction; none by default.</summary>
    IReadOnlyList<string> Derivations => [];

    /// <summary>Parameters the derivations use (besides :run_id).</summary>
    IReadOnlyDictionary<string, object?> DerivationParameters => new Dictionary<string, object?>();
}
