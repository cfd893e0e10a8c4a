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

    /// <summary>Files of a file source (full paths, among its files) to read again even though
    /// etl_loaded_file records them as loaded with the same size and hash (`warehouse run
    /// --reload-file`): their rows are upserted and their record moves to this run, in its
    /// transaction.</summary>
    public IReadOnlyList<string> ReloadFiles { get; init; } = [];

    /// <summary>Incremental extraction (watermarks, look-back; on by default).</summary>
    public Configuration.IncrementalSettings Incremental { get; init; } = new();

    /// <summary>For tests: throw after the step with this name, inside the run's transaction.</summary>
    public string? FailAfterStep { get; init; }

    /// <summary>Called as the run enters each phase (<see cref="RunPhase"/>): started (with its
    /// run id), extracting, loading, marts; the caller reports publishing and the end itself.</summary>
    public Action<long, string>? PhaseChanged { get; init; }
}

/// <summary>Rows of one source entity: read = written + quarantined.</summary>
public sealed record EntityCounts(string Entity, string TargetTable, long RowsRead, long RowsWritten, long RowsQuarantined)
{
    /// <summary>Of the rows loaded, those new to the warehouse and those that differ from what it
    /// held (the rest were read again unchanged, by the look-back); null when not compared (orders
    /// and lines of a full extract, which replaces them all).</summary>
    public long? RowsNew { get; init; }

    public long? RowsChanged { get; init; }
}

public sealed record RunResult(long RunId, DateOnly AsOf, string Source, IReadOnlyList<EntityCounts> Entities, TimeSpan Duration)
{
    /// <summary>full, incremental or full_refresh (etl_run.load_mode).</summary>
    public string LoadMode { get; init; } = "full";

    /// <summary>etl_run.started_at and finished_at as recorded (UTC): the load's time is the one
    /// between (<see cref="Duration"/>), as `warehouse status` shows it.</summary>
    public DateTime StartedAt { get; init; }

    public DateTime CommittedAt { get; init; }

    /// <summary>The rows the run quarantined, per source entity and reason code (etl_quarantine),
    /// in entity and reason order.</summary>
    public IReadOnlyList<QuarantineReasonCount> QuarantineReasons { get; init; } = [];
}

/// <summary>Rows of a source entity quarantined by one run with one reason code.</summary>
public sealed record QuarantineReasonCount(string Entity, string Reason, long Rows);

/// <summary>The phases of a run, as the status file beside the warehouse names them.</summary>
public static class RunPhase
{
    public const string Starting = "starting";
    public const string Started = "started";
    public const string Extracting = "extracting";
    public const string Loading = "loading";
    public const string Marts = "marts";
    public const string Publishing = "publishing";
    public const string Finished = "finished";
    public const string Failed = "failed";

    public static IReadOnlyList<string> All { get; } = [Starting, Started, Extracting, Loading, Marts, Publishing, Finished, Failed];

    /// <summary>True for the phases a run ends in.</summary>
    public static bool IsEnd(string phase) => phase is Finished or Failed;
}

/// <summary>A run that failed and was rolled back; the message says why.</summary>
public sealed class JobFailedException(long runId, string message, Exception inner) : Exception(message, inner)
{
    public long RunId { get; } = runId;
}

/// <summary>Thrown by <see cref="JobOptions.FailAfterStep"/>.</summary>
public sealed class InjectedFailureException(string step) : Exception($"injected failure after step '{step}'");
