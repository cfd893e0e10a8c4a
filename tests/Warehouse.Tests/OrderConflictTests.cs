using System.Text;
using Warehouse.Etl.Configuration;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources.Flat;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests;

/// <summary>Flat files carry the order's customer and time on every line: an order whose lines
/// name different customers, or are dated further apart than Source:Flat:OrderTimeToleranceMinutes,
/// cannot be attributed and is quarantined whole (order_customer_conflict, order_timestamp_conflict)
/// instead of crediting its first line's customer.</summary>
public sealed class OrderConflictTests : IDisposable
{
    private const string Header = FlatLines.Header;
    private readonly TempWarehouse _warehouse = new();

    public void Dispose() => _warehouse.Dispose();

    private static FlatFileSettings Settings(int toleranceMinutes = 60)
    {
        var settings = FlatLines.Settings();
        settings.OrderTimeToleranceMinutes = toleranceMinutes;
        return settings;
    }

    private string Write(string name, params string[] lines)
    {
        var path = _warehouse.PathOf(name);
        File.WriteAllText(path, string.Join("\n", [Header, .. lines]) + "\n", new UTF8Encoding(false));
        return path;
    }

    private RunResult Load(string pathOrGlob, int toleranceMinutes = 60)
    {
        using var source = new FlatFileSource(pathOrGlob, Settings(toleranceMinutes));
        return _warehouse.Run(source, new DateOnly(2024, 12, 31));
    }

    private static readonly string[] Lines =
    [
        "1,2024-03-01 10:00:00,C1,UK,P1,2,5.00",   // order 1 names C1 and C2: its 3 lines with a customer are quarantined
        "1,2024-03-01 10:00:00,C2,UK,P2,1,2.50",
        "1,2024-03-01 10:00:00,,UK,P1,1,1.00",     // missing_customer, counted once
        "1,2024-03-01 10:00:00,C1,UK,P2,1,1.00",
        "2,2024-03-02 10:00:00,C3,FR,P1,1,4.00",   // order 2: 120 minutes apart
        "2,2024-03-02 12:00:00,C3,FR,P2,1,4.00",
        "3,2024-03-03 10:00:00,C3,FR,P1,1,3.00",   // order 3: exactly 60 minutes apart, within the tolerance
        "3,2024-03-03 11:00:00,C3,FR,P2,2,3.00",
        "4,2024-03-04 10:00:00,C2,UK,P1,1,7.00",   // good
        "5,2024-03-05 10:00:00,C1,UK,P1,1,1.00",   // order 5: two customers and 5 hours apart: the customer conflict is recorded
        "5,2024-03-05 15:00:00,C2,UK,P1,1,1.00",
    ];

    [Fact]
    public void An_order_whose_lines_name_two_customers_or_lie_hours_apart_is_quarantined_whole()
    {
        var result = Load(Write("lines.csv", Lines));

        var lines = result.Entities.Single(e => e.Entity == "order_lines");
        // 11 read: 5 order_customer_conflict (orders 1 and 5), 2 order_timestamp_conflict (order 2),
        // 1 missing_customer; the 3 lines of orders 3 and 4 load.
        Assert.Equal((11L, 3L, 8L), (lines.RowsRead, lines.RowsWritten, lines.RowsQuarantined));
        Assert.Equal(new[] { "missing_customer:1", "order_customer_conflict:5", "order_timestamp_conflict:2" },
            _warehouse.Rows("SELECT reason_code, COUNT(*) FROM etl_quarantine GROUP BY reason_code ORDER BY reason_code").Select(r => $"{r[0]}:{r[1]}"));
        Assert.Equal(new[] { "order_lines|missing_customer|1", "order_lines|order_customer_conflict|5", "order_lines|order_timestamp_conflict|2" },
            result.QuarantineReasons.Select(q => $"{q.Entity}|{q.Reason}|{q.Rows}"));
        Assert.Equal(new[] { "row 1", "row 2", "row 4" },
            _warehouse.Rows("SELECT source_location FROM etl_quarantine WHERE message LIKE 'order 1 %' ORDER BY source_location").Select(r => (string)r[0]!));
        Assert.Equal("order 1 names 2 different customers (C1 and C2): its lines cannot be attributed to one customer",
            _warehouse.Scalar("SELECT DISTINCT message FROM etl_quarantine WHERE source_location = 'row 1'"));
        Assert.Equal("order 2 has lines dated from 2024-03-02 10:00:00 to 2024-03-02 12:00:00, more than 60 minutes apart (Source:Flat:OrderTimeToleranceMinutes)",
            _warehouse.Scalar("SELECT message FROM etl_quarantine WHERE source_location = 'row 5'"));
        Assert.StartsWith("order_id=1; customer_id=C2; product_id=P2; quantity=1; unit_price=2.5",
            (string)_warehouse.Scalar("SELECT raw_row FROM etl_quarantine WHERE source_location = 'row 2'")!);

        // Nobody is credited with the quarantined orders: C1 appears only in them; C2 has order 4 (7.00).
        Assert.Equal(new[] { "C2", "C3" }, _warehouse.Rows("SELECT customer_id FROM dim_customer WHERE customer_key > 0 ORDER BY customer_id").Select(r => (string)r[0]!));
        Assert.Equal(new[] { "3|C3|9.00", "4|C2|7.00" }, _warehouse.Rows("""
            SELECT o.order_id, c.customer_id, CAST(SUM(l.net_amount) AS DECIMAL(18,2)) FROM fact_order o
            JOIN dim_customer c ON c.customer_key = o.customer_key
            JOIN fact_order_line l ON l.order_id = o.order_id
            GROUP BY o.order_id, c.customer_id ORDER BY o.order_id
            """).Select(r => $"{r[0]}|{r[1]}|{r[2]}"));
        var orders = result.Entities.Single(e => e.Entity == "orders");
        Assert.Equal((2L, 2L, 0L), (orders.RowsRead, orders.RowsWritten, orders.RowsQuarantined));
    }

    [Theory]
    [InlineData(120, 0, 5L, 6L)]     // order 2 (120 minutes apart) loads too
    [InlineData(0, 4, 1L, 10L)]     // order 3 (60 minutes apart) is quarantined too
    public void The_tolerance_is_configurable(int minutes, int timestampConflicts, long loaded, long quarantined)
    {
        var result = Load(Write("lines.csv", Lines), minutes);
        var lines = result.Entities.Single(e => e.Entity == "order_lines");
        Assert.Equal((11L, loaded, quarantined), (lines.RowsRead, lines.RowsWritten, lines.RowsQuarantined));
        Assert.Equal((long)timestampConflicts, _warehouse.Scalar("SELECT COUNT(*) FROM etl_quarantine WHERE reason_code = 'order_timestamp_conflict'"));
    }

    /// <summary>An order id that comes again, in a file a later (incremental) run reads, naming another
    /// customer than the order loaded has is quarantined order_customer_conflict: nobody's revenue
    /// moves to another customer by the timing of the runs. The same customer re-sending the order
    /// replaces its lines (a corrected export). A full refresh reads both files together, where the
    /// within-run check quarantines the order whole (documented in docs/operations.md).</summary>
    [Fact]
    public void An_order_sent_again_in_a_later_file_with_another_customer_is_quarantined_not_moved()
    {
        Write("a.csv", "7,2024-03-01 10:00:00,C1,UK,P1,1,5.00", "8,2024-03-01 10:00:00,C1,UK,P1,1,1.00");
        Load(Path.Combine(_warehouse.Folder, "*.csv"));
        Write("b.csv", "7,2024-03-01 10:30:00,C2,UK,P2,1,6.00", "8,2024-03-01 10:00:00,C1,UK,P1,2,1.00");
        var second = Load(Path.Combine(_warehouse.Folder, "*.csv"));

        Assert.Equal("incremental", second.LoadMode);
        var lines = second.Entities.Single(e => e.Entity == "order_lines");
        Assert.Equal((2L, 1L, 1L), (lines.RowsRead, lines.RowsWritten, lines.RowsQuarantined));
        var message = (string)_warehouse.Scalar("SELECT message FROM etl_quarantine WHERE reason_code = 'order_customer_conflict'")!;
        Assert.Contains("order 7 was loaded before for customer C1 and this extract names C2", message);
        // Order 7 stays C1's at 5.00; order 8, re-sent by the same customer, is replaced (2 x 1.00).
        Assert.Equal(new[] { "7|C1|1|5.00", "8|C1|1|2.00" }, _warehouse.Rows("""
            SELECT o.order_id, c.customer_id, l.line_number, CAST(l.net_amount AS DECIMAL(18,2)) FROM fact_order o
            JOIN dim_customer c ON c.customer_key = o.customer_key
            JOIN fact_order_line l ON l.order_id = o.order_id ORDER BY o.order_id, l.line_number
            """).Select(r => $"{r[0]}|{r[1]}|{r[2]}|{r[3]}"));
    }
}
