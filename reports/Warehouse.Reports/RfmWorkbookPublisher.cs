using System.Data.Common;
using ClosedXML.Excel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Warehouse.Reports;

/// <summary>Rows one warehouse table read and wrote in a run.</summary>
public sealed record TableRowCount(string Table, long RowsRead, long RowsWritten);

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
    IReadOnlyList<TableRowCount> RowCounts);

/// <summary>
/// Writes the RFM segment workbook: sheet "RFM segments" (Excel table <c>RfmSegmentSummary</c>,
/// from <c>mart_rfm_segment_summary</c> for one as-of date) and sheet "Run" (run facts and the
/// Excel table <c>RunRowCounts</c>).
/// </summary>
public sealed class RfmWorkbookPublisher
{
    public const string SegmentsSheetName = "RFM segments";
    public const string RunSheetName = "Run";
    public const string SegmentsTableName = "RfmSegmentSummary";
    public const string RowCountsTableName = "RunRowCounts";

    public const string MoneyFormat = "#,##0.00";
    public const string ShareFormat = "0.00%";
    public const string CountFormat = "#,##0";
    public const string DaysFormat = "#,##0.0";
    public const string FrequencyFormat = "#,##0.00";
    public const string DateFormat = "yyyy-mm-dd";
    public const string DateTimeFormat = "yyyy-mm-dd hh:mm:ss";

    /// <summary>Header row of the <c>RfmSegmentSummary</c> table, in column order.</summary>
    public static readonly IReadOnlyList<string> SegmentHeaders =
    [
        "Segment", "Customers", "Share of customers", "Revenue", "Share of revenue",
        "Average monetary", "Average recency (days)", "Average frequency",
    ];

    /// <summary>Header row of the <c>RunRowCounts</c> table, in column order.</summary>
    public static readonly IReadOnlyList<string> RowCountHeaders = ["Table", "Rows read", "Rows written"];

    private readonly ILogger _logger;

    public RfmWorkbookPublisher(ILogger<RfmWorkbookPublisher>? logger = null)
    {
        _logger = (ILogger?)logger ?? NullLogger.Instance;
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

        path = Path.GetFullPath(path);
        string? folder = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        string tempPath = AtomicFile.TempPathFor(path);
        try
        {
            using (var workbook = new XLWorkbook())
            {
                WriteSegmentsSheet(workbook.AddWorksheet(SegmentsSheetName), segments);
                WriteRunSheet(workbook.AddWorksheet(RunSheetName), run);
                using var stream = new FileStream(tempPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
                workbook.SaveAs(stream);
            }
            AtomicFile.Commit(tempPath, path);
        }
        catch
        {
            AtomicFile.Discard(tempPath);
            throw;
        }
        _logger.LogInformation("Wrote RFM workbook for {AsOf:yyyy-MM-dd} ({Segments} segments) to {Path}",
            asOf, segments.Count, path);
    }

    /// <summary>Money as shown in the workbook: rounded half away from zero to cents.</summary>
    public static decimal RoundMoney(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    internal static void WriteSegmentsSheet(IXLWorksheet sheet, IReadOnlyList<RfmSegmentSummaryRow> segments)
    {
        WriteHeader(sheet, 1, SegmentHeaders);
        int row = 2;
        foreach (var s in segments)
        {
            sheet.Cell(row, 1).SetValue(s.Segment);
            SetNumber(sheet.Cell(row, 2), s.Customers);
            SetNumber(sheet.Cell(row, 3), s.CustomerShare);
            SetNumber(sheet.Cell(row, 4), RoundMoney(s.Revenue));
            SetNumber(sheet.Cell(row, 5), s.RevenueShare);
            SetNumber(sheet.Cell(row, 6), s.AvgMonetary is decimal m ? RoundMoney(m) : null);
            SetNumber(sheet.Cell(row, 7), s.AvgRecencyDays);
            SetNumber(sheet.Cell(row, 8), s.AvgFrequency);
            row++;
        }
        int lastRow = row - 1;

        // Number formats of columns B..H (Segment, in A, is text).
        string[] formats = [CountFormat, ShareFormat, MoneyFormat, ShareFormat, MoneyFormat, DaysFormat, FrequencyFormat];
        for (int i = 0; i < formats.Length; i++)
        {
            sheet.Range(2, i + 2, lastRow, i + 2).Style.NumberFormat.Format = formats[i];
        }

        var table = sheet.Range(1, 1, lastRow, SegmentHeaders.Count).CreateTable(SegmentsTableName);
        table.ShowAutoFilter = true;

        double[] widths = [24, 12, 18, 18, 16, 18, 22, 18];
        for (int c = 0; c < widths.Length; c++)
        {
            sheet.Column(c + 1).Width = widths[c];
        }

        sheet.SheetView.FreezeRows(1);
        SetUpPrinting(sheet);
        sheet.PageSetup.SetRowsToRepeatAtTop(1, 1);
    }

    internal static void WriteRunSheet(IXLWorksheet sheet, RunInfo run)
    {
        sheet.Cell(1, 1).SetValue("As-of date");
        sheet.Cell(1, 2).SetValue(run.AsOfDate.ToDateTime(TimeOnly.MinValue));
        sheet.Cell(1, 2).Style.NumberFormat.Format = DateFormat;

        sheet.Cell(2, 1).SetValue("Run id");
        SetNumber(sheet.Cell(2, 2), run.RunId);
        sheet.Cell(2, 2).Style.NumberFormat.Format = "0";

        var generated = run.GeneratedAtUtc.Kind == DateTimeKind.Local
            ? run.GeneratedAtUtc.ToUniversalTime()
            : run.GeneratedAtUtc;
        sheet.Cell(3, 1).SetValue("Generated at (UTC)");
        sheet.Cell(3, 2).SetValue(DateTime.SpecifyKind(generated, DateTimeKind.Unspecified));
        sheet.Cell(3, 2).Style.NumberFormat.Format = DateTimeFormat;

        sheet.Cell(4, 1).SetValue("Source");
        sheet.Cell(4, 2).SetValue(run.Source ?? "");

        sheet.Cell(5, 1).SetValue("Software version");
        sheet.Cell(5, 2).SetValue(run.SoftwareVersion ?? "");

        sheet.Range(1, 1, 5, 1).Style.Font.Bold = true;
        sheet.Range(1, 2, 5, 2).Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Left;

        const int headerRow = 7;
        WriteHeader(sheet, headerRow, RowCountHeaders);
        int row = headerRow + 1;
        foreach (var count in run.RowCounts ?? [])
        {
            sheet.Cell(row, 1).SetValue(count.Table);
            SetNumber(sheet.Cell(row, 2), count.RowsRead);
            SetNumber(sheet.Cell(row, 3), count.RowsWritten);
            row++;
        }
        // A table needs a data row; with no counts ClosedXML adds an empty one.
        int lastRow = Math.Max(row - 1, headerRow + 1);
        sheet.Range(headerRow + 1, 2, lastRow, 3).Style.NumberFormat.Format = CountFormat;
        sheet.Range(headerRow, 1, lastRow, RowCountHeaders.Count).CreateTable(RowCountsTableName);

        double[] widths = [28, 22, 16];
        for (int c = 0; c < widths.Length; c++)
        {
            sheet.Column(c + 1).Width = widths[c];
        }
        SetUpPrinting(sheet);
    }

    internal static void WriteHeader(IXLWorksheet sheet, int row, IReadOnlyList<string> headers)
    {
        for (int c = 0; c < headers.Count; c++)
        {
            sheet.Cell(row, c + 1).SetValue(headers[c]);
        }
    }

    internal static void SetNumber(IXLCell cell, decimal? value)
    {
        if (value is decimal v)
        {
            cell.SetValue(v);
            cell.DataType = XLDataType.Number;
        }
    }

    internal static void SetNumber(IXLCell cell, long value)
    {
        cell.SetValue(value);
        cell.DataType = XLDataType.Number;
    }

    internal static void SetUpPrinting(IXLWorksheet sheet)
    {
        sheet.PageSetup.PageOrientation = XLPageOrientation.Landscape;
        sheet.PageSetup.FitToPages(1, 0);
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
