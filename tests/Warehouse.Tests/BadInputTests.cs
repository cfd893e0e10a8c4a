using System.Text;
using Warehouse.Etl.Configuration;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources.Flat;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests;

/// <summary>A corpus of bad flat files: every bad row is quarantined with its reason, every bad
/// file is rejected with a clear message, and nothing else is lost (read = loaded + quarantined).</summary>
public sealed class BadInputTests : IDisposable
{
    private const string Header = FlatLines.Header;
    private readonly TempWarehouse _warehouse = new();

    public void Dispose() => _warehouse.Dispose();

    private static FlatFileSettings Settings() => FlatLines.Settings();

    private string Write(string name, string text, Encoding? encoding = null)
    {
        var path = _warehouse.PathOf(name);
        File.WriteAllText(path, text, encoding ?? new UTF8Encoding(false));
        return path;
    }

    private RunResult Load(string pathOrGlob)
    {
        using var source = new FlatFileSource(pathOrGlob, Settings());
        return _warehouse.Run(source, new DateOnly(2024, 12, 31));
    }

    [Fact]
    public void Each_bad_row_is_quarantined_with_its_reason_and_the_good_rows_load()
    {
        var longCountry = new string('x', 101);   // stg_flat_order_lines.country is VARCHAR(100)
        Write("lines.csv", string.Join("\n",
            Header,
            "1,2024-03-01 10:00:00,C1,UK,P1,2,5.00",               // good
            "1,2024-03-01 10:00:00,C1,UK,P2,1,2.50",               // good, same order
            ",2024-03-01 10:00:00,C1,UK,P1,1,1.00",                // missing_key (order_id)
            "3,2024-03-02 10:00:00,C1,UK,P1,two,1.00",             // unparsable_number
            "4,2024-02-30 10:00:00,C1,UK,P1,1,1.00",               // unparsable_date
            "5,2024-03-03 10:00:00,C1,UK,P1,0,1.00",               // quantity_not_allowed
            "6,2024-03-03 10:00:00,C1,UK,P1,1,-1.00",              // price_not_allowed
            "7,2099-01-01 10:00:00,C1,UK,P1,1,1.00",               // date_in_future
            $"8,2024-03-04 10:00:00,C2,{longCountry},P1,1,1.00",  // text_too_long
            "9,2024-03-04 10:00:00,C1,UK,P1,1,1.00,extra",         // wrong_column_count
            "10,2024-03-04 10:00:00,,UK,P1,1,1.00",                // missing_customer
            "11,2024-13-01 10:00:00,C1,UK,P1,x,1.00",              // two problems: counted once (first found)
            "C12,2024-03-05 10:00:00,C1,UK,P1,-2,5.00",            // a cancellation: loads, status cancelled
            "13,2024-03-06 10:00:00,C1,UK,P1,1,1.0") + "\n");      // good
        var result = Load(_warehouse.PathOf("lines.csv"));

        var lines = result.Entities.Single(e => e.Entity == "order_lines");
        Assert.Equal(14L, lines.RowsRead);
        Assert.Equal((4L, 10L), (lines.RowsWritten, lines.RowsQuarantined));
        var reasons = _warehouse.Rows("SELECT reason_code, COUNT(*) FROM etl_quarantine GROUP BY reason_code ORDER BY reason_code")
            .Select(r => $"{r[0]}:{r[1]}").ToList();
        Assert.Equal(new[]
        {
            // Order lines (10): the row problems, and order 7's line because its order was quarantined.
            // Orders (3): 7 is dated in the future; 5 and 6 lost their only line.
            "date_in_future:1", "missing_customer:1", "missing_key:1", "order_quarantined:1", "order_without_lines:2",
            "price_not_allowed:1", "quantity_not_allowed:1", "text_too_long:1", "unparsable_date:2", "unparsable_number:1",
            "wrong_column_count:1",
        }, reasons);
        // The quarantined rows keep their raw text and where they came from.
        Assert.Equal("lines.csv: 9,2024-03-04 10:00:00,C1,UK,P1,1,1.00,extra",
            _warehouse.Scalar("SELECT raw_row FROM etl_quarantine WHERE reason_code = 'wrong_column_count'"));
        Assert.Equal(10m + 2.5m - 10m + 1m, (decimal)_warehouse.Scalar("SELECT SUM(net_amount) FROM fact_order_line")!);
        Assert.Equal("cancelled", _warehouse.Scalar("SELECT order_status FROM fact_order WHERE order_id = 'C12'"));
    }

    /// <summary>What README ("Real data") and docs/schema.md say of lines with quantity or price of
    /// 0 or below in an invoice that is not a cancellation: quantity below 0 loads (a return), quantity
    /// 0 is quarantined, price 0 loads and adds nothing, price below 0 is quarantined.</summary>
    [Fact]
    public void In_an_ordinary_invoice_a_negative_quantity_and_a_zero_price_load_a_zero_quantity_and_a_negative_price_do_not()
    {
        Write("lines.csv", string.Join("\n",
            Header,
            "20,2024-03-01 10:00:00,C1,UK,P1,2,5.00",    // line 1: 10.00
            "20,2024-03-01 10:00:00,C1,UK,P2,-1,2.50",   // line 2: a return, loads: -2.50
            "20,2024-03-01 10:00:00,C1,UK,P1,3,0",       // line 3: price 0, loads: 0.00
            "20,2024-03-01 10:00:00,C1,UK,P1,0,5.00",    // line 4: quantity_not_allowed
            "20,2024-03-01 10:00:00,C1,UK,P2,1,-1.00") + "\n");   // line 5: price_not_allowed
        var result = Load(_warehouse.PathOf("lines.csv"));

        var lines = result.Entities.Single(e => e.Entity == "order_lines");
        Assert.Equal((5L, 3L, 2L), (lines.RowsRead, lines.RowsWritten, lines.RowsQuarantined));
        Assert.Equal(new[] { "order_id=20; line_number=4|quantity_not_allowed", "order_id=20; line_number=5|price_not_allowed" },
            _warehouse.Rows("SELECT source_location, reason_code FROM etl_quarantine ORDER BY source_location").Select(r => $"{r[0]}|{r[1]}"));
        Assert.Equal(new[] { "1|2|10.00", "2|-1|-2.50", "3|3|0.00" },
            _warehouse.Rows("SELECT line_number, quantity, CAST(net_amount AS DECIMAL(18,2)) FROM fact_order_line ORDER BY line_number")
                .Select(r => $"{r[0]}|{r[1]}|{r[2]}"));
        Assert.Equal(("completed", 7.50m), ((string)_warehouse.Scalar("SELECT order_status FROM fact_order WHERE order_id = '20'")!,
            (decimal)_warehouse.Scalar("SELECT CAST(net_amount AS DECIMAL(18,2)) FROM fact_order WHERE order_id = '20'")!));
    }

    [Fact]
    public void A_truncated_last_line_and_bytes_in_the_wrong_encoding_are_quarantined()
    {
        Write("a.csv", Header + "\n1,2024-03-01 10:00:00,C1,UK,P1,2,5.00\n2,2024-03-01 10:00:00,C1,U", Encoding.UTF8);
        Write("b.csv", Header + "\n3,2024-03-01 10:00:00,C3,Espa\u00f1a,P1,1,5.00\n", Encoding.Latin1);
        var result = Load(Path.Combine(_warehouse.Folder, "*.csv"));
        var lines = result.Entities.Single(e => e.Entity == "order_lines");
        Assert.Equal((3L, 1L, 2L), (lines.RowsRead, lines.RowsWritten, lines.RowsQuarantined));
        Assert.Equal(new[] { "invalid_encoding", "wrong_column_count" },
            _warehouse.Rows("SELECT reason_code FROM etl_quarantine ORDER BY reason_code").Select(r => (string)r[0]!));
    }

    [Fact]
    public void A_header_only_file_loads_nothing_and_succeeds()
    {
        var result = Load(Write("header.csv", Header + "\n"));
        Assert.Equal(0L, result.Entities.Single(e => e.Entity == "order_lines").RowsRead);
        Assert.Equal(0L, _warehouse.Scalar("SELECT COUNT(*) FROM fact_order_line"));
    }

    [Theory]
    [InlineData("empty", "is empty")]
    [InlineData("binary", "is not a text file")]
    [InlineData("other-columns", "has no column 'order_id'")]
    public void A_file_that_is_not_an_order_line_file_is_rejected_with_a_clear_message(string kind, string expected)
    {
        var path = kind switch
        {
            "empty" => Write("empty.csv", ""),
            "binary" => Write("binary.csv", "\u0089PNG\r\n\u001a\n\0\0\0\rIHDR\0\0\0\u0001", Encoding.Latin1),
            _ => Write("other.csv", "a,b,c\n1,2,3\n"),
        };
        var e = Assert.Throws<JobFailedException>(() => Load(path));
        Assert.Contains(expected, e.Message);
        Assert.Equal(0L, _warehouse.Scalar("SELECT COUNT(*) FROM fact_order_line"));
    }
}
