using System.Globalization;
using ClosedXML.Excel;

namespace Warehouse.Reports;

/// <summary>One line of a workbook's "Definitions" sheet: where the figure is, what it is called,
/// what it means in plain words, its formula, and where it comes from in the warehouse (for the
/// data team).</summary>
internal sealed record WorkbookDefinition(string Sheet, string Figure, string Meaning, string Formula, string Source);

/// <summary>
/// What every finance workbook shares: the title block, cells of the right kind (numbers as
/// numbers, text as text, months as dates), header rows drawn in the cells, the definitions
/// sheet, and the page setup that prints a sheet readably.
/// </summary>
internal static class WorkbookSheets
{
    public const string MoneyFormat = "#,##0.00";
    public const string ShareFormat = "0.00%";
    public const string CountFormat = "#,##0";
    public const string DateFormat = "yyyy-mm-dd";
    public const string DateTimeFormat = "yyyy-mm-dd hh:mm:ss";
    public const string MonthFormat = "yyyy-mm";
    public const string DaysFormat = "#,##0\" days\"";

    /// <summary>A change of a percentage, in percentage points (the cell holds points: 1.5 = +1.50 pp).</summary>
    public const string PointsChangeFormat = "+0.00\" pp\";-0.00\" pp\";0.00\" pp\"";

    /// <summary>Header row of a <c>Definitions</c> table.</summary>
    public static readonly IReadOnlyList<string> DefinitionHeaders = ["Sheet", "Figure", "Meaning", "Formula", "Source"];

    private static readonly double[] DefinitionWidths = [16, 26, 70, 40, 34];

    // ---- Cells -------------------------------------------------------------------------------

    public static void WriteHeader(IXLWorksheet sheet, int row, IReadOnlyList<string> headers)
    {
        for (int c = 0; c < headers.Count; c++)
        {
            sheet.Cell(row, c + 1).SetValue(headers[c]);
        }
    }

    /// <summary>A number cell; null leaves the cell blank.</summary>
    public static void SetNumber(IXLCell cell, decimal? value)
    {
        if (value is decimal v)
        {
            cell.SetValue(v);
            cell.DataType = XLDataType.Number;
        }
    }

    public static void SetNumber(IXLCell cell, long value)
    {
        cell.SetValue(value);
        cell.DataType = XLDataType.Number;
    }

    public static void SetDate(IXLCell cell, DateOnly date, string format = DateFormat)
    {
        cell.SetValue(date.ToDateTime(TimeOnly.MinValue));
        cell.Style.NumberFormat.Format = format;
    }

    public static void SetMonth(IXLCell cell, DateOnly month) => SetDate(cell, month, MonthFormat);

    public static void SetWidths(IXLWorksheet sheet, IReadOnlyList<double> widths)
    {
        for (int c = 0; c < widths.Count; c++)
        {
            sheet.Column(c + 1).Width = widths[c];
        }
    }

    /// <summary>A column width that shows the widest of these amounts as money (#,##0.00).</summary>
    public static double MoneyWidth(IEnumerable<decimal?> amounts)
    {
        int longest = amounts.Select(a => a is decimal v
                ? RfmWorkbookPublisher.RoundMoney(v).ToString("#,##0.00", CultureInfo.InvariantCulture).Length
                : 0)
            .DefaultIfEmpty(0).Max();
        return longest + 3;
    }

    // ---- Title block -------------------------------------------------------------------------

    /// <summary>
    /// The sheet's title in A1 (bold, 14 pt), a line of explanation under it (when given) and then
    /// the run's facts, one label and value a row: as-of date, the extra facts, run id and when the
    /// workbook was generated. Returns the first row after the block.
    /// </summary>
    public static int WriteTitleBlock(IXLWorksheet sheet, string title, string? subtitle, RunInfo run,
        IReadOnlyList<(string Label, Action<IXLCell> Set)>? extraFacts = null)
    {
        WriteTitle(sheet, title);
        int row = 2;
        if (subtitle is not null)
        {
            sheet.Cell(row, 1).SetValue(subtitle);
            row++;
        }
        var facts = new List<(string Label, Action<IXLCell> Set)> { ("As-of date", c => SetDate(c, run.AsOfDate)) };
        facts.AddRange(extraFacts ?? []);
        facts.Add(("Run id", c =>
        {
            SetNumber(c, run.RunId);
            c.Style.NumberFormat.Format = "0";
        }));
        facts.Add(("Generated at (UTC)", c =>
        {
            c.SetValue(DateTime.SpecifyKind(GeneratedAtUtc(run), DateTimeKind.Unspecified));
            c.Style.NumberFormat.Format = DateTimeFormat;
        }));
        foreach (var (label, set) in facts)
        {
            sheet.Cell(row, 1).SetValue(label);
            sheet.Cell(row, 1).Style.Font.Bold = true;
            set(sheet.Cell(row, 2));
            // The value may be wider than column B (a date and time): it spans B and C.
            sheet.Range(row, 2, row, 3).Merge();
            sheet.Cell(row, 2).Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Left;
            row++;
        }
        return row;
    }

    /// <summary>
    /// A paragraph of text across columns 1..<paramref name="lastColumn"/> of <paramref name="row"/>
    /// (merged, wrapped, the row as tall as the lines need), so it neither runs past the printed
    /// width nor makes a page scale down to fit it.
    /// </summary>
    public static void WriteParagraph(IXLWorksheet sheet, int row, int lastColumn, string text)
    {
        var range = sheet.Range(row, 1, row, lastColumn);
        range.Merge();
        range.Style.Alignment.WrapText = true;
        range.Style.Alignment.Vertical = XLAlignmentVerticalValues.Top;
        sheet.Cell(row, 1).SetValue(text);
        double width = Enumerable.Range(1, lastColumn).Sum(c => sheet.Column(c).Width);
        sheet.Row(row).Height = 15 * Math.Max(1, Math.Ceiling(text.Length / (width * 1.1)));
    }

    /// <summary>A sheet's title: A1, bold, 14 pt.</summary>
    public static void WriteTitle(IXLWorksheet sheet, string title)
    {
        sheet.Cell(1, 1).SetValue(title);
        sheet.Cell(1, 1).Style.Font.Bold = true;
        sheet.Cell(1, 1).Style.Font.FontSize = 14;
    }

    /// <summary>The run's generation time in UTC (a local time is converted).</summary>
    public static DateTime GeneratedAtUtc(RunInfo run) =>
        run.GeneratedAtUtc.Kind == DateTimeKind.Local ? run.GeneratedAtUtc.ToUniversalTime() : run.GeneratedAtUtc;

    // ---- Tables ------------------------------------------------------------------------------

    /// <summary>
    /// Header rows of every table drawn in the cells themselves (bold, shaded, underlined), so they
    /// read as headers where table styles are not drawn (LibreOffice, print previews); headers of
    /// number columns are right-aligned over their numbers.
    /// </summary>
    public static void StyleTableHeaders(XLWorkbook workbook)
    {
        foreach (var sheet in workbook.Worksheets)
        {
            foreach (var table in sheet.Tables)
            {
                var header = table.HeadersRow();
                header.Style.Font.Bold = true;
                header.Style.Fill.BackgroundColor = XLColor.FromHtml("#DDEBF7");
                header.Style.Border.BottomBorder = XLBorderStyleValues.Thin;
                header.Style.Border.BottomBorderColor = XLColor.FromHtml("#5B9BD5");
                header.Style.Alignment.Vertical = XLAlignmentVerticalValues.Bottom;
                foreach (var cell in header.Cells())
                {
                    bool numbers = table.DataRange.Column(cell.Address.ColumnNumber - table.RangeAddress.FirstAddress.ColumnNumber + 1)
                        .CellsUsed().Any(c => c.DataType == XLDataType.Number);
                    if (numbers)
                    {
                        cell.Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Right;
                    }
                }
            }
        }
    }

    /// <summary>Wraps a header row's text onto <paramref name="lines"/> lines (for narrow number columns).</summary>
    public static void WrapHeader(IXLWorksheet sheet, int row, int lastColumn, int lines = 2)
    {
        sheet.Range(row, 1, row, lastColumn).Style.Alignment.WrapText = true;
        sheet.Row(row).Height = 15 * lines;
    }

    // ---- Definitions -------------------------------------------------------------------------

    /// <summary>Writes a "Definitions" sheet: the table <paramref name="tableName"/> with a row per definition.</summary>
    public static void WriteDefinitionsSheet(IXLWorksheet sheet, string tableName, IReadOnlyList<WorkbookDefinition> definitions)
    {
        WriteHeader(sheet, 1, DefinitionHeaders);
        int row = 2;
        foreach (var d in definitions)
        {
            string[] texts = [d.Sheet, d.Figure, d.Meaning, d.Formula, d.Source];
            double lines = 1;
            for (int c = 0; c < texts.Length; c++)
            {
                sheet.Cell(row, c + 1).SetValue(texts[c]);
                // Wrapped text: give the row the height of its longest column (about 1.2 characters
                // per unit of width).
                lines = Math.Max(lines, Math.Ceiling(texts[c].Length / (DefinitionWidths[c] * 1.15)));
            }
            sheet.Row(row).Height = 15 * lines + 2;
            row++;
        }
        int lastRow = row - 1;
        var range = sheet.Range(1, 1, lastRow, DefinitionHeaders.Count);
        range.Style.Alignment.WrapText = true;
        range.Style.Alignment.Vertical = XLAlignmentVerticalValues.Top;
        range.CreateTable(tableName).ShowAutoFilter = true;
        SetWidths(sheet, DefinitionWidths);
        sheet.SheetView.FreezeRows(1);
        SetUpPrinting(sheet, DefinitionHeaders.Count, repeatRows: (1, 1));
    }

    // ---- Printing ----------------------------------------------------------------------------

    /// <summary>The paper every workbook prints on: ISO A4 (Excel paper size 9).</summary>
    public const XLPaperSize Paper = XLPaperSize.A4Paper;

    /// <summary>The smallest font size a printed page may show, in points: the sheets are in
    /// 11 pt, so a page is never scaled below 8/11.</summary>
    public const double SmallestPrintedFontPoints = 8;

    private const double FontPoints = 11;
    private const double SideMarginInches = 0.4;
    private const double A4LongSideInches = 297 / 25.4;

    /// <summary>The width a landscape A4 page prints, in points, inside the side margins.</summary>
    public static double PrintableWidthPoints => (A4LongSideInches - 2 * SideMarginInches) * 72;

    /// <summary>
    /// Landscape A4 with narrow margins, the sheet name and "Page n of m" in the footer, scaled to
    /// fit the fewest pages wide that keep the text at <see cref="SmallestPrintedFontPoints"/> or
    /// more (one page when it fits), as many pages tall as it takes (or <paramref name="pagesTall"/>,
    /// for a sheet of a fixed layout just over a page); <paramref name="repeatRows"/>
    /// and <paramref name="repeatColumns"/> print on every page.
    /// </summary>
    public static void SetUpPrinting(IXLWorksheet sheet, int lastColumn,
        (int First, int Last)? repeatRows = null, (int First, int Last)? repeatColumns = null, int pagesTall = 0)
    {
        var page = sheet.PageSetup;
        page.PaperSize = Paper;
        page.PageOrientation = XLPageOrientation.Landscape;
        page.Margins.Left = SideMarginInches;
        page.Margins.Right = SideMarginInches;
        page.Margins.Top = 0.6;
        page.Margins.Bottom = 0.6;
        page.Margins.Header = 0.3;
        page.Margins.Footer = 0.3;
        page.FitToPages(PagesWide(sheet, lastColumn, repeatColumns), pagesTall);
        if (repeatRows is { } rows)
        {
            page.SetRowsToRepeatAtTop(rows.First, rows.Last);
        }
        if (repeatColumns is { } columns)
        {
            page.SetColumnsToRepeatAtLeft(columns.First, columns.Last);
        }
        page.Footer.Left.AddText(XLHFPredefinedText.SheetName, XLHFOccurrence.AllPages);
        page.Footer.Right.AddText("Page ", XLHFOccurrence.AllPages);
        page.Footer.Right.AddText(XLHFPredefinedText.PageNumber, XLHFOccurrence.AllPages);
        page.Footer.Right.AddText(" of ", XLHFOccurrence.AllPages);
        page.Footer.Right.AddText(XLHFPredefinedText.NumberOfPages, XLHFOccurrence.AllPages);
    }

    /// <summary>
    /// The fewest pages wide columns 1..<paramref name="lastColumn"/> print on at a scale that keeps
    /// 11 pt text at <see cref="SmallestPrintedFontPoints"/> or more: columns fill a page in order,
    /// and each page after the first starts with the repeated columns.
    /// </summary>
    public static int PagesWide(IXLWorksheet sheet, int lastColumn, (int First, int Last)? repeatColumns = null)
    {
        double capacity = PrintableWidthPoints * FontPoints / SmallestPrintedFontPoints;
        double repeated = repeatColumns is { } r
            ? Enumerable.Range(r.First, r.Last - r.First + 1).Sum(c => ColumnPoints(sheet.Column(c).Width))
            : 0;
        int pages = 1;
        double used = 0;
        for (int c = 1; c <= lastColumn; c++)
        {
            double width = ColumnPoints(sheet.Column(c).Width);
            if (used + width > capacity && used > repeated)
            {
                pages++;
                used = repeated;
            }
            used += width;
        }
        return pages;
    }

    /// <summary>A column's printed width in points at 100%: Excel draws a width of w characters
    /// of the 11 pt default font (7 pixels a digit) as 7w + 5 pixels, at 96 pixels an inch.</summary>
    public static double ColumnPoints(double width) => (Math.Truncate(width * 7) + 5) * 0.75;
}
