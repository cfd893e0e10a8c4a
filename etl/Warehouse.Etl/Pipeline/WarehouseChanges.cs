using System.Data.Common;
using Warehouse.Etl.Engines;

namespace Warehouse.Etl.Pipeline;

/// <summary>
/// What the warehouse records about its own changes, for the publisher: its identity
/// (<c>etl_warehouse</c>, given by its first run) and the days whose rows runs after a given run
/// rewrote: the order dates of the facts (<c>etl_fact_change</c>) and the as-of dates of the mart
/// snapshots (<c>etl_mart_snapshot</c>), both written in the runs' own transactions.
/// </summary>
public sealed class WarehouseChanges(DbConnection connection, WarehouseEngine engine)
{
    /// <summary>The warehouse's identity; null before its first run.</summary>
    public string? WarehouseId()
    {
        var value = engine.Runner(connection).Scalar("queries/warehouse_id", null);
        return value is null or DBNull ? null : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The order dates whose facts runs after <paramref name="runId"/> deleted or wrote;
    /// null when one of them recorded a date as unknown.</summary>
    public IReadOnlyCollection<DateOnly>? FactDatesChangedSince(long runId)
    {
        var dates = Dates("queries/fact_changes_since", runId);
        return dates.Contains(null) ? null : dates.OfType<DateOnly>().ToList();
    }

    /// <summary>The as-of dates whose rows in the mart table <paramref name="table"/> runs (and
    /// backfills) after <paramref name="runId"/> wrote: the snapshots they built (and the dates
    /// those compare with, for a table that holds them).</summary>
    public IReadOnlyCollection<DateOnly> MartDatesChangedSince(string table, long runId) =>
        Dates("queries/mart_changes_since", runId, table).OfType<DateOnly>().ToList();

    /// <summary>The rows each warehouse table holds (queries/warehouse_contents), for the totals
    /// a publish shows beside the run's own counts.</summary>
    public IReadOnlyList<(string Table, long Rows)> TableRows()
    {
        var result = new List<(string, long)>();
        using var reader = engine.Runner(connection).Query("queries/warehouse_contents", null);
        while (reader.Read()) result.Add((reader.GetString(0), Convert.ToInt64(reader.GetValue(1))));
        return result;
    }

    private List<DateOnly?> Dates(string query, long runId, string? table = null)
    {
        var result = new List<DateOnly?>();
        var parameters = new Dictionary<string, object?> { ["since_run_id"] = runId };
        if (table is not null) parameters["table"] = table;
        using var reader = engine.Runner(connection).Query(query, null, parameters);
        while (reader.Read())
        {
            result.Add(reader.IsDBNull(0) ? null : WarehouseJob.AsDate(reader.GetValue(0)));
        }
        return result;
    }
}
