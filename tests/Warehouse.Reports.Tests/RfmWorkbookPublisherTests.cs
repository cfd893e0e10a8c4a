using System.Globalization;
using ClosedXML.Excel;
using DocumentFormat.OpenXml.Packaging;
using DuckDB.NET.Data;
using Warehouse.Schema;
using Warehouse.Schema.Dialects;
using C = DocumentFormat.OpenXml.Drawing.Charts;
using S = DocumentFormat.OpenXml.Spreadsheet;

namespace Warehouse.Reports.Tests;

public sealed class RfmWorkbookPublisherTests : IDisposable
{
    private static readonly DateOnly AsOf = new(2024, 6, 30);

    private readonly TempFolder _folder = new();
    private readonly DuckDBConnection _db = Db.OpenInMemory();

    public RfmWorkbookPublisherTests()
    {
        // The warehouse's own tables for the thresholds and the segments (ref_rfm_segment with its rows).
        Db.Execute(_db, string.Join("\n", new[] { "tables/marts/mart_customer_rfm", "tables/marts/mart_rfm_thresholds", "tables/reference/ref_rfm_segment" }
            .Select(t => DuckDbDialect.Instance.Render(SqlCatalog.Embedded.Read(t)))));
        // Ten customers on 2024-06-30 (recency days, orders, revenue); the thresholds below are worked out from them by hand.
        Db.Execute(_db, """
            INSERT INTO mart_customer_rfm (as_of_date, customer_key, customer_id, last_order_date, recency_days, frequency, monetary) VALUES
                ('2024-06-30', 1, 'C01', '2024-06-25',   5, 6, 500.00),
                ('2024-06-30', 2, 'C02', '2024-06-20',  10, 4, 320.50),
                ('2024-06-30', 3, 'C03', '2024-06-18',  12, 4, 250.125),
                ('2024-06-30', 4, 'C04', '2024-05-31',  30, 3, 200.00),
                ('2024-06-30', 5, 'C05', '2024-05-16',  45, 2, 120.00),
                ('2024-06-30', 6, 'C06', '2024-05-01',  60, 2, 99.99),
                ('2024-06-30', 7, 'C07', '2024-04-01',  90, 1, 80.00),
                ('2024-06-30', 8, 'C08', '2024-03-02', 120, 1, 45.50),
                ('2024-06-30', 9, 'C09', '2023-12-13', 200, 1, 30.00),
                ('2024-06-30', 10, 'C10', '2023-09-04', 300, 1, 10.00),
                ('2024-05-31', 1, 'C01', '2024-05-30',   1, 9, 999.00);
            """);
        foreach (var date in new[] { AsOf, new DateOnly(2024, 5, 31) })
        {
            new SqlRunner(_db, DuckDbDialect.Instance, SqlCatalog.Embedded).Execute("transforms/marts/mart_rfm_thresholds", null,
                new Dictionary<string, object?> { ["as_of"] = date });
        }
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
        RowCounts: counts ?? [new("stg_orders", 1200, 1198), new("mart_rfm_segment_summary", 4, 4)])
    {
        RfmWindowDays = 365,
    };

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

        Assert.Equal(["RFM segments", "RFM scores", "Definitions", "Run"], workbook.Worksheets.Select(w => w.Name));
        var sheet = workbook.Worksheet("RFM segments");
        var table = sheet.Tables.Table("RfmSegmentSummary");
        Assert.Equal("A8:H12", table.RangeAddress.ToString());
        Assert.True(table.ShowHeaderRow);
        Assert.Equal(
            ["Segment", "Customers", "Share of customers", "Revenue", "Share of revenue",
             "Average monetary", "Average recency (days)", "Average frequency"],
            Enumerable.Range(1, 8).Select(c => sheet.Cell(8, c).GetString()));
        Assert.Equal(["Champions", "Loyal", "At Risk", "Hibernating"],
            Enumerable.Range(9, 4).Select(r => sheet.Cell(r, 1).GetString()));
        Assert.All(Enumerable.Range(9, 4), r => Assert.Equal(XLDataType.Text, sheet.Cell(r, 1).DataType));
        Assert.True(sheet.Cell(13, 1).IsEmpty());
    }

    [Fact]
    public void Money_is_rounded_half_away_from_zero_to_cents()
    {
        using var workbook = new XLWorkbook(WriteWorkbook());
        var sheet = workbook.Worksheet("RFM segments");

        // Revenue (D): 10.125 -> 10.13, 10.135 -> 10.14, -4.005 -> -4.01, 0 -> 0.
        Assert.Equal([10.13m, 10.14m, -4.01m, 0m], Enumerable.Range(9, 4).Select(r => sheet.Cell(r, 4).GetValue<decimal>()));
        // Average monetary (F): 3.375 -> 3.38, 2.027 -> 2.03, -2.0025 -> -2.00, NULL -> empty.
        Assert.Equal([3.38m, 2.03m, -2.00m], Enumerable.Range(9, 3).Select(r => sheet.Cell(r, 6).GetValue<decimal>()));
        Assert.True(sheet.Cell(12, 6).IsEmpty());
        Assert.Equal(10.13, sheet.Cell(9, 4).GetDouble());
        Assert.Equal(-4.01, sheet.Cell(11, 4).GetDouble());
    }

    [Fact]
    public void Shares_and_averages_keep_the_mart_values()
    {
        using var workbook = new XLWorkbook(WriteWorkbook());
        var sheet = workbook.Worksheet("RFM segments");

        Assert.Equal([3L, 5L, 2L, 0L], Enumerable.Range(9, 4).Select(r => sheet.Cell(r, 2).GetValue<long>()));
        Assert.Equal([0.3m, 0.5m, 0.2m], Enumerable.Range(9, 3).Select(r => sheet.Cell(r, 3).GetValue<decimal>()));
        Assert.Equal([0.62288526m, 0.62350046m, -0.24638572m], Enumerable.Range(9, 3).Select(r => sheet.Cell(r, 5).GetValue<decimal>()));
        Assert.Equal([12.33333333m, 30.5m, 95.25m], Enumerable.Range(9, 3).Select(r => sheet.Cell(r, 7).GetValue<decimal>()));
        Assert.Equal([4.66666667m, 2.2m, 1.5m], Enumerable.Range(9, 3).Select(r => sheet.Cell(r, 8).GetValue<decimal>()));

        // The empty segment: no shares, no averages.
        Assert.All([3, 5, 6, 7, 8], c => Assert.True(sheet.Cell(12, c).IsEmpty(), $"column {c}"));
    }

    [Fact]
    public void Numbers_are_number_cells_with_their_formats()
    {
        using var workbook = new XLWorkbook(WriteWorkbook());
        var sheet = workbook.Worksheet("RFM segments");

        string[] formats = ["#,##0", "0.00%", "#,##0.00", "0.00%", "#,##0.00", "#,##0.0", "#,##0.00"];
        for (int row = 9; row <= 12; row++)
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
        Assert.True(sheet.Column(1).Width >= 20);
    }

    [Fact]
    public void Header_is_frozen_and_every_sheet_prints_on_a4_landscape_one_page_wide()
    {
        using var workbook = new XLWorkbook(WriteWorkbook());

        var sheet = workbook.Worksheet("RFM segments");
        Assert.Equal(8, sheet.SheetView.SplitRow);
        Assert.Equal(0, sheet.SheetView.SplitColumn);
        Assert.Equal((8, 8), (sheet.PageSetup.FirstRowToRepeatAtTop, sheet.PageSetup.LastRowToRepeatAtTop));
        Assert.Equal((1, 1), (workbook.Worksheet("Definitions").PageSetup.FirstRowToRepeatAtTop, workbook.Worksheet("Definitions").PageSetup.LastRowToRepeatAtTop));
        foreach (var ws in workbook.Worksheets)
        {
            Assert.Equal(XLPaperSize.A4Paper, ws.PageSetup.PaperSize);
            Assert.Equal(9, (int)ws.PageSetup.PaperSize);
            Assert.Equal(XLPageOrientation.Landscape, ws.PageSetup.PageOrientation);
            Assert.Equal(1, ws.PageSetup.PagesWide);
            // The segments and their chart on one page, the chart not cut; the other sheets as many pages tall as they take.
            Assert.Equal(ws.Name == "RFM segments" ? 1 : 0, ws.PageSetup.PagesTall);
        }
    }

    [Fact]
    public void Title_block_has_the_as_of_date_the_window_the_run_and_when_it_was_generated()
    {
        using var workbook = new XLWorkbook(WriteWorkbook());
        var sheet = workbook.Worksheet("RFM segments");

        Assert.Equal("RFM segments as of 30 June 2024", sheet.Cell("A1").GetString());
        Assert.True(sheet.Cell("A1").Style.Font.Bold);
        Assert.Contains("365 days", sheet.Cell("A2").GetString(), StringComparison.Ordinal);
        Assert.Equal(["As-of date", "RFM window", "Run id", "Generated at (UTC)"], Enumerable.Range(3, 4).Select(r => sheet.Cell(r, 1).GetString()));
        Assert.Equal(XLDataType.DateTime, sheet.Cell("B3").DataType);
        Assert.Equal(new DateTime(2024, 6, 30), sheet.Cell("B3").GetDateTime());
        Assert.Equal("yyyy-mm-dd", sheet.Cell("B3").Style.NumberFormat.Format);
        Assert.Equal(XLDataType.Number, sheet.Cell("B4").DataType);
        Assert.Equal(365, sheet.Cell("B4").GetValue<int>());
        Assert.Equal("#,##0\" days\"", sheet.Cell("B4").Style.NumberFormat.Format);
        Assert.Equal(42L, sheet.Cell("B5").GetValue<long>());
        Assert.Equal(new DateTime(2024, 7, 1, 6, 30, 15), sheet.Cell("B6").GetDateTime());
        Assert.Equal("yyyy-mm-dd hh:mm:ss", sheet.Cell("B6").Style.NumberFormat.Format);
        // The date and time spans B:C, wide enough not to show as ####.
        Assert.True(sheet.Cell("B6").IsMerged());
        Assert.True(sheet.Column(2).Width + sheet.Column(3).Width >= 20);
    }

    [Fact]
    public void A_run_without_a_known_window_says_so()
    {
        using var workbook = new XLWorkbook(WriteWorkbook(Run() with { RfmWindowDays = null }));
        var sheet = workbook.Worksheet("RFM segments");

        Assert.Equal("RFM window", sheet.Cell("A4").GetString());
        Assert.Equal(XLDataType.Text, sheet.Cell("B4").DataType);
        Assert.Equal("not recorded for this run", sheet.Cell("B4").GetString());
    }

    [Fact]
    public void Every_table_is_named_and_its_header_row_is_styled()
    {
        using var workbook = new XLWorkbook(WriteWorkbook());

        var tables = workbook.Worksheets.SelectMany(w => w.Tables.Select(t => (Sheet: w.Name, Table: t))).ToList();
        Assert.Equal(
            [("RFM segments", "RfmSegmentSummary"), ("RFM scores", "RfmThresholds"), ("RFM scores", "RfmScoreRules"),
             ("Definitions", "Definitions"), ("Run", "RunRowCounts")],
            tables.Select(t => (t.Sheet, t.Table.Name)));
        foreach (var (sheet, table) in tables)
        {
            foreach (var cell in table.HeadersRow().Cells())
            {
                Assert.True(cell.Style.Font.Bold, $"{sheet}!{cell.Address} is not bold");
                Assert.Equal(XLColor.FromHtml("#DDEBF7"), cell.Style.Fill.BackgroundColor);
                Assert.Equal(XLBorderStyleValues.Thin, cell.Style.Border.BottomBorder);
            }
        }
        // Headers of number columns sit right, over their numbers; the segment names' header left.
        var segments = workbook.Worksheet("RFM segments");
        Assert.Equal(XLAlignmentHorizontalValues.Right, segments.Cell("B8").Style.Alignment.Horizontal);
        Assert.NotEqual(XLAlignmentHorizontalValues.Right, segments.Cell("A8").Style.Alignment.Horizontal);
    }

    [Fact]
    public void Segments_sheet_has_a_native_bar_chart_of_the_shares_of_customers_and_revenue()
    {
        string path = WriteWorkbook();
        using var document = SpreadsheetDocument.Open(path, isEditable: false);
        var workbookPart = document.WorkbookPart!;
        var sheet = workbookPart.Workbook.Descendants<S.Sheet>().Single(s => s.Name == "RFM segments");
        var part = (WorksheetPart)workbookPart.GetPartById(sheet.Id!.Value!);
        Assert.NotNull(part.Worksheet.GetFirstChild<S.Drawing>());
        var chartPart = Assert.Single(part.DrawingsPart!.ChartParts);
        var bar = Assert.Single(chartPart.ChartSpace.Descendants<C.BarChart>());
        var series = bar.Elements<C.BarChartSeries>().ToList();
        Assert.Equal(2, series.Count);

        // Columns C (share of customers) and E (share of revenue) of the segment rows 9..12;
        // the cached values are the mart's shares (Hibernating has none: no point).
        (string Name, string NameRef, string Values, decimal?[] Cached)[] expected =
        [
            ("Share of customers", "'RFM segments'!$C$8", "'RFM segments'!$C$9:$C$12", [0.3m, 0.5m, 0.2m, null]),
            ("Share of revenue", "'RFM segments'!$E$8", "'RFM segments'!$E$9:$E$12", [0.62288526m, 0.62350046m, -0.24638572m, null]),
        ];
        for (int i = 0; i < 2; i++)
        {
            var text = series[i].GetFirstChild<C.SeriesText>()!.StringReference!;
            Assert.Equal(expected[i].NameRef, text.Formula!.Text);
            Assert.Equal(expected[i].Name, text.StringCache!.GetFirstChild<C.StringPoint>()!.NumericValue!.Text);
            var categories = series[i].GetFirstChild<C.CategoryAxisData>()!.StringReference!;
            Assert.Equal("'RFM segments'!$A$9:$A$12", categories.Formula!.Text);
            Assert.Equal(["Champions", "Loyal", "At Risk", "Hibernating"], categories.StringCache!.Elements<C.StringPoint>().Select(p => p.NumericValue!.Text));
            var values = series[i].GetFirstChild<C.Values>()!.NumberReference!;
            Assert.Equal(expected[i].Values, values.Formula!.Text);
            var points = values.NumberingCache!.Elements<C.NumericPoint>()
                .ToDictionary(p => (int)p.Index!.Value, p => decimal.Parse(p.NumericValue!.Text, CultureInfo.InvariantCulture));
            Assert.Equal(expected[i].Cached, Enumerable.Range(0, 4).Select(k => points.TryGetValue(k, out var v) ? v : (decimal?)null));
        }
    }

    [Fact]
    public void Scores_sheet_has_the_thresholds_of_the_as_of_date_worked_out_by_hand()
    {
        using var workbook = new XLWorkbook(WriteWorkbook());
        var sheet = workbook.Worksheet("RFM scores");
        var table = sheet.Table("RfmThresholds");

        // Ten customers, so threshold k is reached by 2k of them, counted from the worst.
        // Recency (days) descending 300, 200, 120, 90, 60, 45, 30, 12, 10, 5: the 2nd, 4th, 6th, 8th -> 200, 90, 45, 12.
        // Orders ascending 1, 1, 1, 1, 2, 2, 3, 4, 4, 6: -> 1, 1, 2, 4.
        // Revenue ascending 10, 30, 45.50, 80, 99.99, 120, 200, 250.125, 320.50, 500: -> 30, 80, 120, 250.125.
        Assert.Equal("A4:E8", table.RangeAddress.ToString());
        Assert.Equal(["Threshold", "Quintile point (share of customers)", "Recency (days)", "Frequency (orders)", "Monetary"],
            Enumerable.Range(1, 5).Select(c => sheet.Cell(4, c).GetString()));
        decimal[][] expected = [[1, 0.2m, 200, 1, 30m], [2, 0.4m, 90, 1, 80m], [3, 0.6m, 45, 2, 120m], [4, 0.8m, 12, 4, 250.125m]];
        for (int i = 0; i < 4; i++)
        {
            for (int c = 0; c < 5; c++)
            {
                var cell = sheet.Cell(5 + i, 1 + c);
                Assert.Equal(XLDataType.Number, cell.DataType);
                Assert.Equal(expected[i][c], cell.GetValue<decimal>());
            }
        }
        Assert.Equal("#,##0.00######", sheet.Cell("E8").Style.NumberFormat.Format);
        Assert.Equal("0%", sheet.Cell("B5").Style.NumberFormat.Format);
    }

    [Fact]
    public void Scores_sheet_says_what_each_score_takes()
    {
        using var workbook = new XLWorkbook(WriteWorkbook());
        var sheet = workbook.Worksheet("RFM scores");
        var table = sheet.Table("RfmScoreRules");
        int header = table.RangeAddress.FirstAddress.RowNumber;

        // R = 1 + #{k : recency < 200, 90, 45, 12}; F = 1 + #{k : orders > 1, 1, 2, 4}; M = 1 + #{k : revenue > 30, 80, 120, 250.125}.
        // F = 2 would need 1 < orders <= 1: no customer can get it.
        string[][] expected =
        [
            ["0 to 11", "5 or more", "over 250.125"],
            ["12 to 44", "3 to 4", "over 120.00, up to 250.125"],
            ["45 to 89", "2", "over 80.00, up to 120.00"],
            ["90 to 199", "none", "over 30.00, up to 80.00"],
            ["200 or more", "1", "up to 30.00"],
        ];
        Assert.Equal(header + 5, table.RangeAddress.LastAddress.RowNumber);
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(5 - i, sheet.Cell(header + 1 + i, 1).GetValue<int>());
            for (int c = 0; c < 3; c++)
            {
                var cell = sheet.Cell(header + 1 + i, 2 + c);
                Assert.Equal(XLDataType.Text, cell.DataType);
                Assert.Equal(expected[i][c], cell.GetString());
            }
        }
    }

    [Fact]
    public void The_earlier_date_gets_its_own_thresholds()
    {
        string path = _folder.File("rfm-2024-05.xlsx");
        new RfmWorkbookPublisher().Write(_db, new DateOnly(2024, 5, 31), Run() with { AsOfDate = new DateOnly(2024, 5, 31) }, path);

        using var workbook = new XLWorkbook(path);
        var sheet = workbook.Worksheet("RFM scores");
        // One customer (1 day, 9 orders, 999.00): every threshold is that customer's value.
        Assert.All(Enumerable.Range(5, 4), r => Assert.Equal((1L, 9L, 999m),
            (sheet.Cell(r, 3).GetValue<long>(), sheet.Cell(r, 4).GetValue<long>(), sheet.Cell(r, 5).GetValue<decimal>())));
    }

    [Fact]
    public void Definitions_explain_r_f_m_the_scores_and_every_segment_with_its_scores()
    {
        using var workbook = new XLWorkbook(WriteWorkbook());
        var sheet = workbook.Worksheet("Definitions");
        var rows = sheet.Table("Definitions").DataRange.Rows()
            .Select(r => (Sheet: r.Cell(1).GetString(), Figure: r.Cell(2).GetString(), Meaning: r.Cell(3).GetString(), Formula: r.Cell(4).GetString()))
            .ToList();

        Assert.Equal(["Sheet", "Figure", "Meaning", "Formula", "Source"], Enumerable.Range(1, 5).Select(c => sheet.Cell(1, c).GetString()));
        var figures = rows.Select(r => r.Figure).ToHashSet();
        Assert.All(["Qualifying order", "Revenue", "As-of date", "RFM window", "Recency (R)", "Frequency (F)", "Monetary (M)",
            "Score 1..5", "Thresholds 1..4", "Score rules", "Average monetary", "Average recency (days)", "Average frequency"],
            f => Assert.Contains(f, figures));
        Assert.Contains("365 days", rows.Single(r => r.Figure == "RFM window").Meaning, StringComparison.Ordinal);

        // Every segment of ref_rfm_segment, in segment order, with the R and F scores it takes (docs/metrics.md).
        var segments = rows.Where(r => r.Sheet == "RFM segments" && r.Formula.StartsWith("R ", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [
                ("Champions", "R 5, F 4–5"), ("Loyal", "R 3–4, F 4–5"), ("Potential Loyalist", "R 4–5, F 2–3"), ("New", "R 5, F 1"),
                ("Promising", "R 4, F 1"), ("Need Attention", "R 3, F 3"), ("About to Sleep", "R 3, F 1–2"), ("At Risk", "R 1–2, F 3–4"),
                ("Can't Lose Them", "R 1–2, F 5"), ("Hibernating", "R 1–2, F 1–2"),
            ],
            segments.Select(r => (r.Figure, r.Formula)));
        Assert.All(segments, r => Assert.False(string.IsNullOrWhiteSpace(r.Meaning), r.Figure));
        Assert.Equal(10L, Db.Scalar<long>(_db, "SELECT COUNT(DISTINCT segment) FROM ref_rfm_segment"));
    }

    [Fact]
    public void The_workbook_is_valid_open_xml()
    {
        OpenXmlAssert.Valid(WriteWorkbook());
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
        // The counts are this run's, and the sheet says so (finance read them as the warehouse's).
        Assert.Equal(["Table", "Rows read from the source by this run", "Rows written by this run"], Enumerable.Range(1, 3).Select(c => sheet.Cell(7, c).GetString()));
        Assert.Contains("an incremental run reads only what changed since the previous run", sheet.Cell("A6").GetString());
        Assert.Contains("not the warehouse's totals", sheet.Cell("A6").GetString());
        Assert.Equal("stg_orders", sheet.Cell("A8").GetString());
        Assert.Equal(1200L, sheet.Cell("B8").GetValue<long>());
        Assert.Equal(1198L, sheet.Cell("C8").GetValue<long>());
        Assert.Equal("mart_rfm_segment_summary", sheet.Cell("A9").GetString());
        Assert.Equal(4L, sheet.Cell("B9").GetValue<long>());
        Assert.Equal(4L, sheet.Cell("C9").GetValue<long>());
        Assert.All(new[] { "B8", "C8", "B9", "C9" }, a => Assert.Equal(XLDataType.Number, sheet.Cell(a).DataType));
    }

    [Fact]
    public void Run_sheet_shows_the_warehouse_totals_beside_the_runs_own_counts_when_known()
    {
        // An incremental run that read 1 customer and 0 order lines, over a warehouse of 2,000
        // customers and 19,258 order lines: the sheet shows both, each under its own heading.
        var run = Run([new TableRowCount("customers", 1, 1), new TableRowCount("order_lines", 0, 0)])
            with { WarehouseRows = [new WarehouseTableRows("fact_order_line", 19_258), new WarehouseTableRows("dim_customer", 2_000)] };
        using var workbook = new XLWorkbook(WriteWorkbook(run));
        var sheet = workbook.Worksheet("Run");

        Assert.Equal("A7:C9", sheet.Tables.Table("RunRowCounts").RangeAddress.ToString());
        Assert.Equal(1L, sheet.Cell("B8").GetValue<long>());
        // Row 10 blank, row 11 the note, row 12 the header, then the totals.
        Assert.Contains("What the warehouse holds after this run", sheet.Cell("A11").GetString());
        var totals = sheet.Tables.Table("RunWarehouseRows");
        Assert.Equal("A12:B14", totals.RangeAddress.ToString());
        Assert.Equal(["Warehouse table", "Rows it holds after this run"], new[] { sheet.Cell("A12").GetString(), sheet.Cell("B12").GetString() });
        Assert.Equal("fact_order_line", sheet.Cell("A13").GetString());
        Assert.Equal(19_258L, sheet.Cell("B13").GetValue<long>());
        Assert.Equal("dim_customer", sheet.Cell("A14").GetString());
        Assert.Equal(2_000L, sheet.Cell("B14").GetValue<long>());
        Assert.Equal(XLDataType.Number, sheet.Cell("B14").DataType);
    }

    [Fact]
    public void Run_sheet_without_warehouse_totals_has_no_totals_table()
    {
        using var workbook = new XLWorkbook(WriteWorkbook());
        Assert.DoesNotContain(workbook.Worksheet("Run").Tables, t => t.Name == "RunWarehouseRows");
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
        Assert.Equal(4, workbook.Worksheets.Count);
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
        Assert.Equal("A8:H9", sheet.Tables.Table("RfmSegmentSummary").RangeAddress.ToString());
        Assert.Equal(99L, sheet.Cell("B9").GetValue<long>());
        Assert.Equal(1000.00m, sheet.Cell("D9").GetValue<decimal>()); // 999.995 -> 1000.00
        Assert.Equal(10.10m, sheet.Cell("F9").GetValue<decimal>());   // 10.101 -> 10.10
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
