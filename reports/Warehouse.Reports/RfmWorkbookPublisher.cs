using System.Data.Common;
using System.Globalization;
using ClosedXML.Excel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Warehouse.Reports;

/// <summary>Rows one warehouse table read and wrote in a run.</summary>
public sealed record TableRowCount(string Table, long RowsRead, long RowsWritten);

/// <summary>The rows a warehouse table holds (after the run): the totals beside a run's own counts.</summary>
public sealed record WarehouseTableRows(string Table, long Rows);

/// <summary>What the "Run" sheet of a workbook says about the run that produced it.</summary>
/// <param name="RunId">The warehouse run id.</param>
/// <param name="AsOfDate">The as-of date of the run (must equal the workbook's as-of date).</param>
/// <param name="GeneratedAtUtc">When the workbook was generated, in UTC.</param>
/// <param name="Source">Where the run's data came from.</param>
/// <param name="SoftwareVersion">Version of the software that ran.</param>
/// <param name="RowCounts">Rows read and written per table.</param>
public sealed record RunInfo(
    long RunId,
    DateOnly AsOfDate,
    DateTime GeneratedAtUtc,
    string Source,
    string SoftwareVersion,
    IReadOnlyList<TableRowCount> RowCounts)
{
    /// <summary>The RFM window (Marts:RfmWindowDays) the run's marts were built with; null when
    /// not known (the workbook then says so).</summary>
    public int? RfmWindowDays { get; init; }

    /// <summary>The rows each warehouse table holds after the run (the Run sheet shows them beside
    /// the run's own counts); null when not known (the sheet then shows the run's counts only).</summary>
    public IReadOnlyList<WarehouseTableRows>? WarehouseRows { get; init; }
}

/// <summary>
/// Writes the RFM segment workbook for one as-of date, <c>rfm-YYYY-MM-DD.xlsx</c>:
/// <list type="bullet">
/// <item>"RFM segments": the title block (as-of date, RFM window, run id, generated at), the
/// segments (Excel table <c>RfmSegmentSummary</c>, from <c>mart_rfm_segment_summary</c>) and a
/// native bar chart of each segment's share of customers and of revenue;</item>
/// <item>"RFM scores": the quintile thresholds used on the date (<c>RfmThresholds</c>, from
/// <c>mart_rfm_thresholds</c>) and the values each score takes (<c>RfmScoreRules</c>);</item>
/// <item>"Definitions" (<c>Definitions</c>: R, F, M, the score rule, every segment) and "Run" (run
/// facts and <c>RunRowCounts</c>).</item>
/// </list>
/// ClosedXML writes the cells; the chart is added to the saved file with the Open XML SDK
/// (<see cref="ExcelCharts"/>). The file is written under a temp name and moved into place.
/// </summary>
public sealed class RfmWorkbookPublisher
{
    public const string SegmentsSheetName = "RFM segments";
    public const string ScoresSheetName = "RFM scores";
    public const string DefinitionsSheetName = "Definitions";
    public const string RunSheetName = "Run";
    public const string SegmentsTableName = "RfmSegmentSummary";
    public const string ThresholdsTableName = "RfmThresholds";
    public const string ScoreRulesTableName = "RfmScoreRules";
    public const string DefinitionsTableName = "Definitions";
    public const string RowCountsTableName = "RunRowCounts";

    public const string MoneyFormat = WorkbookSheets.MoneyFormat;
    public const string ShareFormat = WorkbookSheets.ShareFormat;
    public const string CountFormat = WorkbookSheets.CountFormat;
    public const string DaysFormat = "#,##0.0";
    public const string FrequencyFormat = "#,##0.00";
    public const string DateFormat = WorkbookSheets.DateFormat;
    public const string DateTimeFormat = WorkbookSheets.DateTimeFormat;

    /// <summary>A threshold amount: cents, and the further decimals it has (a boundary is exact).</summary>
    public const string ThresholdMoneyFormat = "#,##0.00######";

    /// <summary>Header row of the <c>RfmSegmentSummary</c> table, in column order.</summary>
    public static readonly IReadOnlyList<string> SegmentHeaders =
    [
        "Segment", "Customers", "Share of customers", "Revenue", "Share of revenue",
        "Average monetary", "Average recency (days)", "Average frequency",
    ];

    /// <summary>Header row of the <c>RfmThresholds</c> table.</summary>
    public static readonly IReadOnlyList<string> ThresholdHeaders =
        ["Threshold", "Quintile point (share of customers)", "Recency (days)", "Frequency (orders)", "Monetary"];

    /// <summary>Header row of the <c>RfmScoreRules</c> table.</summary>
    public static readonly IReadOnlyList<string> ScoreRuleHeaders =
        ["Score", "Recency (days since the last order)", "Frequency (orders in the window)", "Monetary (revenue in the window)"];

    /// <summary>Header row of the <c>RunRowCounts</c> table, in column order.</summary>
    /// <summary>The Run sheet's row counts are this run's (an incremental run reads only what
    /// changed), not the warehouse's totals: the headers and the note above them say so.</summary>
    public static readonly IReadOnlyList<string> RowCountHeaders = ["Table", "Rows read from the source by this run", "Rows written by this run"];

    /// <summary>The Run sheet's table of the warehouse's totals after the run (when known).</summary>
    public const string WarehouseRowsTableName = "RunWarehouseRows";

    public static readonly IReadOnlyList<string> WarehouseRowsHeaders = ["Warehouse table", "Rows it holds after this run"];

    /// <summary>The line above the warehouse's totals.</summary>
    public const string WarehouseRowsNote = "What the warehouse holds after this run (every run so far, not only this one):";

    /// <summary>The line above the Run sheet's row counts.</summary>
    public const string RowCountsNote =
        "The rows this run read from the source and wrote: an incremental run reads only what changed since the previous run (0 when nothing did), so these are not the warehouse's totals.";

    private readonly ILogger _logger;

    /// <param name="logger">Where it says what it wrote (the CLI passes its "publish" logger).</param>
    public RfmWorkbookPublisher(ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Writes the workbook for <paramref name="asOf"/> to <paramref name="path"/> (via a temp file
    /// moved into place, replacing any existing file).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="run"/> is for another as-of date.</exception>
    /// <exception cref="InvalidOperationException">The mart has no rows for <paramref name="asOf"/>.</exception>
    public void Write(DbConnection warehouse, DateOnly asOf, RunInfo run, string path)
    {
        WarehouseSql.RequireOpen(warehouse);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (run.AsOfDate != asOf)
        {
            throw new ArgumentException(
                $"The run is for {run.AsOfDate:yyyy-MM-dd} but the workbook is for {asOf:yyyy-MM-dd}.", nameof(run));
        }

        var segments = RfmSegmentSummaryRow.Read(warehouse, asOf);
        if (segments.Count == 0)
        {
            throw new InvalidOperationException(
                $"mart_rfm_segment_summary has no rows for as_of_date {asOf:yyyy-MM-dd}.");
        }
        var thresholds = RfmThresholdRow.Read(warehouse, asOf);
        var segmentCells = RfmSegmentCell.Read(warehouse);

        path = Path.GetFullPath(path);
        string? folder = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        string tempPath = AtomicFile.TempPathFor(path);
        try
        {
            var charts = new List<ExcelChart>();
            using (var workbook = new XLWorkbook())
            {
                if (WriteSegmentsSheet(workbook.AddWorksheet(SegmentsSheetName), run, segments, withScoresSheet: true) is { } chart)
                {
                    charts.Add(chart);
                }
                WriteScoresSheet(workbook.AddWorksheet(ScoresSheetName), asOf, thresholds);
                WorkbookSheets.WriteDefinitionsSheet(workbook.AddWorksheet(DefinitionsSheetName), DefinitionsTableName,
                    RfmDefinitions.All(run.RfmWindowDays, segmentCells));
                WriteRunSheet(workbook.AddWorksheet(RunSheetName), run);
                WorkbookSheets.StyleTableHeaders(workbook);
                workbook.Worksheet(SegmentsSheetName).SetTabActive();
                using var stream = new FileStream(tempPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
                workbook.SaveAs(stream);
            }
            ExcelCharts.AddCharts(tempPath, charts);
            WorkbookPackage.AbsolutePrintTitles(tempPath);
            AtomicFile.Commit(tempPath, path);
        }
        catch
        {
            AtomicFile.Discard(tempPath);
            throw;
        }
        _logger.LogInformation("Wrote the RFM workbook for {AsOf:yyyy-MM-dd} ({Segments} segments) to {Path}",
            asOf, segments.Count, path);
    }

    /// <summary>Money as shown in the workbook: rounded half away from zero to cents.</summary>
    public static decimal RoundMoney(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Writes the segments sheet: the title block, the <c>RfmSegmentSummary</c> table and under it
    /// the chart (returned, to add after saving; null when no segment has a share).
    /// </summary>
    internal static ExcelChart? WriteSegmentsSheet(IXLWorksheet sheet, RunInfo run, IReadOnlyList<RfmSegmentSummaryRow> segments, bool withScoresSheet)
    {
        var inv = CultureInfo.InvariantCulture;
        string window = run.RfmWindowDays is int days ? days.ToString("#,##0", inv) + " days" : "RFM window";
        int blockEnd = WorkbookSheets.WriteTitleBlock(sheet,
            "RFM segments as of " + run.AsOfDate.ToString("d MMMM yyyy", inv),
            $"Customers with a qualifying order in the {window} up to the as-of date, grouped by recency and frequency score. " +
            (withScoresSheet ? "Score thresholds: sheet RFM scores; definitions: sheet Definitions." : "Definitions: sheet Definitions."),
            run,
            [("RFM window", c =>
            {
                if (run.RfmWindowDays is int w)
                {
                    WorkbookSheets.SetNumber(c, w);
                    c.Style.NumberFormat.Format = WorkbookSheets.DaysFormat;
                }
                else
                {
                    c.SetValue("not recorded for this run");
                }
            })]);

        int headerRow = blockEnd + 1;
        WorkbookSheets.WriteHeader(sheet, headerRow, SegmentHeaders);
        int row = headerRow + 1;
        foreach (var s in segments)
        {
            sheet.Cell(row, 1).SetValue(s.Segment);
            WorkbookSheets.SetNumber(sheet.Cell(row, 2), s.Customers);
            WorkbookSheets.SetNumber(sheet.Cell(row, 3), s.CustomerShare);
            WorkbookSheets.SetNumber(sheet.Cell(row, 4), RoundMoney(s.Revenue));
            WorkbookSheets.SetNumber(sheet.Cell(row, 5), s.RevenueShare);
            WorkbookSheets.SetNumber(sheet.Cell(row, 6), s.AvgMonetary is decimal m ? RoundMoney(m) : null);
            WorkbookSheets.SetNumber(sheet.Cell(row, 7), s.AvgRecencyDays);
            WorkbookSheets.SetNumber(sheet.Cell(row, 8), s.AvgFrequency);
            row++;
        }
        int firstRow = headerRow + 1;
        int lastRow = row - 1;

        // Number formats of columns B..H (Segment, in A, is text).
        string[] formats = [CountFormat, ShareFormat, MoneyFormat, ShareFormat, MoneyFormat, DaysFormat, FrequencyFormat];
        for (int i = 0; i < formats.Length; i++)
        {
            sheet.Range(firstRow, i + 2, lastRow, i + 2).Style.NumberFormat.Format = formats[i];
        }

        var table = sheet.Range(headerRow, 1, lastRow, SegmentHeaders.Count).CreateTable(SegmentsTableName);
        table.ShowAutoFilter = true;
        WorkbookSheets.WrapHeader(sheet, headerRow, SegmentHeaders.Count);

        double moneyWidth = WorkbookSheets.MoneyWidth(segments.Select(s => (decimal?)s.Revenue));
        WorkbookSheets.SetWidths(sheet, [22, 12, 13, Math.Max(14, moneyWidth), 13, 14, 15, 13]);

        sheet.SheetView.FreezeRows(headerRow);
        // Ten segments and the chart under them: one page, so the chart is not cut.
        WorkbookSheets.SetUpPrinting(sheet, SegmentHeaders.Count, repeatRows: (headerRow, headerRow), pagesTall: 1);

        if (segments.All(s => s.CustomerShare is null && s.RevenueShare is null))
        {
            return null;
        }
        string sheetName = sheet.Name;
        ExcelChartSeries Series(int column, string color, Func<RfmSegmentSummaryRow, decimal?> value) => new(
            SegmentHeaders[column - 1],
            ExcelCharts.Reference(sheetName, column, headerRow, column, headerRow),
            ExcelCharts.Reference(sheetName, column, firstRow, column, lastRow),
            segments.Select(value).ToList(),
            color);
        int chartTop = lastRow + 2;
        return new ExcelChart(
            SheetName: sheetName,
            Kind: ExcelChartKind.Bar,
            Title: "Share of customers and share of revenue by segment",
            CategoriesReference: ExcelCharts.Reference(sheetName, 1, firstRow, 1, lastRow),
            CategoryLabels: segments.Select(s => s.Segment).ToList(),
            CategoryNumbers: null,
            CategoryFormat: null,
            Series: [Series(3, "4472C4", s => s.CustomerShare), Series(5, "ED7D31", s => s.RevenueShare)],
            ValueFormat: "0.0%",
            Anchor: new ExcelChartAnchor(1, chartTop, 7, chartTop + 2 + 2 * segments.Count));
    }

    /// <summary>The thresholds of the as-of date and the values each score takes.</summary>
    private static void WriteScoresSheet(IXLWorksheet sheet, DateOnly asOf, IReadOnlyList<RfmThresholdRow> thresholds)
    {
        var inv = CultureInfo.InvariantCulture;
        sheet.Cell(1, 1).SetValue("RFM scores as of " + asOf.ToString("d MMMM yyyy", inv));
        sheet.Cell(1, 1).Style.Font.Bold = true;
        sheet.Cell(1, 1).Style.Font.FontSize = 14;
        double[] widths = [11, 24, 24, 30, 16];
        WorkbookSheets.SetWidths(sheet, widths);
        WorkbookSheets.WriteParagraph(sheet, 2, widths.Length,
            "Each customer scores 1 to 5 on recency, frequency and monetary value: 1 plus the number of the four thresholds " +
            "below that the customer beats. The thresholds cut the customers scored on this date into fifths (quintiles).");
        if (thresholds.Count != 4)
        {
            sheet.Cell(4, 1).SetValue("No thresholds for this date: no customer had a qualifying order in the RFM window.");
            WorkbookSheets.SetUpPrinting(sheet, widths.Length);
            return;
        }

        const int thresholdHeader = 4;
        WorkbookSheets.WriteHeader(sheet, thresholdHeader, ThresholdHeaders);
        int row = thresholdHeader + 1;
        foreach (var t in thresholds)
        {
            WorkbookSheets.SetNumber(sheet.Cell(row, 1), t.K);
            WorkbookSheets.SetNumber(sheet.Cell(row, 2), t.K / 5m);
            WorkbookSheets.SetNumber(sheet.Cell(row, 3), t.RecencyDays);
            WorkbookSheets.SetNumber(sheet.Cell(row, 4), t.Frequency);
            WorkbookSheets.SetNumber(sheet.Cell(row, 5), t.Monetary);
            row++;
        }
        int thresholdLast = row - 1;
        sheet.Range(thresholdHeader + 1, 1, thresholdLast, 1).Style.NumberFormat.Format = "0";
        sheet.Range(thresholdHeader + 1, 2, thresholdLast, 2).Style.NumberFormat.Format = "0%";
        sheet.Range(thresholdHeader + 1, 3, thresholdLast, 4).Style.NumberFormat.Format = CountFormat;
        sheet.Range(thresholdHeader + 1, 5, thresholdLast, 5).Style.NumberFormat.Format = ThresholdMoneyFormat;
        sheet.Range(thresholdHeader, 1, thresholdLast, ThresholdHeaders.Count).CreateTable(ThresholdsTableName).ShowAutoFilter = false;
        WorkbookSheets.WrapHeader(sheet, thresholdHeader, ThresholdHeaders.Count);

        int rulesTitle = thresholdLast + 2;
        sheet.Cell(rulesTitle, 1).SetValue("What each score takes on this date");
        sheet.Cell(rulesTitle, 1).Style.Font.Bold = true;
        int rulesHeader = rulesTitle + 1;
        WorkbookSheets.WriteHeader(sheet, rulesHeader, ScoreRuleHeaders);
        var rules = ScoreRules(thresholds);
        row = rulesHeader + 1;
        foreach (var (score, recency, frequency, monetary) in rules)
        {
            WorkbookSheets.SetNumber(sheet.Cell(row, 1), score);
            sheet.Cell(row, 2).SetValue(recency);
            sheet.Cell(row, 3).SetValue(frequency);
            sheet.Cell(row, 4).SetValue(monetary);
            row++;
        }
        int rulesLast = row - 1;
        sheet.Range(rulesHeader + 1, 1, rulesLast, 1).Style.NumberFormat.Format = "0";
        sheet.Range(rulesHeader + 1, 1, rulesLast, 1).Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Center;
        sheet.Range(rulesHeader, 1, rulesLast, ScoreRuleHeaders.Count).CreateTable(ScoreRulesTableName).ShowAutoFilter = false;
        WorkbookSheets.WrapHeader(sheet, rulesHeader, ScoreRuleHeaders.Count);
        WorkbookSheets.WriteParagraph(sheet, rulesLast + 2, widths.Length,
            "\"none\": two thresholds are equal, so no customer gets that score on this date. Recency and frequency are whole " +
            "days and orders; amounts are exact (a threshold is one customer's revenue in the window).");

        WorkbookSheets.SetUpPrinting(sheet, widths.Length);
    }

    /// <summary>
    /// The values of recency (whole days), frequency (whole orders) and monetary that give each
    /// score 5..1, from the thresholds k = 1..4: R = 1 + #{k : recency &lt; r_k}, F = 1 + #{k :
    /// frequency &gt; f_k}, M = 1 + #{k : monetary &gt; m_k}.
    /// </summary>
    internal static IReadOnlyList<(int Score, string Recency, string Frequency, string Monetary)> ScoreRules(IReadOnlyList<RfmThresholdRow> thresholds)
    {
        var inv = CultureInfo.InvariantCulture;
        var t = thresholds.OrderBy(x => x.K).ToList();
        string Days(long from, long? to) =>
            to is long last && last < from ? "none"
            : to is long l && l == from ? from.ToString("#,##0", inv)
            : to is long e ? from.ToString("#,##0", inv) + " to " + e.ToString("#,##0", inv)
            : from.ToString("#,##0", inv) + " or more";
        string Amount(decimal v) => v.ToString(ThresholdMoneyFormat, inv);

        var rules = new List<(int, string, string, string)>();
        for (int score = 5; score >= 1; score--)
        {
            // Recency: score s is r_s <= recency < r_(s-1) (r_0 = infinity, r_5 = 0).
            long recencyFrom = score == 5 ? 0 : t[score - 1].RecencyDays;
            long? recencyTo = score == 1 ? null : t[score - 2].RecencyDays - 1;
            // Frequency: score s is f_(s-1) < frequency <= f_s (f_0 = 0, f_5 = infinity).
            long frequencyFrom = score == 1 ? 1 : t[score - 2].Frequency + 1;
            long? frequencyTo = score == 5 ? null : t[score - 1].Frequency;
            string monetary = score == 1 ? "up to " + Amount(t[0].Monetary)
                : score == 5 ? "over " + Amount(t[3].Monetary)
                : t[score - 2].Monetary >= t[score - 1].Monetary ? "none"
                : "over " + Amount(t[score - 2].Monetary) + ", up to " + Amount(t[score - 1].Monetary);
            rules.Add((score, Days(recencyFrom, recencyTo), Days(frequencyFrom, frequencyTo), monetary));
        }
        return rules;
    }

    internal static void WriteRunSheet(IXLWorksheet sheet, RunInfo run)
    {
        sheet.Cell(1, 1).SetValue("As-of date");
        WorkbookSheets.SetDate(sheet.Cell(1, 2), run.AsOfDate);

        sheet.Cell(2, 1).SetValue("Run id");
        WorkbookSheets.SetNumber(sheet.Cell(2, 2), run.RunId);
        sheet.Cell(2, 2).Style.NumberFormat.Format = "0";

        sheet.Cell(3, 1).SetValue("Generated at (UTC)");
        sheet.Cell(3, 2).SetValue(DateTime.SpecifyKind(WorkbookSheets.GeneratedAtUtc(run), DateTimeKind.Unspecified));
        sheet.Cell(3, 2).Style.NumberFormat.Format = DateTimeFormat;

        sheet.Cell(4, 1).SetValue("Source");
        sheet.Cell(4, 2).SetValue(run.Source ?? "");

        sheet.Cell(5, 1).SetValue("Software version");
        sheet.Cell(5, 2).SetValue(run.SoftwareVersion ?? "");

        sheet.Range(1, 1, 5, 1).Style.Font.Bold = true;
        sheet.Range(1, 2, 5, 2).Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Left;

        const int headerRow = 7;
        sheet.Cell(headerRow - 1, 1).SetValue(RowCountsNote);
        sheet.Cell(headerRow - 1, 1).Style.Font.Italic = true;
        WorkbookSheets.WriteHeader(sheet, headerRow, RowCountHeaders);
        int row = headerRow + 1;
        foreach (var count in run.RowCounts ?? [])
        {
            sheet.Cell(row, 1).SetValue(count.Table);
            WorkbookSheets.SetNumber(sheet.Cell(row, 2), count.RowsRead);
            WorkbookSheets.SetNumber(sheet.Cell(row, 3), count.RowsWritten);
            row++;
        }
        // A table needs a data row; with no counts ClosedXML adds an empty one.
        int lastRow = Math.Max(row - 1, headerRow + 1);
        sheet.Range(headerRow + 1, 2, lastRow, 3).Style.NumberFormat.Format = CountFormat;
        sheet.Range(headerRow, 1, lastRow, RowCountHeaders.Count).CreateTable(RowCountsTableName);

        if (run.WarehouseRows is { Count: > 0 } totals)
        {
            int noteRow = lastRow + 2, totalsHeader = noteRow + 1;
            sheet.Cell(noteRow, 1).SetValue(WarehouseRowsNote);
            sheet.Cell(noteRow, 1).Style.Font.Italic = true;
            WorkbookSheets.WriteHeader(sheet, totalsHeader, WarehouseRowsHeaders);
            int r = totalsHeader + 1;
            foreach (var t in totals)
            {
                sheet.Cell(r, 1).SetValue(t.Table);
                WorkbookSheets.SetNumber(sheet.Cell(r, 2), t.Rows);
                r++;
            }
            sheet.Range(totalsHeader + 1, 2, r - 1, 2).Style.NumberFormat.Format = CountFormat;
            sheet.Range(totalsHeader, 1, r - 1, WarehouseRowsHeaders.Count).CreateTable(WarehouseRowsTableName);
        }

        WorkbookSheets.SetWidths(sheet, [28, 36, 26]);
        WorkbookSheets.SetUpPrinting(sheet, RowCountHeaders.Count, repeatRows: (headerRow, headerRow));
    }
}

/// <summary>One row of <c>mart_rfm_segment_summary</c>, as the workbook shows it.</summary>
internal sealed record RfmSegmentSummaryRow(
    string Segment,
    int SegmentOrder,
    long Customers,
    decimal? CustomerShare,
    decimal Revenue,
    decimal? RevenueShare,
    decimal? AvgMonetary,
    decimal? AvgRecencyDays,
    decimal? AvgFrequency)
{
    /// <summary>Reads the segments of one as-of date, in segment order, by column name.</summary>
    public static IReadOnlyList<RfmSegmentSummaryRow> Read(DbConnection warehouse, DateOnly asOf)
    {
        using var command = warehouse.CreateCommand();
        command.CommandText =
            "SELECT segment, segment_order, customers, customer_share, revenue, revenue_share, " +
            "avg_monetary, avg_recency_days, avg_frequency " +
            "FROM mart_rfm_segment_summary " +
            "WHERE as_of_date = " + WarehouseSql.Parameter(warehouse, "as_of") + " " +
            "ORDER BY segment_order, segment";
        WarehouseSql.AddParameter(command, "as_of", asOf);

        var rows = new List<RfmSegmentSummaryRow>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new RfmSegmentSummaryRow(
                Segment: reader.GetString(0),
                SegmentOrder: Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture),
                Customers: Convert.ToInt64(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture),
                CustomerShare: NullableDecimal(reader, 3),
                Revenue: reader.GetDecimal(4),
                RevenueShare: NullableDecimal(reader, 5),
                AvgMonetary: NullableDecimal(reader, 6),
                AvgRecencyDays: NullableDecimal(reader, 7),
                AvgFrequency: NullableDecimal(reader, 8)));
        }
        return rows;
    }

    private static decimal? NullableDecimal(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetDecimal(ordinal);
}

/// <summary>One threshold of <c>mart_rfm_thresholds</c>: k = 1..4, the k/5 quantile.</summary>
internal sealed record RfmThresholdRow(int K, long RecencyDays, long Frequency, decimal Monetary)
{
    /// <summary>The thresholds of one as-of date, k = 1..4 (none when no customer was scored).</summary>
    public static IReadOnlyList<RfmThresholdRow> Read(DbConnection warehouse, DateOnly asOf)
    {
        using var command = warehouse.CreateCommand();
        command.CommandText =
            "SELECT k, recency_days, frequency, monetary FROM mart_rfm_thresholds " +
            "WHERE as_of_date = " + WarehouseSql.Parameter(warehouse, "as_of") + " ORDER BY k";
        WarehouseSql.AddParameter(command, "as_of", asOf);
        var rows = new List<RfmThresholdRow>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new RfmThresholdRow(
                Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture),
                Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture),
                Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture),
                Convert.ToDecimal(reader.GetValue(3), CultureInfo.InvariantCulture)));
        }
        return rows;
    }
}

/// <summary>One (R score, F score) pair of <c>ref_rfm_segment</c> and its segment.</summary>
internal sealed record RfmSegmentCell(string Segment, int SegmentOrder, int RScore, int FScore)
{
    /// <summary>Every pair of the reference table.</summary>
    public static IReadOnlyList<RfmSegmentCell> Read(DbConnection warehouse)
    {
        using var command = warehouse.CreateCommand();
        command.CommandText = "SELECT segment, segment_order, r_score, f_score FROM ref_rfm_segment ORDER BY segment_order, r_score DESC, f_score DESC";
        var rows = new List<RfmSegmentCell>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new RfmSegmentCell(
                reader.GetString(0),
                Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture),
                Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture),
                Convert.ToInt32(reader.GetValue(3), CultureInfo.InvariantCulture)));
        }
        return rows;
    }
}
