using System.Data;
using System.Data.Common;
using Warehouse.Etl.Sources;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests;

/// <summary>Every source row is loaded or quarantined with a reason, and the counts reconcile.</summary>
public sealed class QuarantineTests : IDisposable
{
    private readonly TempWarehouse _warehouse = new();

    public void Dispose() => _warehouse.Dispose();

    [Fact]
    public void Rows_that_cannot_be_loaded_are_quarantined_with_reasons_and_counts_reconcile()
    {
        var s = new FixtureSource().Product("P1", "Gifts", 1m, 10m);
        s.Customer("C1", new DateOnly(2024, 1, 1));
        s.Sale("C1", new DateOnly(2024, 3, 1), 10m);                                  // loaded: 1 order, 1 line
        s.Order("C1", new DateOnly(2024, 3, 2), "completed", ("P1", 1, 5m, 0m), ("P404", 2, 7m, 0m)); // 1 line loaded, 1 unknown_product
        s.Sale("C404", new DateOnly(2024, 3, 3), 20m);                                // loaded against an inferred customer
        s.Order("C1", new DateOnly(2024, 3, 4), "completed");                         // order_without_lines
        s.Sale("C1", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30), 40m);        // date_in_future + its line
        var source = new ExtraRows(s)
            .Line("O9999", 1, "P1", 1, 3m, 0m)                                        // unknown_order
            .Line("O0001", 2, "P1", 1, "12,5", 0m)                                    // unparsable_number
            .Customer("C2", "31/02/2024");                                             // unparsable_date

        var result = _warehouse.Run(source, new DateOnly(2024, 12, 31));

        var counts = result.Entities.ToDictionary(e => e.Entity);
        Assert.Equal((2L, 1L, 1L), (counts["customers"].RowsRead, counts["customers"].RowsWritten, counts["customers"].RowsQuarantined));
        Assert.Equal((5L, 3L, 2L), (counts["orders"].RowsRead, counts["orders"].RowsWritten, counts["orders"].RowsQuarantined));
        Assert.Equal((7L, 3L, 4L), (counts["order_lines"].RowsRead, counts["order_lines"].RowsWritten, counts["order_lines"].RowsQuarantined));
        var reasons = _warehouse.Rows("SELECT source_entity, reason_code, COUNT(*) FROM etl_quarantine GROUP BY ALL ORDER BY ALL")
            .Select(r => $"{r[0]}:{r[1]}:{r[2]}").ToList();
        Assert.Equal(new[]
        {
            "customers:unparsable_date:1",
            "order_lines:order_quarantined:1",
            "order_lines:unknown_order:1",
            "order_lines:unknown_product:1",
            "order_lines:unparsable_number:1",
            "orders:date_in_future:1",
            "orders:order_without_lines:1",
        }, reasons);
        Assert.Equal(35m, (decimal)_warehouse.Scalar("SELECT SUM(net_amount) FROM fact_order_line")!);
        // The customer the master lacks is an inferred member, not a lost order.
        Assert.Equal(new object?[] { "C404", true, null }, _warehouse.Rows("SELECT customer_id, is_inferred, country FROM dim_customer WHERE customer_id = 'C404'").Single());
        var stored = _warehouse.Rows("SELECT source_entity, rows_read, rows_written, rows_quarantined FROM etl_run_table ORDER BY source_entity");
        Assert.Equal(5, stored.Count);
        Assert.All(stored, r => Assert.Equal(Convert.ToInt64(r[1]), Convert.ToInt64(r[2]) + Convert.ToInt64(r[3])));
    }

    [Fact]
    public void A_run_that_quarantines_more_than_the_allowed_share_fails_before_it_commits_and_names_the_entity()
    {
        // 1 of 3 orders (dated in the future) and 1 of 3 lines (its line) are quarantined: 33% each.
        FixtureSource Source()
        {
            var s = new FixtureSource().Product("P1", "Gifts", 1m, 10m).Customer("C1", new DateOnly(2024, 1, 1));
            s.Sale("C1", new DateOnly(2024, 3, 1), 10m);
            s.Sale("C1", new DateOnly(2024, 3, 2), 20m);
            s.Sale("C1", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30), 30m);
            return s;
        }
        var e = Assert.Throws<Warehouse.Etl.Pipeline.JobFailedException>(() =>
            new Warehouse.Etl.Pipeline.WarehouseJob(_warehouse.Connection, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)
                .Run(Source(), new Warehouse.Etl.Pipeline.JobOptions { MaxQuarantinedShare = 0.25m }));
        Assert.Contains("orders 1 of 3", e.Message);
        Assert.Contains("order_lines 1 of 3", e.Message);
        Assert.Equal(0L, _warehouse.Scalar("SELECT COUNT(*) FROM fact_order_line"));

        // At 34% the same data loads.
        var ok = new Warehouse.Etl.Pipeline.WarehouseJob(_warehouse.Connection, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)
            .Run(Source(), new Warehouse.Etl.Pipeline.JobOptions { MaxQuarantinedShare = 0.34m });
        Assert.Equal(2L, ok.Entities.Single(x => x.Entity == "order_lines").RowsWritten);
    }

    [Fact]
    public void Duplicate_keys_in_an_extract_keep_the_first_row_and_quarantine_the_others()
    {
        var s = new FixtureSource().Product("P1", "Gifts", 1m, 10m).Product("P1", "Toys", 2m, 20m);
        s.Customer("C1", new DateOnly(2024, 1, 1), country: "UK").Customer("C1", new DateOnly(2024, 1, 1), country: "FR");
        s.Sale("C1", new DateOnly(2024, 3, 1), 10m);
        var source = new ExtraRows(s).Line("O0001", 1, "P1", 5, 99m, 0m);    // the same order line again

        var result = _warehouse.Run(source, new DateOnly(2024, 12, 31));

        var counts = result.Entities.ToDictionary(e => e.Entity, e => (e.RowsRead, e.RowsWritten, e.RowsQuarantined));
        Assert.Equal((2L, 1L, 1L), counts["customers"]);
        Assert.Equal((2L, 1L, 1L), counts["products"]);
        Assert.Equal((2L, 1L, 1L), counts["order_lines"]);
        Assert.Equal("UK", _warehouse.Scalar("SELECT country FROM dim_customer"));          // the first row wins
        Assert.Equal("Gifts", _warehouse.Scalar("SELECT category FROM dim_product"));
        Assert.Equal(10m, (decimal)_warehouse.Scalar("SELECT SUM(net_amount) FROM fact_order_line")!);
        Assert.Equal(3L, _warehouse.Scalar("SELECT COUNT(*) FROM etl_quarantine WHERE reason_code = 'duplicate_key'"));
        Assert.Equal("row 2", _warehouse.Scalar("SELECT source_location FROM etl_quarantine WHERE source_entity = 'customers'"));
    }

    /// <summary>Adds raw rows that the typed fixture helpers cannot express.</summary>
    private sealed class ExtraRows(FixtureSource inner) : ISource
    {
        private readonly List<object?[]> _lines = [];
        private readonly List<object?[]> _customers = [];

        public string Description => inner.Description;

        public ExtraRows Line(string order, int line, string product, int qty, object price, decimal discount)
        {
            _lines.Add([order, line, product, qty, price, discount, "2024-03-01 00:00:00"]);
            return this;
        }

        public ExtraRows Customer(string id, string signup)
        {
            _customers.Add([id, "Name", "e@example.com", "UK", "City", signup, "organic", 0m, null, "2024-03-01 00:00:00"]);
            return this;
        }

        public DbDataReader OpenEntity(string entity)
        {
            var extra = entity switch { "order_lines" => _lines, "customers" => _customers, _ => [] };
            var table = new DataTable();
            using (var reader = inner.OpenEntity(entity)) table.Load(reader);
            foreach (var row in extra) table.Rows.Add(row.Select(v => v ?? DBNull.Value).ToArray());
            return table.CreateDataReader();
        }

        public void Dispose() => inner.Dispose();
    }
}
