using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using A = DocumentFormat.OpenXml.Drawing;
using C = DocumentFormat.OpenXml.Drawing.Charts;
using S = DocumentFormat.OpenXml.Spreadsheet;
using Xdr = DocumentFormat.OpenXml.Drawing.Spreadsheet;

namespace Warehouse.Reports;

/// <summary>The kinds of native Excel chart <see cref="ExcelCharts"/> draws.</summary>
internal enum ExcelChartKind
{
    /// <summary>Lines over categories (c:lineChart).</summary>
    Line,

    /// <summary>Horizontal clustered bars, first category at the top, values as labels (c:barChart, barDir bar).</summary>
    Bar,
}

/// <summary>Where a chart sits: the cells its top-left and bottom-right corners are in (1-based,
/// the bottom-right cell excluded, as in an Excel two-cell anchor).</summary>
internal readonly record struct ExcelChartAnchor(int FromColumn, int FromRow, int ToColumn, int ToRow);

/// <summary>One series: its name (and the cell holding it), the range of its values and those
/// values, cached in the chart so viewers that do not recalculate still draw it.</summary>
internal sealed record ExcelChartSeries(
    string Name,
    string NameReference,
    string ValuesReference,
    IReadOnlyList<decimal?> Values,
    string ColorHex);

/// <summary>A native chart over ranges of the workbook's cells.</summary>
/// <param name="SheetName">The sheet the chart is drawn on.</param>
/// <param name="CategoriesReference">The category range, e.g. <c>'Monthly retention'!$A$2:$A$25</c>.</param>
/// <param name="CategoryLabels">Text categories (a string reference), or null.</param>
/// <param name="CategoryNumbers">Numeric categories (dates as serial numbers), or null.</param>
/// <param name="CategoryFormat">Number format of numeric categories, e.g. <c>yyyy-mm</c>.</param>
/// <param name="ValueFormat">Number format of the value axis and labels, e.g. <c>0%</c>.</param>
internal sealed record ExcelChart(
    string SheetName,
    ExcelChartKind Kind,
    string Title,
    string CategoriesReference,
    IReadOnlyList<string>? CategoryLabels,
    IReadOnlyList<double>? CategoryNumbers,
    string? CategoryFormat,
    IReadOnlyList<ExcelChartSeries> Series,
    string ValueFormat,
    ExcelChartAnchor Anchor,
    double? ValueAxisMin = null,
    double? ValueAxisMax = null);

/// <summary>
/// Adds native Excel charts to a saved workbook with the Open XML SDK (ClosedXML cannot draw
/// charts): per sheet a drawing part with one two-cell anchored graphic frame per chart, each
/// chart in its own chart part, referencing the sheet ranges with cached values.
/// </summary>
internal static class ExcelCharts
{
    private const string ChartUri = "http://schemas.openxmlformats.org/drawingml/2006/chart";
    private const long EmuPerPoint = 12700;

    /// <summary>A sheet range as a chart formula: <c>'Sheet name'!$B$2:$B$25</c>.</summary>
    public static string Reference(string sheetName, int firstColumn, int firstRow, int lastColumn, int lastRow) =>
        "'" + sheetName.Replace("'", "''", StringComparison.Ordinal) + "'!" +
        Absolute(firstColumn, firstRow) + (firstColumn == lastColumn && firstRow == lastRow ? "" : ":" + Absolute(lastColumn, lastRow));

    private static string Absolute(int column, int row) =>
        "$" + ClosedXML.Excel.XLHelper.GetColumnLetterFromNumber(column) + "$" + row.ToString(CultureInfo.InvariantCulture);

    /// <summary>Opens the workbook at <paramref name="path"/> and adds <paramref name="charts"/>.</summary>
    public static void AddCharts(string path, IReadOnlyList<ExcelChart> charts)
    {
        if (charts.Count == 0)
        {
            return;
        }
        using var document = SpreadsheetDocument.Open(path, isEditable: true);
        var workbookPart = document.WorkbookPart
            ?? throw new InvalidOperationException("The workbook has no workbook part.");
        uint chartNumber = 1;
        foreach (var group in charts.GroupBy(c => c.SheetName, StringComparer.Ordinal))
        {
            var worksheetPart = FindWorksheet(workbookPart, group.Key);
            var drawingsPart = worksheetPart.DrawingsPart ?? AddDrawingsPart(worksheetPart);
            drawingsPart.WorksheetDrawing ??= new Xdr.WorksheetDrawing();
            var drawing = drawingsPart.WorksheetDrawing;
            foreach (var chart in group)
            {
                var chartPart = drawingsPart.AddNewPart<ChartPart>();
                chartPart.ChartSpace = BuildChartSpace(chart);
                chartPart.ChartSpace.Save();
                uint shapeId = (uint)drawing.ChildElements.Count + 2;
                drawing.Append(BuildAnchor(chart, drawingsPart.GetIdOfPart(chartPart), shapeId, "Chart " + chartNumber++));
            }
            drawing.Save();
        }
    }

    private static WorksheetPart FindWorksheet(WorkbookPart workbookPart, string sheetName)
    {
        var sheet = workbookPart.Workbook.Descendants<S.Sheet>().FirstOrDefault(s => s.Name?.Value == sheetName)
            ?? throw new InvalidOperationException($"The workbook has no sheet '{sheetName}'.");
        return (WorksheetPart)workbookPart.GetPartById(sheet.Id!.Value!);
    }

    private static DrawingsPart AddDrawingsPart(WorksheetPart worksheetPart)
    {
        var drawingsPart = worksheetPart.AddNewPart<DrawingsPart>();
        drawingsPart.WorksheetDrawing = new Xdr.WorksheetDrawing();
        drawingsPart.WorksheetDrawing.AddNamespaceDeclaration("xdr", "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing");
        drawingsPart.WorksheetDrawing.AddNamespaceDeclaration("a", "http://schemas.openxmlformats.org/drawingml/2006/main");

        var worksheet = worksheetPart.Worksheet;
        var element = new S.Drawing { Id = worksheetPart.GetIdOfPart(drawingsPart) };
        // CT_Worksheet order: ... pageSetup, headerFooter, rowBreaks, colBreaks, customProperties,
        // cellWatches, ignoredErrors, smartTags, drawing, legacyDrawing, legacyDrawingHF, drawingHF,
        // picture, oleObjects, controls, webPublishItems, tableParts, extLst.
        var after = worksheet.ChildElements.FirstOrDefault(e =>
            e is S.LegacyDrawing or S.LegacyDrawingHeaderFooter or S.DrawingHeaderFooter or S.Picture
              or S.OleObjects or S.Controls or S.WebPublishItems or S.TableParts or S.ExtensionList);
        if (after is null)
        {
            worksheet.Append(element);
        }
        else
        {
            worksheet.InsertBefore(element, after);
        }
        worksheet.Save();
        return drawingsPart;
    }

    private static Xdr.TwoCellAnchor BuildAnchor(ExcelChart chart, string chartRelationshipId, uint shapeId, string name) =>
        new(
            new Xdr.FromMarker(
                new Xdr.ColumnId((chart.Anchor.FromColumn - 1).ToString(CultureInfo.InvariantCulture)),
                new Xdr.ColumnOffset("0"),
                new Xdr.RowId((chart.Anchor.FromRow - 1).ToString(CultureInfo.InvariantCulture)),
                new Xdr.RowOffset("0")),
            new Xdr.ToMarker(
                new Xdr.ColumnId((chart.Anchor.ToColumn - 1).ToString(CultureInfo.InvariantCulture)),
                new Xdr.ColumnOffset("0"),
                new Xdr.RowId((chart.Anchor.ToRow - 1).ToString(CultureInfo.InvariantCulture)),
                new Xdr.RowOffset("0")),
            new Xdr.GraphicFrame(
                new Xdr.NonVisualGraphicFrameProperties(
                    new Xdr.NonVisualDrawingProperties { Id = shapeId, Name = name, Description = chart.Title },
                    new Xdr.NonVisualGraphicFrameDrawingProperties()),
                new Xdr.Transform(new A.Offset { X = 0, Y = 0 }, new A.Extents { Cx = 0, Cy = 0 }),
                new A.Graphic(
                    new A.GraphicData(new C.ChartReference { Id = chartRelationshipId }) { Uri = ChartUri }))
            { Macro = "" },
            new Xdr.ClientData())
        { EditAs = Xdr.EditAsValues.OneCell };

    private static C.ChartSpace BuildChartSpace(ExcelChart chart)
    {
        const uint categoryAxisId = 500000001;
        const uint valueAxisId = 500000002;

        OpenXmlCompositeElement plot = chart.Kind switch
        {
            ExcelChartKind.Line => BuildLineChart(chart, categoryAxisId, valueAxisId),
            ExcelChartKind.Bar => BuildBarChart(chart, categoryAxisId, valueAxisId),
            _ => throw new ArgumentOutOfRangeException(nameof(chart)),
        };

        bool bar = chart.Kind == ExcelChartKind.Bar;
        var categoryAxis = new C.CategoryAxis(
            new C.AxisId { Val = categoryAxisId },
            new C.Scaling(new C.Orientation { Val = bar ? C.OrientationValues.MaxMin : C.OrientationValues.MinMax }),
            new C.Delete { Val = false },
            new C.AxisPosition { Val = bar ? C.AxisPositionValues.Left : C.AxisPositionValues.Bottom },
            new C.NumberingFormat { FormatCode = chart.CategoryFormat ?? "General", SourceLinked = false },
            new C.MajorTickMark { Val = C.TickMarkValues.Outside },
            new C.MinorTickMark { Val = C.TickMarkValues.None },
            new C.TickLabelPosition { Val = C.TickLabelPositionValues.NextTo },
            TextProperties(900, rotation: bar ? null : -5400000),
            new C.CrossingAxis { Val = valueAxisId },
            new C.Crosses { Val = C.CrossesValues.AutoZero },
            new C.AutoLabeled { Val = true },
            new C.LabelAlignment { Val = C.LabelAlignmentValues.Center },
            new C.LabelOffset { Val = 100 },
            new C.NoMultiLevelLabels { Val = false });

        var scaling = new C.Scaling(new C.Orientation { Val = C.OrientationValues.MinMax });
        if (chart.ValueAxisMax is double max)
        {
            scaling.Append(new C.MaxAxisValue { Val = max });
        }
        if (chart.ValueAxisMin is double min)
        {
            scaling.Append(new C.MinAxisValue { Val = min });
        }
        var valueAxis = new C.ValueAxis(
            new C.AxisId { Val = valueAxisId },
            scaling,
            // The bars carry their values as labels, so their value axis is not drawn.
            new C.Delete { Val = bar },
            new C.AxisPosition { Val = bar ? C.AxisPositionValues.Bottom : C.AxisPositionValues.Left },
            new C.MajorGridlines(new C.ChartShapeProperties(
                new A.Outline(new A.SolidFill(new A.RgbColorModelHex { Val = "D9D9D9" })) { Width = 9525 })),
            new C.NumberingFormat { FormatCode = chart.ValueFormat, SourceLinked = false },
            new C.MajorTickMark { Val = C.TickMarkValues.Outside },
            new C.MinorTickMark { Val = C.TickMarkValues.None },
            new C.TickLabelPosition { Val = C.TickLabelPositionValues.NextTo },
            TextProperties(900),
            new C.CrossingAxis { Val = categoryAxisId },
            new C.Crosses { Val = C.CrossesValues.AutoZero },
            new C.CrossBetween { Val = bar ? C.CrossBetweenValues.Between : C.CrossBetweenValues.MidpointCategory });

        var chartSpace = new C.ChartSpace(
            new C.Date1904 { Val = false },
            new C.EditingLanguage { Val = "en-US" },
            new C.RoundedCorners { Val = false },
            new C.Chart(
                Title(chart.Title),
                new C.AutoTitleDeleted { Val = false },
                new C.PlotArea(new C.Layout(), plot, categoryAxis, valueAxis),
                new C.Legend(
                    new C.LegendPosition { Val = C.LegendPositionValues.Bottom },
                    new C.Overlay { Val = false },
                    TextProperties(1000)),
                new C.PlotVisibleOnly { Val = true },
                new C.DisplayBlanksAs { Val = C.DisplayBlanksAsValues.Gap }),
            new C.ChartShapeProperties(
                new A.SolidFill(new A.RgbColorModelHex { Val = "FFFFFF" }),
                new A.Outline(new A.SolidFill(new A.RgbColorModelHex { Val = "BFBFBF" })) { Width = 9525 }));
        chartSpace.AddNamespaceDeclaration("c", "http://schemas.openxmlformats.org/drawingml/2006/chart");
        chartSpace.AddNamespaceDeclaration("a", "http://schemas.openxmlformats.org/drawingml/2006/main");
        chartSpace.AddNamespaceDeclaration("r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
        return chartSpace;
    }

    private static C.LineChart BuildLineChart(ExcelChart chart, uint categoryAxisId, uint valueAxisId)
    {
        var lineChart = new C.LineChart(
            new C.Grouping { Val = C.GroupingValues.Standard },
            new C.VaryColors { Val = false });
        for (int i = 0; i < chart.Series.Count; i++)
        {
            var s = chart.Series[i];
            lineChart.Append(new C.LineChartSeries(
                new C.Index { Val = (uint)i },
                new C.Order { Val = (uint)i },
                SeriesText(s),
                new C.ChartShapeProperties(
                    new A.Outline(new A.SolidFill(new A.RgbColorModelHex { Val = s.ColorHex }), new A.Round())
                    {
                        Width = (int)(2.25 * EmuPerPoint),
                        CapType = A.LineCapValues.Round,
                    }),
                new C.Marker(new C.Symbol { Val = C.MarkerStyleValues.None }),
                Categories(chart),
                Values(s, chart.ValueFormat),
                new C.Smooth { Val = false }));
        }
        lineChart.Append(
            new C.ShowMarker { Val = true },
            new C.AxisId { Val = categoryAxisId },
            new C.AxisId { Val = valueAxisId });
        return lineChart;
    }

    private static C.BarChart BuildBarChart(ExcelChart chart, uint categoryAxisId, uint valueAxisId)
    {
        var barChart = new C.BarChart(
            new C.BarDirection { Val = C.BarDirectionValues.Bar },
            new C.BarGrouping { Val = C.BarGroupingValues.Clustered },
            new C.VaryColors { Val = false });
        for (int i = 0; i < chart.Series.Count; i++)
        {
            var s = chart.Series[i];
            barChart.Append(new C.BarChartSeries(
                new C.Index { Val = (uint)i },
                new C.Order { Val = (uint)i },
                SeriesText(s),
                new C.ChartShapeProperties(new A.SolidFill(new A.RgbColorModelHex { Val = s.ColorHex })),
                new C.InvertIfNegative { Val = false },
                new C.DataLabels(
                    new C.NumberingFormat { FormatCode = chart.ValueFormat, SourceLinked = false },
                    new C.ChartShapeProperties(new A.NoFill(), new A.Outline(new A.NoFill())),
                    TextProperties(800),
                    new C.DataLabelPosition { Val = C.DataLabelPositionValues.OutsideEnd },
                    new C.ShowLegendKey { Val = false },
                    new C.ShowValue { Val = true },
                    new C.ShowCategoryName { Val = false },
                    new C.ShowSeriesName { Val = false },
                    new C.ShowPercent { Val = false },
                    new C.ShowBubbleSize { Val = false }),
                Categories(chart),
                Values(s, chart.ValueFormat)));
        }
        barChart.Append(
            new C.GapWidth { Val = 60 },
            new C.AxisId { Val = categoryAxisId },
            new C.AxisId { Val = valueAxisId });
        return barChart;
    }

    private static C.SeriesText SeriesText(ExcelChartSeries series) =>
        new(new C.StringReference(
            new C.Formula(series.NameReference),
            new C.StringCache(
                new C.PointCount { Val = 1 },
                new C.StringPoint(new C.NumericValue(series.Name)) { Index = 0 })));

    private static C.CategoryAxisData Categories(ExcelChart chart)
    {
        if (chart.CategoryLabels is { } labels)
        {
            var cache = new C.StringCache(new C.PointCount { Val = (uint)labels.Count });
            for (int i = 0; i < labels.Count; i++)
            {
                cache.Append(new C.StringPoint(new C.NumericValue(labels[i])) { Index = (uint)i });
            }
            return new C.CategoryAxisData(new C.StringReference(new C.Formula(chart.CategoriesReference), cache));
        }
        var numbers = chart.CategoryNumbers ?? throw new ArgumentException("A chart needs category labels or numbers.", nameof(chart));
        var numberCache = new C.NumberingCache(
            new C.FormatCode(chart.CategoryFormat ?? "General"),
            new C.PointCount { Val = (uint)numbers.Count });
        for (int i = 0; i < numbers.Count; i++)
        {
            numberCache.Append(new C.NumericPoint(new C.NumericValue(numbers[i].ToString("R", CultureInfo.InvariantCulture))) { Index = (uint)i });
        }
        return new C.CategoryAxisData(new C.NumberReference(new C.Formula(chart.CategoriesReference), numberCache));
    }

    private static C.Values Values(ExcelChartSeries series, string format)
    {
        var cache = new C.NumberingCache(
            new C.FormatCode(format),
            new C.PointCount { Val = (uint)series.Values.Count });
        for (int i = 0; i < series.Values.Count; i++)
        {
            // A blank cell has no cached point: the chart leaves a gap there.
            if (series.Values[i] is decimal v)
            {
                cache.Append(new C.NumericPoint(new C.NumericValue(v.ToString(CultureInfo.InvariantCulture))) { Index = (uint)i });
            }
        }
        return new C.Values(new C.NumberReference(new C.Formula(series.ValuesReference), cache));
    }

    private static C.Title Title(string text) =>
        new(
            new C.ChartText(new C.RichText(
                new A.BodyProperties(),
                new A.ListStyle(),
                new A.Paragraph(
                    new A.ParagraphProperties(new A.DefaultRunProperties { FontSize = 1200, Bold = true }),
                    new A.Run(new A.RunProperties { Language = "en-US", FontSize = 1200, Bold = true }, new A.Text(text))))),
            new C.Overlay { Val = false });

    private static C.TextProperties TextProperties(int fontSize, int? rotation = null)
    {
        var body = new A.BodyProperties();
        if (rotation is int r)
        {
            body.Rotation = r;
            body.Vertical = A.TextVerticalValues.Horizontal;
        }
        return new C.TextProperties(
            body,
            new A.ListStyle(),
            new A.Paragraph(
                new A.ParagraphProperties(new A.DefaultRunProperties { FontSize = fontSize }),
                new A.EndParagraphRunProperties { Language = "en-US" }));
    }
}
