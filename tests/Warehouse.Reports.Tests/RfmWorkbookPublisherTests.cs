using ClosedXML.Excel;
using DuckDB.NET.Data;

namespace Warehouse.Reports.Tests;

public sealed class RfmWorkbookPublisherTests : IDisposable
{
    private static readonly DateOnly AsOf = new(2024, 6, 30);

    private readonly TempFolder _folder = new();
    private readonly DuckDBConnection _db = Db.OpenInMemory();

    public RfmWorkbookPublisherTests()
    {
        Db.Execute(_db, """
            CREATE TABLE mart_rfm_segment_summary (
                as_of_date DATE NOT NULL, segment VARCHAR NOT NULL, segment_order SMALLINT NOT NULL,
                customers BIGINT NOT NULL, customer_share DECIMAL(38,8), revenue DECIMAL(38,8) NOT NULL,
                revenue_share DECIMAL(38,8), avg_monetary DECIMAL(38,8), avg_recency_days DECIMAL(38,8),
                avg_frequency DECIMAL(38,8), extra_column VARCHAR,
                PRIMARY KEY (as_of_date, segment));
            -- Out of segment order on purpose; 2024-05-31 must not show up in the 2024-06-30 workbook.
            INSERT INTO mart_rfm_segment_summary VALUES
                ('2024-06-30', 'Hibernating', 10, 0, NULL, 0, NULL, NULL, NULL, NULL, 'x'),
                ('2024-06-30', 'Loyal', 2, 5, 0.50000000, 10.13500000, 0.62350046, 2.02700000, 30.50000000, 2.20000000, 'x'),
                ('2024-06-30', 'At Risk', 8, 2, 0.20000000, -4.00500000, -0.24638572, -2.00250000, 95.25000000, 1.50000000, 'x'),
                ('2024-06-30', 'Champions', 1, 3, 0.30000000, 10.12500000, 0.62288526, 3.37500000, 12.33333333, 4.66666667, 'x'),
                ('2024-05-31', 'Champions', 1, 99, 1.00000000, 999.99500000, 1.00000000, 10.10100000, 1.00000000, 9.00000000, 'x');
            """);
    }

    public void Dispose()
    {
        _db.Dispose();
        _folder.Dispose();
    }

    private static RunInfo Run(IReadOnlyList<TableRowCount>? counts = null) => new(
        RunId: 42,
        AsOfDate: AsOf,
        GeneratedAtUtc: new DateTime(2024, 7, 1, 6, 30, 15, DateTimeKind.Utc),
        Source: "2024-01",
        SoftwareVersion: "1.10",
        RowCounts: counts ?? [new("stg_orders", 1200, 1198), new("mart_rfm_segment_summary", 4, 4)]);

    private string WriteWorkbook(RunInfo? run = null)
    {
        string path = _folder.File("rfm.xlsx");
        new RfmWorkbookPublisher().Write(_db, AsOf, run ?? Run(), path);
        return path;
    }

    [Fact]
    public void Segments_sheet_has_the_table_in_segment_order_for_the_as_of_date_only()
    {
        using var workbook = new XLWorkbook(WriteWorkbook());

        Assert.Equal(["RFM segments", "Run"], workbook.Worksheets.Select(w => w.Name));
        var sheet = workbook.Worksheet("RFM segments");
        var table = sheet.Tables.Table("RfmSegmentSummary");
        Assert.Equal("A1:H5", table.RangeAddress.ToString());
        Assert.True(table.ShowHeaderRow);
        Assert.Equal(
            ["Segment", "Customers", "Share of customers", "Revenue", "Share of revenue",
             "Average monetary", "Average recency (days)", "Average frequency"],
            Enumerable.Range(1, 8).Select(c => sheet.Cell(1, c).GetString()));
        Assert.Equal(["Champions", "Loyal", "At Risk", "Hibernating"],
            Enumerable.Range(2, 4).Select(r => sheet.Cell(r, 1).GetString()));
        Assert.All(Enumerable.Range(2, 4), r => Assert.Equal(XLDataType.Text, sheet.Cell(r, 1).DataType));
        Assert.True(sheet.Cell(6, 1).IsEmpty());
    }

    [Fact]
    public void Money_is_rounded_half_away_from_zero_to_cents()
    {
        using var workbook = new XLWorkbook(WriteWorkbook());
        var sheet = workbook.Worksheet("RFM segments");

        // Revenue (D): 10.125 -> 10.13, 10.135 -> 10.14, -4.005 -> -4.01, 0 -> 0.
        Assert.Equal([10.13m, 10.14m, -4.01m, 0m], Enumerable.Range(2, 4).Select(r => sheet.Cell(r, 4).GetValue<decimal>()));
        // Average monetary (F): 3.375 -> 3.38, 2.027 -> 2.03, -2.0025 -> -2.00, NULL -> empty.
        Assert.Equal([3.38m, 2.03m, -2.00m], Enumerable.Range(2, 3).Select(r => sheet.Cell(r, 6).GetValue<decimal>()));
        Assert.True(sheet.Cell(5, 6).IsEmpty());
        Assert.Equal(10.13, sheet.Cell(2, 4).GetDouble());
        Assert.Equal(-4.01, sheet.Cell(4, 4).GetDouble());
    }

    [Fact]
    public void Shares_and_averages_keep_the_mart_values()
    {
        using var workbook = new XLWorkbook(WriteWorkbook());
        var sheet = workbook.Worksheet("RFM segments");

        Assert.Equal([3L, 5L, 2L, 0L], Enumerable.Range(2, 4).Select(r => sheet.Cell(r, 2).GetValue<long>()));
        Assert.Equal([0.3m, 0.5m, 0.2m], Enumerable.Range(2, 3).Select(r => sheet.Cell(r, 3).GetValue<decimal>()));
        Assert.Equal([0.62288526m, 0.62350046m, -0.24638572m], Enumerable.Range(2, 3).Select(r => sheet.Cell(r, 5).GetValue<decimal>()));
        Assert.Equal([12.33333333m, 30.5m, 95.25m], Enumerable.Range(2, 3).Select(r => sheet.Cell(r, 7).GetValue<decimal>()));
        Assert.Equal([4.66666667m, 2.2m, 1.5m], Enumerable.Range(2, 3).Select(r => sheet.Cell(r, 8).GetValue<decimal>()));

        // The empty segment: no shares, no averages.
        Assert.All([3, 5, 6, 7, 8], c => Assert.True(sheet.Cell(5, c).IsEmpty(), $"column {c}"));
    }

    [Fact]
    public void Numbers_are_number_cells_with_their_formats()
    {
        using var workbook = new XLWorkbook(WriteWorkbook());
        var sheet = workbook.Worksheet("RFM segments");

        string[] formats = ["#,##0", "0.00%", "#,##0.00", "0.00%", "#,##0.00", "#,##0.0", "#,##0.00"];
        for (int row = 2; row <= 5; row++)
        {
            for (int column = 2; column <= 8; column++)
            {
                var cell = sheet.Cell(row, column);
                Assert.Equal(formats[column - 2], cell.Style.NumberFormat.Format);
                if (!cell.IsEmpty())
                {
                    Assert.Equal(XLDataType.Number, cell.DataType);
                }
            }
        }
        // Column widths are set, not left at the default.
        Assert.All(Enumerable.Range(1, 8), c => Assert.True(sheet.Column(c).Width >= 12, $"column {c}"));
    }

    [Fact]
    public void Header_is_frozen_and_pages_are_landscape_one_page_wide()
    {
        using var workbook = new XLWorkbook(WriteWorkbook());

        var sheet = workbook.Worksheet("RFM segments");
        Assert.Equal(1, sheet.SheetView.SplitRow);
        Assert.Equal(0, sheet.SheetView.SplitColumn);
        foreach (var ws in workbook.Worksheets)
        {
            Assert.Equal(XLPageOrientation.Landscape, ws.PageSetup.PageOrientation);
            Assert.Equal(1, ws.PageSetup.PagesWide);
            Assert.Equal(0, ws.PageSetup.PagesTall);
        }
    }

    [Fact]
    public void Run_sheet_has_the_run_facts_and_row_counts()
    {
        using var workbook = new XLWorkbook(WriteWorkbook());
        var sheet = workbook.Worksheet("Run");

        Assert.Equal("As-of date", sheet.Cell("A1").GetString());
        Assert.Equal(XLDataType.DateTime, sheet.Cell("B1").DataType);
        Assert.Equal(new DateTime(2024, 6, 30), sheet.Cell("B1").GetDateTime());
        Assert.Equal("yyyy-mm-dd", sheet.Cell("B1").Style.NumberFormat.Format);

        Assert.Equal("Run id", sheet.Cell("A2").GetString());
        Assert.Equal(XLDataType.Number, sheet.Cell("B2").DataType);
        Assert.Equal(42L, sheet.Cell("B2").GetValue<long>());

        Assert.Equal("Generated at (UTC)", sheet.Cell("A3").GetString());
        Assert.Equal(XLDataType.DateTime, sheet.Cell("B3").DataType);
        Assert.Equal(new DateTime(2024, 7, 1, 6, 30, 15), sheet.Cell("B3").GetDateTime());

        // Text that looks like a date or a number stays text.
        Assert.Equal("Source", sheet.Cell("A4").GetString());
        Assert.Equal(XLDataType.Text, sheet.Cell("B4").DataType);
        Assert.Equal("2024-01", sheet.Cell("B4").GetString());
        Assert.Equal("Software version", sheet.Cell("A5").GetString());
        Assert.Equal(XLDataType.Text, sheet.Cell("B5").DataType);
        Assert.Equal("1.10", sheet.Cell("B5").GetString());

        var table = sheet.Tables.Table("RunRowCounts");
        Assert.Equal("A7:C9", table.RangeAddress.ToString());
        Assert.Equal(["Table", "Rows read", "Rows written"], Enumerable.Range(1, 3).Select(c => sheet.Cell(7, c).GetString()));
        Assert.Equal("stg_orders", sheet.Cell("A8").GetString());
        Assert.Equal(1200L, sheet.Cell("B8").GetValue<long>());
        Assert.Equal(1198L, sheet.Cell("C8").GetValue<long>());
        Assert.Equal("mart_rfm_segment_summary", sheet.Cell("A9").GetString());
        Assert.Equal(4L, sheet.Cell("B9").GetValue<long>());
        Assert.Equal(4L, sheet.Cell("C9").GetValue<long>());
        Assert.All(new[] { "B8", "C8", "B9", "C9" }, a => Assert.Equal(XLDataType.Number, sheet.Cell(a).DataType));
    }

    [Fact]
    public void A_run_without_row_counts_still_has_the_table()
    {
        using var workbook = new XLWorkbook(WriteWorkbook(Run(counts: [])));

        var table = workbook.Worksheet("Run").Tables.Table("RunRowCounts");
        Assert.Equal("Table", workbook.Worksheet("Run").Cell("A7").GetString());
        Assert.Equal(7, table.RangeAddress.FirstAddress.RowNumber);
    }

    [Fact]
    public void Replaces_an_existing_file_and_leaves_no_temp_file()
    {
        string path = _folder.File("rfm.xlsx");
        File.WriteAllText(path, "stale");

        WriteWorkbook();

        using var workbook = new XLWorkbook(path);
        Assert.Equal(2, workbook.Worksheets.Count);
        Assert.Equal(["rfm.xlsx"], Directory.GetFiles(_folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_date_without_mart_rows_is_refused_and_writes_nothing()
    {
        var run = Run() with { AsOfDate = new DateOnly(2024, 4, 30) };

        Assert.Throws<InvalidOperationException>(
            () => new RfmWorkbookPublisher().Write(_db, new DateOnly(2024, 4, 30), run, _folder.File("rfm.xlsx")));
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void A_run_for_another_date_is_refused()
    {
        Assert.Throws<ArgumentException>(
            () => new RfmWorkbookPublisher().Write(_db, new DateOnly(2024, 5, 31), Run(), _folder.File("rfm.xlsx")));
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void The_earlier_date_gets_its_own_figures()
    {
        string path = _folder.File("rfm-2024-05.xlsx");
        new RfmWorkbookPublisher().Write(_db, new DateOnly(2024, 5, 31), Run() with { AsOfDate = new DateOnly(2024, 5, 31) }, path);

        using var workbook = new XLWorkbook(path);
        var sheet = workbook.Worksheet("RFM segments");
        Assert.Equal("A1:H2", sheet.Tables.Table("RfmSegmentSummary").RangeAddress.ToString());
        Assert.Equal(99L, sheet.Cell("B2").GetValue<long>());
        Assert.Equal(1000.00m, sheet.Cell("D2").GetValue<decimal>()); // 999.995 -> 1000.00
        Assert.Equal(10.10m, sheet.Cell("F2").GetValue<decimal>());   // 10.101 -> 10.10
    }

    [Theory]
    [InlineData("10.125", "10.13")]
    [InlineData("10.135", "10.14")]
    [InlineData("-4.005", "-4.01")]
    [InlineData("-2.0025", "-2.00")]
    [InlineData("0.005", "0.01")]
    [InlineData("2.994999", "2.99")]
    public void RoundMoney_rounds_half_away_from_zero(string value, string expected)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        Assert.Equal(decimal.Parse(expected, culture), RfmWorkbookPublisher.RoundMoney(decimal.Parse(value, culture)));
    }
}
