using System.Data.Common;
using Warehouse.Etl.Engines;

namespace Warehouse.Etl.Pipeline;

/// <summary>A run as etl_run records it, with its latest publish (etl_publish) if any.</summary>
/// <remarks>Times: the load is etl_run's started_at to finished_at (the run's start, after the
/// migrations, to its commit); the publish is etl_publish's started_at to finished_at; the total
/// is the load plus the publish: the time the job worked on the run, without the time between
/// them (a killed run published the next morning by `warehouse publish` still shows seconds).
/// `warehouse run` prints these same figures from etl_run and etl_publish.</remarks>
public sealed record RunSummary(long RunId, DateTime StartedAt, DateTime? FinishedAt, string Status, DateOnly? AsOf,
    string Source, long RowsRead, long RowsQuarantined, string? Error, string? LoadMode = null)
{
    /// <summary>etl_publish.status of the run's latest publish: publishing | published | failed |
    /// abandoned; null if it was never published.</summary>
    public string? PublishStatus { get; init; }
    public DateTime? PublishStartedAt { get; init; }
    public DateTime? PublishFinishedAt { get; init; }
    public string? PublishFolder { get; init; }
    public string? PublishError { get; init; }

    /// <summary>The load's time (start to commit, or to the failure); null while it runs.</summary>
    public TimeSpan? LoadDuration => Status == "running" ? null : FinishedAt - StartedAt;

    public TimeSpan? PublishDuration => PublishFinishedAt - PublishStartedAt;

    /// <summary>The load plus the publish (the load alone while or when not published): the time
    /// the job worked on this run, not the clock time from its start to the end of its publish.
    /// Each figure is rounded on its own when shown, so the total shown may differ from the sum of
    /// the two shown by 0.1 s.</summary>
    public TimeSpan? TotalDuration => PublishDuration is { } publish ? LoadDuration + publish : LoadDuration;

    /// <summary>How the load ended, for people and monitors: running | succeeded | failed |
    /// cancelled | killed (the process ended before the commit: nothing of it was kept).
    /// <paramref name="nothingRunning"/>: the caller knows no run holds the warehouse, so a run
    /// still marked running was killed.</summary>
    public string LoadOutcome(bool nothingRunning) => Status switch
    {
        "running" => nothingRunning ? "killed" : "running",
        "abandoned" => "killed",
        "failed" when Error == "cancelled" => "cancelled",
        var s => s,
    };

    /// <summary>How its publish went: published | publish_failed | publishing |
    /// publish_did_not_finish (killed: latest.json still names the previous publish, BI is stale) |
    /// not_published; null when the load did not succeed (nothing to publish).</summary>
    public string? PublishOutcome(bool nothingRunning) => PublishStatus switch
    {
        "published" => "published",
        "failed" => "publish_failed",
        "publishing" => nothingRunning ? "publish_did_not_finish" : "publishing",
        "abandoned" => "publish_did_not_finish",
        _ => Status == "succeeded" ? "not_published" : null,
    };
}

/// <summary>Reads etl_run, etl_run_table and etl_publish (on any engine; DuckDB when none is named).</summary>
public sealed class RunHistory(DbConnection connection, WarehouseEngine? engine = null)
{
    private readonly WarehouseEngine _engine = engine ?? DuckDbEngine.Instance;

    public IReadOnlyList<RunSummary> Recent(int limit)
    {
        var runner = _engine.Runner(connection);
        var result = new List<RunSummary>();
        using var r = runner.Query("queries/recent_runs", null, new Dictionary<string, object?> { ["limit"] = limit });
        while (r.Read())
        {
            result.Add(new RunSummary(
                r.GetInt64(0), r.GetDateTime(1), r.IsDBNull(2) ? null : r.GetDateTime(2), r.GetString(3),
                r.IsDBNull(4) ? null : r.GetFieldValue<DateOnly>(4), r.GetString(5),
                Convert.ToInt64(r.GetValue(6)), Convert.ToInt64(r.GetValue(7)), r.IsDBNull(8) ? null : r.GetString(8),
                r.IsDBNull(9) ? null : r.GetString(9))
            {
                PublishStatus = r.IsDBNull(10) ? null : r.GetString(10),
                PublishStartedAt = r.IsDBNull(11) ? null : r.GetDateTime(11),
                PublishFinishedAt = r.IsDBNull(12) ? null : r.GetDateTime(12),
                PublishFolder = r.IsDBNull(13) ? null : r.GetString(13),
                PublishError = r.IsDBNull(14) ? null : r.GetString(14),
            });
        }
        return result;
    }

    /// <summary>The newest run, as <see cref="Recent"/> reads it (for the end-of-run report).</summary>
    public RunSummary? Latest() => Recent(1).FirstOrDefault();

    /// <summary>The last run that committed, with its per-entity counts; null if none did.</summary>
    public RunResult? LatestSucceeded()
    {
        var runner = _engine.Runner(connection);
        long runId;
        DateOnly asOf;
        string source;
        using (var r = runner.Query("queries/latest_successful_run", null))
        {
            if (!r.Read()) return null;
            runId = r.GetInt64(0);
            asOf = r.GetFieldValue<DateOnly>(1);
            source = r.GetString(2);
        }
        var entities = new List<EntityCounts>();
        using (var r = runner.Query("queries/run_tables", null, new Dictionary<string, object?> { ["run_id"] = runId }))
        {
            while (r.Read())
                entities.Add(new EntityCounts(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4)));
        }
        return new RunResult(runId, asOf, source, entities, TimeSpan.Zero);
    }
}

/// <summary>Records the publishes of a run in etl_publish, each statement committed at once (a
/// publish comes after the run's commit; a killed one stays 'publishing').</summary>
public sealed class PublishRecord(DbConnection connection, WarehouseEngine engine)
{
    /// <summary>Marks a publish left 'publishing' by a killed process abandoned, records this one
    /// as publishing and returns its id. The caller holds the warehouse's load lock.</summary>
    public long Start(long runId, DateTime startedAt)
    {
        var runner = engine.Runner(connection);
        runner.Execute("queries/abandon_stale_publishes", null);
        var id = Convert.ToInt64(runner.Scalar("queries/next_publish_id", null));
        runner.Execute("queries/start_publish", null, new Dictionary<string, object?>
        {
            ["publish_id"] = id, ["run_id"] = runId, ["started_at"] = startedAt,
        });
        return id;
    }

    public void Finish(long publishId, DateTime finishedAt, string? runFolder, string? error) =>
        engine.Runner(connection).Execute("queries/finish_publish", null, new Dictionary<string, object?>
        {
            ["publish_id"] = publishId,
            ["finished_at"] = finishedAt,
            ["status"] = error is null ? "published" : "failed",
            ["run_folder"] = runFolder is { Length: > 1000 } ? runFolder[..1000] : runFolder,
            ["error"] = error is { Length: > 4000 } ? error[..4000] : error,
        });
}
