namespace Warehouse.Etl.Pipeline;

public sealed record JobOptions
{
    /// <summary>The date the marts are computed for; null means the date of the latest order.</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>Which marts to build and their parameters.</summary>
    public MartOptions Marts { get; init; } = new();

    public string SoftwareVersion { get; init; } = "0.0.0";

    /// <summary>The largest share of an entity's rows that may be quarantined; null means no limit.</summary>
    public decimal? MaxQuarantinedShare { get; init; }

    /// <summary>Empty the warehouse and rebuild it from the source (`warehouse run --full-refresh`).</summary>
    public bool FullRefresh { get; init; }

    /// <summary>Incremental extraction (watermarks, look-back; on by default).</summary>
    public Configuration.IncrementalSettings Incremental { get; init; } = new();

    /// <summary>For tests: throw after the step with this name, inside the run's transaction.</summary>
    public string? FailAfterStep { get; init; }
}

/// <summary>Rows of one source entity: read = written + quarantined.</summary>
public sealed record EntityCounts(string Entity, string TargetTable, long RowsRead, long RowsWritten, long RowsQuarantined);

public sealed record RunResult(long RunId, DateOnly AsOf, string Source, IReadOnlyList<EntityCounts> Entities, TimeSpan Duration)
{
    /// <summary>full, incremental or full_refresh (etl_run.load_mode).</summary>
    public string LoadMode { get; init; } = "full";
}

/// <summary>A run that failed and was rolled back; the message says why.</summary>
public sealed class JobFailedException(long runId, string message, Exception inner) : Exception(message, inner)
{
    public long RunId { get; } = runId;
}

/// <summary>Thrown by <see cref="JobOptions.FailAfterStep"/>.</summary>
public sealed class InjectedFailureException(string step) : Exception($"injected failure after step '{step}'");
