using Warehouse.Etl.Pipeline;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests;

/// <summary>A run is all or nothing: a failure at any step leaves the warehouse as it was, and the
/// failed run is recorded with its reason.</summary>
public sealed class AtomicityTests : IDisposable
{
    private readonly TempWarehouse _warehouse = new();

    public void Dispose() => _warehouse.Dispose();

    public static TheoryData<string> Steps() => new()
    {
        "stage customers", "stage order_lines", "quarantine_order_lines", "dim_customer", "fact_order_line",
        "mart_customer_rfm", "mart_customer_rfm_scores", "mart_rfm_segment_summary", "commit",
    };

    [Theory]
    [MemberData(nameof(Steps))]
    public void A_run_that_fails_midway_leaves_the_warehouse_as_it_was(string failingStep)
    {
        _warehouse.Run(RfmMartTests.BuildFixture(), new DateOnly(2024, 12, 31));
        var before = _warehouse.Snapshot();
        Assert.NotEqual(0L, _warehouse.Scalar("SELECT COUNT(*) FROM fact_order_line"));

        // Different data, so that a leak of the failed run would show.
        var changed = RfmMartTests.BuildFixture();
        changed.Customer("C99", new DateOnly(2024, 1, 1)).Sale("C99", new DateOnly(2024, 12, 30), 12345.67m);
        var e = Assert.Throws<JobFailedException>(() => _warehouse.Run(changed, new DateOnly(2024, 12, 31), failAfter: failingStep));

        Assert.Contains(failingStep, e.Message);
        TempWarehouse.AssertSameSnapshot(before, _warehouse.Snapshot());
        var runs = _warehouse.Rows("SELECT run_id, status, error FROM etl_run ORDER BY run_id");
        Assert.Equal(2, runs.Count);
        Assert.Equal("succeeded", runs[0][1]);
        Assert.Equal("failed", runs[1][1]);
        Assert.Contains(failingStep, (string)runs[1][2]!);
        Assert.Equal(0L, _warehouse.Scalar($"SELECT COUNT(*) FROM etl_run_table WHERE run_id = {runs[1][0]}"));
        Assert.Equal(0L, _warehouse.Scalar($"SELECT COUNT(*) FROM etl_quarantine WHERE run_id = {runs[1][0]}"));
    }

    [Fact]
    public void A_first_run_that_fails_leaves_an_empty_warehouse()
    {
        Assert.Throws<JobFailedException>(() => _warehouse.Run(RfmMartTests.BuildFixture(), failAfter: "fact_order_line"));
        Assert.Equal(0L, _warehouse.Scalar("SELECT COUNT(*) FROM fact_order_line"));
        Assert.Equal(0L, _warehouse.Scalar("SELECT COUNT(*) FROM dim_customer"));
        Assert.Equal(0L, _warehouse.Scalar("SELECT COUNT(*) FROM stg_orders"));
    }

    [Fact]
    public void A_rerun_on_the_same_source_leaves_the_warehouse_identical()
    {
        _warehouse.Run(RfmMartTests.BuildFixture(), new DateOnly(2024, 12, 31));
        var first = _warehouse.Snapshot();
        _warehouse.Run(RfmMartTests.BuildFixture(), new DateOnly(2024, 12, 31));
        TempWarehouse.AssertSameSnapshot(first, _warehouse.Snapshot());
        Assert.Equal(2L, _warehouse.Scalar("SELECT COUNT(*) FROM etl_run WHERE status = 'succeeded'"));
    }

    [Fact]
    public void A_run_left_running_by_a_killed_process_is_marked_abandoned_by_the_next()
    {
        using (var c = _warehouse.Connection.CreateCommand())
        {
            WarehouseStore.Migrate(_warehouse.Connection);
            c.CommandText = "INSERT INTO etl_run (run_id, started_at, finished_at, status, error, as_of_date, source, software_version) VALUES (1, TIMESTAMP '2024-01-01 00:00:00', NULL, 'running', NULL, NULL, 'x', '0')";
            c.ExecuteNonQuery();
        }
        _warehouse.Run(RfmMartTests.BuildFixture());
        Assert.Equal("abandoned", _warehouse.Scalar("SELECT status FROM etl_run WHERE run_id = 1"));
        Assert.Equal("succeeded", _warehouse.Scalar("SELECT status FROM etl_run WHERE run_id = 2"));
    }
}
