using Microsoft.Data.Sqlite;
using Warehouse.Etl.Sources.Relational;
using Warehouse.SampleSource;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests;

/// <summary>Generate a small sample, run the job, and reconcile the warehouse with the source by
/// an independent route (the source's rows summed in C# decimal).</summary>
public sealed class EndToEndTests : IDisposable
{
    private readonly TempWarehouse _warehouse = new();

    public void Dispose() => _warehouse.Dispose();

    [Fact]
    public void The_fact_holds_every_source_line_and_the_same_net_amount_and_a_rerun_changes_nothing()
    {
        var sourcePath = _warehouse.PathOf("source.db");
        SampleGenerator.WriteSqlite(sourcePath, new SampleOptions { Customers = 400, Seed = 7 });
        var (lines, net, orders) = SourceTotals(sourcePath);

        RunOn(sourcePath);

        Assert.Equal(lines, (long)_warehouse.Scalar("SELECT COUNT(*) FROM fact_order_line")!);
        Assert.Equal(orders, (long)_warehouse.Scalar("SELECT COUNT(DISTINCT order_id) FROM fact_order_line")!);
        Assert.Equal(net, (decimal)_warehouse.Scalar("SELECT SUM(net_amount) FROM fact_order_line")!);
        Assert.Equal(decimal.Round(net, 2, MidpointRounding.AwayFromZero),
            decimal.Round((decimal)_warehouse.Scalar("SELECT SUM(net_amount) FROM fact_order_line")!, 2, MidpointRounding.AwayFromZero));
        Assert.Equal(0L, _warehouse.Scalar("SELECT COUNT(*) FROM etl_quarantine"));

        var first = _warehouse.Snapshot();
        RunOn(sourcePath);
        TempWarehouse.AssertSameSnapshot(first, _warehouse.Snapshot());
    }

    [Fact]
    public void Rfm_mart_covers_exactly_the_customers_with_a_qualifying_order_in_the_window()
    {
        var sourcePath = _warehouse.PathOf("source.db");
        SampleGenerator.WriteSqlite(sourcePath, new SampleOptions { Customers = 400, Seed = 11 });
        var result = RunOn(sourcePath);

        // Independent route: from the source, customers with a completed order worth > 0 dated in (D-365, D].
        var expected = new HashSet<string>();
        var orderNet = new Dictionary<long, (long Customer, DateOnly Date, decimal Net)>();
        using (var c = new SqliteConnection($"Data Source={sourcePath};Mode=ReadOnly"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = """
                SELECT o.order_id, o.customer_id, substr(o.order_ts, 1, 10), l.quantity, CAST(l.unit_price AS TEXT), CAST(l.discount_rate AS TEXT)
                FROM orders o JOIN order_lines l ON l.order_id = o.order_id WHERE o.status = 'completed'
                """;
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var id = r.GetInt64(0);
                var lineNet = r.GetInt64(3) * decimal.Parse(r.GetString(4), System.Globalization.CultureInfo.InvariantCulture)
                              * (1 - decimal.Parse(r.GetString(5), System.Globalization.CultureInfo.InvariantCulture));
                var date = DateOnly.Parse(r.GetString(2), System.Globalization.CultureInfo.InvariantCulture);
                orderNet[id] = orderNet.TryGetValue(id, out var o) ? o with { Net = o.Net + lineNet } : (r.GetInt64(1), date, lineNet);
            }
        }
        var d = result.AsOf;
        foreach (var o in orderNet.Values)
            if (o.Net > 0 && o.Date > d.AddDays(-365) && o.Date <= d) expected.Add(o.Customer.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var actual = _warehouse.Rows("SELECT customer_id FROM mart_customer_rfm").Select(r => (string)r[0]!).ToHashSet();
        Assert.True(expected.Count > 50, $"the sample should have many active customers, had {expected.Count}");
        Assert.Equal(expected.Order(), actual.Order());
        // Segment summary adds up to the mart.
        Assert.Equal((long)expected.Count, Convert.ToInt64(_warehouse.Scalar("SELECT CAST(SUM(customers) AS BIGINT) FROM mart_rfm_segment_summary")));
        Assert.Equal((decimal)_warehouse.Scalar("SELECT SUM(monetary) FROM mart_customer_rfm")!,
            (decimal)_warehouse.Scalar("SELECT SUM(revenue) FROM mart_rfm_segment_summary")!);
    }

    private Warehouse.Etl.Pipeline.RunResult RunOn(string sourcePath)
    {
        using var source = new SqliteSource($"Data Source={sourcePath}");
        return _warehouse.Run(source);
    }

    /// <summary>Order lines, their net amount summed in decimal, and orders, read from the source.</summary>
    private static (long Lines, decimal Net, long Orders) SourceTotals(string path)
    {
        using var c = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT quantity, CAST(unit_price AS TEXT), CAST(discount_rate AS TEXT) FROM order_lines";
        long lines = 0;
        var net = 0m;
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                lines++;
                net += r.GetInt64(0) * decimal.Parse(r.GetString(1), System.Globalization.CultureInfo.InvariantCulture)
                       * (1 - decimal.Parse(r.GetString(2), System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        cmd.CommandText = "SELECT COUNT(*) FROM orders";
        return (lines, net, (long)cmd.ExecuteScalar()!);
    }
}
