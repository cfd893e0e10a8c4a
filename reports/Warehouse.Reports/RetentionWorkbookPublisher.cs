using System.Data.Common;
using System.Globalization;
using ClosedXML.Excel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Warehouse.Reports;

/// <summary>
/// Writes the finance team's monthly retention workbook, <c>retention-YYYY-MM.xlsx</c>, for the
/// month of a run's as-of date, from the marts at that as-of date:
/// <list type="bullet">
/// <item>"Summary": the month beside the prior month and the same month a year earlier, with the
/// changes (table <c>RetentionSummary</c>), and a native line chart of the retention and churn
/// rates of the last 24 months;</item>
/// <item>"Monthly retention": one row per month (table <c>MonthlyRetention</c>), the chart's data;</item>
/// <item>"Cohorts": the retention triangle (<c>CohortRetention</c>, colour scale), the weighted
/// average (<c>CohortRetentionAverage</c>) and the revenue triangle (<c>CohortRevenue</c>);</item>
/// <item>"Pyramid": the tiers (<c>Pyramid</c>) with a native bar chart, and the migration matrices
/// against the prior month and a year earlier (<c>PyramidMigrationPriorMonth</c>,
/// <c>PyramidMigrationPriorYear</c>);</item>
/// <item>"RFM segments" (<c>RfmSegmentSummary</c>), "Definitions" (<c>Definitions</c>) and "Run"
/// (run facts and <c>RunRowCounts</c>).</item>
/// </list>
/// Every number is a number cell; money is rounded half away from zero to cents; rates and shares
/// are fractions shown as percentages. ClosedXML writes the cells; the charts are added to the
/// saved file with the Open XML SDK (<see cref="ExcelCharts"/>). The file is written under a temp
/// name and moved into place.
/// </summary>
public sealed class RetentionWorkbookPublisher
{
    public const string SummarySheetName = "Summary";
    public const string MonthlySheetName = "Monthly retention";
    public const string CohortsSheetName = "Cohorts";
    public const string CohortRevenueSheetName = "Cohort revenue";
    public const string PyramidSheetName = "Pyramid";
    public const string SegmentsSheetName = RfmWorkbookPublisher.SegmentsSheetName;
    public const string DefinitionsSheetName = "Definitions";
    public const string RunSheetName = RfmWorkbookPublisher.RunSheetName;

    public const string SummaryTableName = "RetentionSummary";
    public const string MonthlyTableName = "MonthlyRetention";
    public const string CohortRetentionTableName = "CohortRetention";
    public const string CohortAverageTableName = "CohortRetentionAverage";
    public const string CohortRevenueTableName = "CohortRevenue";
    public const string PyramidTableName = "Pyramid";
    public const string MigrationPriorMonthTableName = "PyramidMigrationPriorMonth";
    public const string MigrationPriorYearTableName = "PyramidMigrationPriorYear";
    public const string SegmentsTableName = RfmWorkbookPublisher.SegmentsTableName;
    public const string DefinitionsTableName = "Definitions";
    public const string RowCountsTableName = RfmWorkbookPublisher.RowCountsTableName;

    public const string MoneyFormat = RfmWorkbookPublisher.MoneyFormat;
    public const string RateFormat = RfmWorkbookPublisher.ShareFormat;
    public const string TriangleRateFormat = "0.0%";
    public const string CountFormat = RfmWorkbookPublisher.CountFormat;
    public const string MonthFormat = "yyyy-mm";
    public const string CountChangeFormat = "+#,##0;-#,##0;0";
    /// <summary>A change of a rate, in percentage points: the cell holds points (1.5 = +1.50 pp).</summary>
    public const string RateChangeFormat = WorkbookSheets.PointsChangeFormat;
    public const string MoneyChangeFormat = "+#,##0.00;-#,##0.00;0.00";

    /// <summary>Months of the retention and churn chart on the Summary sheet.</summary>
    public const int ChartMonths = 24;

    /// <summary>Header row of the <c>RetentionSummary</c> table.</summary>
    public static readonly IReadOnlyList<string> SummaryHeaders =
        ["Measure", "This month", "Prior month", "Same month last year", "Change vs prior month", "Change vs last year"];

    /// <summary>Header row of the <c>MonthlyRetention</c> table.</summary>
    public static readonly IReadOnlyList<string> MonthlyHeaders =
    [
        "Month", "Active customers", "Retained customers", "New customers", "Reactivated customers", "Churned customers",
        "Active previous month", "Retention rate", "Churn rate", "CRR", "Revenue",
    ];

    /// <summary>Header row of the <c>Pyramid</c> table.</summary>
    public static readonly IReadOnlyList<string> PyramidHeaders =
    [
        "Tier", "Customers", "Share of active customers", "Revenue (12 months)", "Share of revenue",
        "Average revenue", "Minimum revenue", "Maximum revenue",
    ];

    /// <summary>Header row of the <c>Definitions</c> table.</summary>
    public static IReadOnlyList<string> DefinitionHeaders => WorkbookSheets.DefinitionHeaders;

    private enum Kind { Count, Rate, Money }

    private sealed record SummaryLine(int Line, string Label, Kind Kind);

    private readonly ILogger _logger;

    /// <param name="logger">Where it says what it wrote (the CLI passes its "publish" logger).</param>
    public RetentionWorkbookPublisher(ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The workbook's file name for an as-of date: <c>retention-YYYY-MM.xlsx</c>.</summary>
    public static string FileName(DateOnly asOf) =>
        "retention-" + asOf.ToString("yyyy-MM", CultureInfo.InvariantCulture) + ".xlsx";

    /// <summary>
    /// Writes the workbook for <paramref name="run"/>'s as-of date into
    /// <paramref name="outputFolder"/> (created if missing), replacing any file of the same name,
    /// and returns its full path.
    /// </summary>
    /// <exception cref="InvalidOperationException">A mart the workbook reads has no rows at the
    /// as-of date (build the marts rfm, pyramid, retention, cohorts and crr for it first).</exception>
    public string Write(DbConnection warehouse, RunInfo run, string outputFolder)
    {
        WarehouseSql.RequireOpen(warehouse);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputFolder);

        var data = RetentionWorkbookData.Read(warehouse, run.AsOfDate);

        string folder = Path.GetFullPath(outputFolder);
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, FileName(run.AsOfDate));
        string tempPath = AtomicFile.TempPathFor(path);
        try
        {
            var charts = new List<ExcelChart>();
            using (var workbook = new XLWorkbook())
            {
                var summary = workbook.AddWorksheet(SummarySheetName);
                var monthlyChart = WriteMonthlySheet(workbook.AddWorksheet(MonthlySheetName), data);
                charts.Add(WriteSummarySheet(summary, data, monthlyChart));
                WriteCohortsSheet(workbook.AddWorksheet(CohortsSheetName), data);
                WriteCohortRevenueSheet(workbook.AddWorksheet(CohortRevenueSheetName), data);
                if (WritePyramidSheet(workbook.AddWorksheet(PyramidSheetName), data) is { } pyramidChart)
                {
                    charts.Add(pyramidChart);
                }
                if (RfmWorkbookPublisher.WriteSegmentsSheet(workbook.AddWorksheet(SegmentsSheetName), run, data.Segments, withScoresSheet: false) is { } segmentsChart)
                {
                    charts.Add(segmentsChart);
                }
                WorkbookSheets.WriteDefinitionsSheet(workbook.AddWorksheet(DefinitionsSheetName), DefinitionsTableName,
                    RetentionDefinitions.All(data.TopSharePercent));
                RfmWorkbookPublisher.WriteRunSheet(workbook.AddWorksheet(RunSheetName), run);
                WorkbookSheets.StyleTableHeaders(workbook);
                workbook.Worksheet(SummarySheetName).SetTabActive();
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
        _logger.LogInformation("Wrote the retention workbook for {AsOf:yyyy-MM-dd} ({Months} months, {Cohorts} cohorts) to {Path}",
            run.AsOfDate, data.Months.Count, data.CohortMonths.Count, path);
        return path;
    }

    // ---- Summary ----------------------------------------------------------------------------

    private const int SummaryHeaderRow = 4;

    private static ExcelChart WriteSummarySheet(IXLWorksheet sheet, RetentionWorkbookData data, MonthlyChartData monthly)
    {
        var inv = CultureInfo.InvariantCulture;
        WorkbookSheets.WriteTitle(sheet, "Customer retention — " + data.ThisMonth.ToString("MMMM yyyy", inv));
        sheet.Cell(2, 1).SetValue(
            $"As of {data.AsOf.ToString("yyyy-MM-dd", inv)}: {data.ThisMonth.ToString("yyyy-MM", inv)} beside the prior month " +
            $"({data.PriorMonth.ToString("yyyy-MM", inv)}) and the same month a year earlier ({data.YearAgoMonth.ToString("yyyy-MM", inv)}).");

        sheet.Cell(3, 1).SetValue("Month");
        DateOnly[] months = [data.ThisMonth, data.PriorMonth, data.YearAgoMonth];
        for (int i = 0; i < months.Length; i++)
        {
            WorkbookSheets.SetMonth(sheet.Cell(3, i + 2), months[i]);
        }
        sheet.Range(3, 1, 3, 4).Style.Font.Bold = true;
        sheet.Range(3, 2, 3, 4).Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Right;

        WorkbookSheets.WriteHeader(sheet, SummaryHeaderRow, SummaryHeaders);
        var lines = SummaryLines(data.TopSharePercent);
        int row = SummaryHeaderRow + 1;
        foreach (var line in lines)
        {
            var values = data.Summary.Single(v => v.Line == line.Line);
            sheet.Cell(row, 1).SetValue(line.Label);
            // A change of a rate is shown in percentage points: the fraction's difference x 100.
            decimal? Change(decimal? change) => line.Kind == Kind.Rate ? change * 100m : change;
            decimal?[] cells = [values.ThisMonth, values.PriorMonth, values.YearAgo, Change(values.ChangeVsPriorMonth), Change(values.ChangeVsYearAgo)];
            for (int i = 0; i < cells.Length; i++)
            {
                var cell = sheet.Cell(row, i + 2);
                SetNumber(cell, cells[i], line.Kind);
                cell.Style.NumberFormat.Format = i < 3 ? Format(line.Kind) : ChangeFormat(line.Kind);
            }
            row++;
        }
        int lastRow = row - 1;
        sheet.Range(SummaryHeaderRow, 1, lastRow, SummaryHeaders.Count).CreateTable(SummaryTableName).ShowAutoFilter = false;

        double[] widths = [46, 16, 16, 22, 24, 22];
        WorkbookSheets.SetWidths(sheet, widths);

        // Notes: what is blank and why, and how the changes are taken.
        row = lastRow + 2;
        sheet.Cell(row, 1).SetValue("Notes");
        sheet.Cell(row, 1).Style.Font.Bold = true;
        row++;
        foreach (string note in SummaryNotes(data))
        {
            var range = sheet.Range(row, 1, row, SummaryHeaders.Count);
            range.Merge();
            range.Style.Alignment.WrapText = true;
            range.Style.Alignment.Vertical = XLAlignmentVerticalValues.Top;
            sheet.Cell(row, 1).SetValue(note);
            sheet.Row(row).Height = 15 * Math.Max(1, Math.Ceiling(note.Length / (widths.Sum() * 1.2)));
            row++;
        }

        sheet.SheetView.FreezeRows(SummaryHeaderRow);
        // Ten lines, the notes and the chart: one page, so the chart is not cut.
        WorkbookSheets.SetUpPrinting(sheet, SummaryHeaders.Count, pagesTall: 1);

        int chartTop = row + 1;
        return new ExcelChart(
            SheetName: SummarySheetName,
            Kind: ExcelChartKind.Line,
            Title: $"Retention and churn rate, last {monthly.Months.Count} months",
            CategoriesReference: monthly.CategoriesReference,
            CategoryLabels: null,
            CategoryNumbers: monthly.Months.Select(m => m.ToDateTime(TimeOnly.MinValue).ToOADate()).ToList(),
            CategoryFormat: MonthFormat,
            Series: monthly.Series,
            ValueFormat: "0%",
            Anchor: new ExcelChartAnchor(1, chartTop, SummaryHeaders.Count + 1, chartTop + 22),
            ValueAxisMin: 0,
            ValueAxisMax: 1);
    }

    private static IReadOnlyList<SummaryLine> SummaryLines(decimal topSharePercent) =>
    [
        new(RetentionMarts.LineActive, "Active customers", Kind.Count),
        new(RetentionMarts.LineNew, "New customers", Kind.Count),
        new(RetentionMarts.LineRetained, "Retained customers", Kind.Count),
        new(RetentionMarts.LineReactivated, "Reactivated customers", Kind.Count),
        new(RetentionMarts.LineChurned, "Churned customers", Kind.Count),
        new(RetentionMarts.LineRetentionRate, "Retention rate", Kind.Rate),
        new(RetentionMarts.LineChurnRate, "Churn rate", Kind.Rate),
        new(RetentionMarts.LineCrr, "Customer retention rate (CRR)", Kind.Rate),
        new(RetentionMarts.LineRevenue, "Revenue", Kind.Money),
        new(RetentionMarts.LineTopRevenueShare, $"Revenue share of the top {Percent(topSharePercent)} of customers", Kind.Rate),
    ];

    private static IEnumerable<string> SummaryNotes(RetentionWorkbookData data)
    {
        var inv = CultureInfo.InvariantCulture;
        string Month(DateOnly m) => m.ToString("yyyy-MM", inv);
        string Day(DateOnly d) => d.ToString("yyyy-MM-dd", inv);
        string LongMonth(DateOnly m) => m.ToString("MMM yyyy", inv);
        string LongDay(DateOnly d) => d.ToString("d MMM yyyy", inv);

        yield return "Changes are this month minus the earlier month: rates in percentage points (pp; 46.00% against 44.50% is +1.50 pp), " +
                     "revenue as the difference of the amounts shown. Definitions: see the Definitions sheet.";
        if (data.AsOf != data.ThisMonth.AddMonths(1).AddDays(-1))
        {
            yield return $"{Month(data.ThisMonth)} is counted up to the as-of date {Day(data.AsOf)} (month to date); the earlier months are whole.";
        }
        var inSeries = data.Months.Select(m => m.MonthStart).ToHashSet();
        foreach (var month in new[] { data.PriorMonth, data.YearAgoMonth }.Where(m => !inSeries.Contains(m)))
        {
            yield return $"{Month(month)}: no figures; the monthly series of {Day(data.AsOf)} starts in {Month(data.Months[0].MonthStart)}, " +
                         "the month of the first qualifying order.";
        }
        var paretoDates = data.Pareto.Select(p => p.AsOfDate).ToHashSet();
        foreach (var (month, end) in new[] { (data.PriorMonth, data.PriorMonthEnd), (data.YearAgoMonth, data.YearAgoMonthEnd) })
        {
            if (!paretoDates.Contains(end))
            {
                yield return $"Top {Percent(data.TopSharePercent)} revenue share, {LongMonth(month)}: not available — the warehouse holds no figures " +
                             $"for the month end {LongDay(end)} (the Definitions sheet says how the data team adds them).";
            }
        }
    }

    // ---- Monthly retention ------------------------------------------------------------------

    private sealed record MonthlyChartData(IReadOnlyList<DateOnly> Months, string CategoriesReference, IReadOnlyList<ExcelChartSeries> Series);

    private static MonthlyChartData WriteMonthlySheet(IXLWorksheet sheet, RetentionWorkbookData data)
    {
        WorkbookSheets.WriteHeader(sheet, 1, MonthlyHeaders);
        int row = 2;
        foreach (var m in data.Months)
        {
            WorkbookSheets.SetMonth(sheet.Cell(row, 1), m.MonthStart);
            WorkbookSheets.SetNumber(sheet.Cell(row, 2), m.Active);
            WorkbookSheets.SetNumber(sheet.Cell(row, 3), m.Retained);
            WorkbookSheets.SetNumber(sheet.Cell(row, 4), m.NewCustomers);
            WorkbookSheets.SetNumber(sheet.Cell(row, 5), m.Reactivated);
            WorkbookSheets.SetNumber(sheet.Cell(row, 6), m.Churned);
            WorkbookSheets.SetNumber(sheet.Cell(row, 7), m.PreviousActive);
            WorkbookSheets.SetNumber(sheet.Cell(row, 8), m.RetentionRate);
            WorkbookSheets.SetNumber(sheet.Cell(row, 9), m.ChurnRate);
            WorkbookSheets.SetNumber(sheet.Cell(row, 10), m.Crr);
            SetNumber(sheet.Cell(row, 11), m.Revenue, Kind.Money);
            row++;
        }
        int lastRow = row - 1;

        string[] formats = [CountFormat, CountFormat, CountFormat, CountFormat, CountFormat, CountFormat, RateFormat, RateFormat, RateFormat, MoneyFormat];
        for (int i = 0; i < formats.Length; i++)
        {
            sheet.Range(2, i + 2, lastRow, i + 2).Style.NumberFormat.Format = formats[i];
        }
        sheet.Range(2, 1, lastRow, 1).Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Left;
        sheet.Range(1, 1, lastRow, MonthlyHeaders.Count).CreateTable(MonthlyTableName).ShowAutoFilter = true;
        WorkbookSheets.WrapHeader(sheet, 1, MonthlyHeaders.Count);
        WorkbookSheets.SetWidths(sheet, MonthlyHeaders.Select((h, i) => i == 0 ? 10.0 : Math.Max(13.0, h.Length * 0.6 + 3)).ToArray());
        sheet.Column(11).Width = Math.Max(sheet.Column(11).Width, WorkbookSheets.MoneyWidth(data.Months.Select(m => m.Revenue)));
        sheet.SheetView.Freeze(1, 1);
        WorkbookSheets.SetUpPrinting(sheet, MonthlyHeaders.Count, repeatRows: (1, 1), repeatColumns: (1, 1));

        // The chart's data: the last ChartMonths rows of the table.
        int firstChartRow = Math.Max(2, lastRow - ChartMonths + 1);
        var chartMonths = data.Months.Skip(firstChartRow - 2).ToList();
        ExcelChartSeries Series(int column, string color, Func<RetentionMonthRow, decimal?> value) => new(
            MonthlyHeaders[column - 1],
            ExcelCharts.Reference(MonthlySheetName, column, 1, column, 1),
            ExcelCharts.Reference(MonthlySheetName, column, firstChartRow, column, lastRow),
            chartMonths.Select(value).ToList(),
            color);
        return new MonthlyChartData(
            chartMonths.Select(m => m.MonthStart).ToList(),
            ExcelCharts.Reference(MonthlySheetName, 1, firstChartRow, 1, lastRow),
            [Series(8, "2E7D32", m => m.RetentionRate), Series(9, "C62828", m => m.ChurnRate)]);
    }

    // ---- Cohorts ------------------------------------------------------------------------------

    private const int CohortHeaderRow = 2;

    private static void WriteCohortsSheet(IXLWorksheet sheet, RetentionWorkbookData data)
    {
        var inv = CultureInfo.InvariantCulture;
        int months = data.MonthsSinceCount;
        var monthHeaders = MonthHeaders(months);

        sheet.Cell(1, 1).SetValue(
            $"Customer retention by acquisition cohort, as of {data.AsOf.ToString("yyyy-MM-dd", inv)}: " +
            "share of each cohort's customers with a qualifying order k months after their first");
        sheet.Cell(1, 1).Style.Font.Bold = true;

        // Retention triangle.
        int firstRow = CohortHeaderRow + 1;
        int lastRow = WriteTriangle(sheet, CohortHeaderRow, monthHeaders, data, c => c.ActiveShare, Kind.Rate);
        var triangle = sheet.Range(CohortHeaderRow, 1, lastRow, 2 + months).CreateTable(CohortRetentionTableName);
        triangle.ShowAutoFilter = false;
        sheet.Range(firstRow, 3, lastRow, 2 + months).Style.NumberFormat.Format = TriangleRateFormat;
        if (months > 1)
        {
            // Month 0 is 100% by definition: the colour scale is over months 1.. only.
            sheet.Range(firstRow, 4, lastRow, 2 + months).AddConditionalFormat().ColorScale()
                .LowestValue(XLColor.FromHtml("#F8696B"))
                .Midpoint(XLCFContentType.Percentile, 50, XLColor.FromHtml("#FFEB84"))
                .HighestValue(XLColor.FromHtml("#63BE7B"));
        }

        // Weighted average over the cohorts that reached each month.
        int averageHeader = lastRow + 2;
        WorkbookSheets.WriteHeader(sheet, averageHeader, ["Average", "Customers", .. monthHeaders]);
        sheet.Cell(averageHeader + 1, 1).SetValue("Weighted average");
        if (data.CohortAverages.FirstOrDefault(a => a.MonthsSince == 0) is { } month0)
        {
            WorkbookSheets.SetNumber(sheet.Cell(averageHeader + 1, 2), month0.CohortCustomers);
        }
        foreach (var a in data.CohortAverages)
        {
            WorkbookSheets.SetNumber(sheet.Cell(averageHeader + 1, 3 + a.MonthsSince), a.ActiveShare);
        }
        sheet.Cell(averageHeader + 1, 2).Style.NumberFormat.Format = CountFormat;
        sheet.Range(averageHeader + 1, 3, averageHeader + 1, 2 + months).Style.NumberFormat.Format = TriangleRateFormat;
        sheet.Range(averageHeader, 1, averageHeader + 1, 2 + months).CreateTable(CohortAverageTableName).ShowAutoFilter = false;

        // Percentages of at most 6 characters (100.0%): narrow columns, so the triangle prints on
        // two pages wide at a readable size.
        SetCohortWidths(sheet, months, CohortRateWidth);
        sheet.SheetView.Freeze(CohortHeaderRow, 2);
        WorkbookSheets.SetUpPrinting(sheet, 2 + months, repeatRows: (CohortHeaderRow, CohortHeaderRow), repeatColumns: (1, 2));
    }

    /// <summary>Width of a month column of the retention triangle (fits "100.0%" and "Month 35").</summary>
    private const double CohortRateWidth = 8;

    private static void WriteCohortRevenueSheet(IXLWorksheet sheet, RetentionWorkbookData data)
    {
        var inv = CultureInfo.InvariantCulture;
        int months = data.MonthsSinceCount;
        sheet.Cell(1, 1).SetValue(
            $"Revenue by acquisition cohort, as of {data.AsOf.ToString("yyyy-MM-dd", inv)}: " +
            "net revenue of the cohort's qualifying orders k months after acquisition");
        sheet.Cell(1, 1).Style.Font.Bold = true;
        int revenueLast = WriteTriangle(sheet, CohortHeaderRow, MonthHeaders(months), data, c => c.Revenue, Kind.Money);
        sheet.Range(CohortHeaderRow, 1, revenueLast, 2 + months).CreateTable(CohortRevenueTableName).ShowAutoFilter = false;
        sheet.Range(CohortHeaderRow + 1, 3, revenueLast, 2 + months).Style.NumberFormat.Format = MoneyFormat;

        SetCohortWidths(sheet, months, Math.Max(10, WorkbookSheets.MoneyWidth(data.Cohorts.Select(c => (decimal?)c.Revenue))));
        sheet.SheetView.Freeze(CohortHeaderRow, 2);
        WorkbookSheets.SetUpPrinting(sheet, 2 + months, repeatRows: (CohortHeaderRow, CohortHeaderRow), repeatColumns: (1, 2));
    }

    private static List<string> MonthHeaders(int months) =>
        Enumerable.Range(0, months).Select(k => "Month " + k.ToString(CultureInfo.InvariantCulture)).ToList();

    private static void SetCohortWidths(IXLWorksheet sheet, int months, double monthWidth)
    {
        sheet.Column(1).Width = 16;
        sheet.Column(2).Width = 10;
        for (int c = 3; c <= 2 + months; c++)
        {
            sheet.Column(c).Width = monthWidth;
        }
    }

    /// <summary>Writes a cohort x months-since table (header at <paramref name="headerRow"/>);
    /// returns its last row.</summary>
    private static int WriteTriangle(IXLWorksheet sheet, int headerRow, IReadOnlyList<string> monthHeaders,
        RetentionWorkbookData data, Func<CohortCellRow, decimal?> value, Kind kind)
    {
        WorkbookSheets.WriteHeader(sheet, headerRow, ["Cohort", "Customers", .. monthHeaders]);
        var rows = new Dictionary<DateOnly, int>();
        int row = headerRow + 1;
        foreach (var cohort in data.CohortMonths)
        {
            rows[cohort] = row;
            WorkbookSheets.SetMonth(sheet.Cell(row, 1), cohort);
            row++;
        }
        foreach (var cell in data.Cohorts)
        {
            int r = rows[cell.CohortMonth];
            if (cell.MonthsSince == 0)
            {
                WorkbookSheets.SetNumber(sheet.Cell(r, 2), cell.CohortSize);
            }
            SetNumber(sheet.Cell(r, 3 + cell.MonthsSince), value(cell), kind);
        }
        int lastRow = row - 1;
        sheet.Range(headerRow + 1, 2, lastRow, 2).Style.NumberFormat.Format = CountFormat;
        sheet.Range(headerRow + 1, 1, lastRow, 1).Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Left;
        return lastRow;
    }

    // ---- Pyramid ------------------------------------------------------------------------------

    private const int PyramidHeaderRow = 2;

    private static ExcelChart? WritePyramidSheet(IXLWorksheet sheet, RetentionWorkbookData data)
    {
        var inv = CultureInfo.InvariantCulture;
        sheet.Cell(1, 1).SetValue(
            $"Customer value pyramid as of {data.AsOf.ToString("yyyy-MM-dd", inv)}: customers by revenue in the trailing 12 months");
        sheet.Cell(1, 1).Style.Font.Bold = true;

        WorkbookSheets.WriteHeader(sheet, PyramidHeaderRow, PyramidHeaders);
        int row = PyramidHeaderRow + 1;
        foreach (var t in data.Pyramid)
        {
            sheet.Cell(row, 1).SetValue(t.Tier);
            WorkbookSheets.SetNumber(sheet.Cell(row, 2), t.Customers);
            WorkbookSheets.SetNumber(sheet.Cell(row, 3), t.ActiveShare);
            SetNumber(sheet.Cell(row, 4), t.Revenue, Kind.Money);
            WorkbookSheets.SetNumber(sheet.Cell(row, 5), t.RevenueShare);
            SetNumber(sheet.Cell(row, 6), t.AvgRevenue, Kind.Money);
            SetNumber(sheet.Cell(row, 7), t.MinRevenue, Kind.Money);
            SetNumber(sheet.Cell(row, 8), t.MaxRevenue, Kind.Money);
            row++;
        }
        int lastRow = row - 1;
        string[] formats = [CountFormat, RateFormat, MoneyFormat, RateFormat, MoneyFormat, MoneyFormat, MoneyFormat];
        for (int i = 0; i < formats.Length; i++)
        {
            sheet.Range(PyramidHeaderRow + 1, i + 2, lastRow, i + 2).Style.NumberFormat.Format = formats[i];
        }
        sheet.Range(PyramidHeaderRow, 1, lastRow, PyramidHeaders.Count).CreateTable(PyramidTableName).ShowAutoFilter = false;

        double moneyWidth = WorkbookSheets.MoneyWidth(data.Pyramid.Select(t => (decimal?)t.Revenue));
        double[] widths = [16, 14, 26, Math.Max(22, moneyWidth), 18, 18, 18, 18];
        WorkbookSheets.SetWidths(sheet, widths);

        // The chart: share of customers and of revenue for the active tiers (the tiers with an
        // active share), the table's rows as they stand.
        ExcelChart? chart = null;
        int chartTop = lastRow + 2;
        int nextRow = chartTop;
        var activeRows = data.Pyramid.Select((t, i) => (t, Row: PyramidHeaderRow + 1 + i)).Where(x => x.t.ActiveShare is not null).ToList();
        if (activeRows.Count > 0 && activeRows[^1].Row - activeRows[0].Row == activeRows.Count - 1)
        {
            int first = activeRows[0].Row, last = activeRows[^1].Row;
            var tiers = activeRows.Select(x => x.t).ToList();
            ExcelChartSeries Series(int column, string color, Func<PyramidTierRow, decimal?> value) => new(
                PyramidHeaders[column - 1],
                ExcelCharts.Reference(PyramidSheetName, column, PyramidHeaderRow, column, PyramidHeaderRow),
                ExcelCharts.Reference(PyramidSheetName, column, first, column, last),
                tiers.Select(value).ToList(),
                color);
            chart = new ExcelChart(
                SheetName: PyramidSheetName,
                Kind: ExcelChartKind.Bar,
                Title: "Active tiers: share of customers and share of 12-month revenue",
                CategoriesReference: ExcelCharts.Reference(PyramidSheetName, 1, first, 1, last),
                CategoryLabels: tiers.Select(t => t.Tier).ToList(),
                CategoryNumbers: null,
                CategoryFormat: null,
                Series: [Series(3, "4472C4", t => t.ActiveShare), Series(5, "ED7D31", t => t.RevenueShare)],
                ValueFormat: "0.0%",
                Anchor: new ExcelChartAnchor(1, chartTop, 6, chartTop + 18));
            nextRow = chartTop + 19;
        }

        nextRow = WriteMigration(sheet, nextRow, data, "prior_month", "the prior month", MigrationPriorMonthTableName);
        WriteMigration(sheet, nextRow + 1, data, "prior_year", "a year earlier", MigrationPriorYearTableName);

        sheet.SheetView.FreezeRows(PyramidHeaderRow);
        // Six tiers, a chart and two matrices of seven tiers: a fixed layout, a little over one
        // page tall at full size; fitted to one page it prints at about 90%.
        WorkbookSheets.SetUpPrinting(sheet, PyramidHeaders.Count, pagesTall: 1);
        return chart;
    }

    /// <summary>Writes a title and the migration matrix of one comparison from
    /// <paramref name="titleRow"/>; returns the row after it.</summary>
    private static int WriteMigration(IXLWorksheet sheet, int titleRow, RetentionWorkbookData data,
        string comparison, string description, string tableName)
    {
        var inv = CultureInfo.InvariantCulture;
        var cells = data.Migration.Where(c => c.Comparison == comparison).ToList();
        if (!data.MigrationComparedTo.TryGetValue(comparison, out var comparedTo) || cells.Count == 0)
        {
            sheet.Cell(titleRow, 1).SetValue($"Tier migration against {description}: not available — the warehouse holds no tiers for that date.");
            return titleRow + 2;
        }
        sheet.Cell(titleRow, 1).SetValue(
            $"Tier migration against {description}: customers by tier on {comparedTo.ToString("yyyy-MM-dd", inv)} (rows; New = no tier then) " +
            $"and on {data.AsOf.ToString("yyyy-MM-dd", inv)} (columns)");
        sheet.Cell(titleRow, 1).Style.Font.Bold = true;

        // Rows: the from tiers top down, New last; columns: the to tiers. Totals come from the SQL.
        var fromTiers = cells.Where(c => c.FromTier is not null && c.ToTier is null)
            .OrderBy(c => c.FromOrder == 0 ? int.MaxValue : c.FromOrder).ThenBy(c => c.FromTier, StringComparer.Ordinal)
            .Select(c => c.FromTier!).ToList();
        var toTiers = cells.Where(c => c.FromTier is null && c.ToTier is not null)
            .OrderBy(c => c.ToOrder).ThenBy(c => c.ToTier, StringComparer.Ordinal)
            .Select(c => c.ToTier!).ToList();
        var rowOf = fromTiers.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => titleRow + 2 + x.i, StringComparer.Ordinal);
        var columnOf = toTiers.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => 2 + x.i, StringComparer.Ordinal);
        int totalRow = titleRow + 2 + fromTiers.Count;
        int totalColumn = 2 + toTiers.Count;

        int header = titleRow + 1;
        WorkbookSheets.WriteHeader(sheet, header, ["From tier", .. toTiers, "Total"]);
        foreach (var (tier, r) in rowOf)
        {
            sheet.Cell(r, 1).SetValue(tier);
        }
        sheet.Cell(totalRow, 1).SetValue("Total");
        foreach (var c in cells)
        {
            int r = c.FromTier is null ? totalRow : rowOf[c.FromTier];
            int col = c.ToTier is null ? totalColumn : columnOf[c.ToTier];
            WorkbookSheets.SetNumber(sheet.Cell(r, col), c.Customers);
        }
        sheet.Range(header + 1, 2, totalRow, totalColumn).Style.NumberFormat.Format = CountFormat;
        sheet.Range(header, 1, totalRow, totalColumn).CreateTable(tableName).ShowAutoFilter = false;
        sheet.Range(totalRow, 1, totalRow, totalColumn).Style.Font.Bold = true;
        sheet.Range(header + 1, totalColumn, totalRow, totalColumn).Style.Font.Bold = true;
        return totalRow + 2;
    }

    // ---- Helpers ------------------------------------------------------------------------------

    private static string Percent(decimal percent) => percent.ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private static string Format(Kind kind) => kind switch
    {
        Kind.Count => CountFormat,
        Kind.Rate => RateFormat,
        _ => MoneyFormat,
    };

    private static string ChangeFormat(Kind kind) => kind switch
    {
        Kind.Count => CountChangeFormat,
        Kind.Rate => RateChangeFormat,
        _ => MoneyChangeFormat,
    };

    /// <summary>A number cell; money rounded half away from zero to cents. Null leaves the cell blank.</summary>
    private static void SetNumber(IXLCell cell, decimal? value, Kind kind) =>
        WorkbookSheets.SetNumber(cell, kind == Kind.Money && value is decimal v ? RfmWorkbookPublisher.RoundMoney(v) : value);

}

/// <summary>Everything the retention workbook shows, read from the marts at one as-of date.</summary>
internal sealed class RetentionWorkbookData
{
    public required DateOnly AsOf { get; init; }
    public required DateOnly ThisMonth { get; init; }
    public required DateOnly PriorMonth { get; init; }
    public required DateOnly YearAgoMonth { get; init; }
    public required DateOnly PriorMonthEnd { get; init; }
    public required DateOnly YearAgoMonthEnd { get; init; }
    public required decimal TopSharePercent { get; init; }
    public required IReadOnlyList<RetentionMonthRow> Months { get; init; }
    public required IReadOnlyList<RetentionSummaryValues> Summary { get; init; }
    public required IReadOnlyList<ParetoRow> Pareto { get; init; }
    public required IReadOnlyList<CohortCellRow> Cohorts { get; init; }
    public required IReadOnlyList<DateOnly> CohortMonths { get; init; }
    public required int MonthsSinceCount { get; init; }
    public required IReadOnlyList<CohortAverageRow> CohortAverages { get; init; }
    public required IReadOnlyList<PyramidTierRow> Pyramid { get; init; }
    public required IReadOnlyDictionary<string, DateOnly> MigrationComparedTo { get; init; }
    public required IReadOnlyList<MigrationCellRow> Migration { get; init; }
    public required IReadOnlyList<RfmSegmentSummaryRow> Segments { get; init; }

    /// <exception cref="InvalidOperationException">A mart has no rows at <paramref name="asOf"/>.</exception>
    public static RetentionWorkbookData Read(DbConnection db, DateOnly asOf)
    {
        var missing = RetentionMarts.MissingTables(db, asOf);
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"The retention workbook for {asOf:yyyy-MM-dd} needs the marts rfm, pyramid, retention, cohorts and crr " +
                $"built for that date; no rows there in {string.Join(", ", missing)}.");
        }

        var thisMonth = new DateOnly(asOf.Year, asOf.Month, 1);
        var priorMonth = thisMonth.AddMonths(-1);
        var yearAgoMonth = thisMonth.AddMonths(-12);
        var priorMonthEnd = thisMonth.AddDays(-1);
        var yearAgoMonthEnd = yearAgoMonth.AddMonths(1).AddDays(-1);

        var pareto = RetentionMarts.Pareto(db, asOf, priorMonthEnd, yearAgoMonthEnd);
        var cohorts = RetentionMarts.Cohorts(db, asOf);
        var averages = RetentionMarts.CohortAverages(db, asOf);
        return new RetentionWorkbookData
        {
            AsOf = asOf,
            ThisMonth = thisMonth,
            PriorMonth = priorMonth,
            YearAgoMonth = yearAgoMonth,
            PriorMonthEnd = priorMonthEnd,
            YearAgoMonthEnd = yearAgoMonthEnd,
            TopSharePercent = pareto.Single(p => p.AsOfDate == asOf).TopSharePercent,
            Months = RetentionMarts.Months(db, asOf),
            Summary = RetentionMarts.Summary(db, asOf, thisMonth, priorMonth, yearAgoMonth, priorMonthEnd, yearAgoMonthEnd),
            Pareto = pareto,
            Cohorts = cohorts,
            CohortMonths = cohorts.Select(c => c.CohortMonth).Distinct().ToList(),
            MonthsSinceCount = cohorts.Select(c => c.MonthsSince + 1).Concat(averages.Select(a => a.MonthsSince + 1)).DefaultIfEmpty(1).Max(),
            CohortAverages = averages,
            Pyramid = RetentionMarts.Pyramid(db, asOf),
            MigrationComparedTo = RetentionMarts.MigrationComparedTo(db, asOf),
            Migration = RetentionMarts.Migration(db, asOf),
            Segments = RfmSegmentSummaryRow.Read(db, asOf),
        };
    }
}
