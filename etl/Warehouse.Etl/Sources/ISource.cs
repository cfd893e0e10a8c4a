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
}
