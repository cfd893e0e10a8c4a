using System.Data.Common;
using Warehouse.Etl.Engines;

namespace Warehouse.Etl.Pipeline;

public sealed record RunSummary(long RunId, DateTime StartedAt, DateTime? FinishedAt, string Status, DateOnly? AsOf,
    string Source, long RowsRead, long RowsQuarantined, string? Error, string? LoadMode = null)
{
    public TimeSpan? Duration => FinishedAt - StartedAt;
}

/// <summary>Reads etl_run and etl_run_table (on any engine; DuckDB when none is named).</summary>
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
                r.IsDBNull(9) ? null : r.GetString(9)));
        }
        return result;
    }

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
