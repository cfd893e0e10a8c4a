using System.Globalization;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using DocumentFormat.OpenXml.Packaging;
using DuckDB.NET.Data;
using C = DocumentFormat.OpenXml.Drawing.Charts;
using S = DocumentFormat.OpenXml.Spreadsheet;

namespace Warehouse.Reports.Tests;

public sealed class RetentionWorkbookPublisherTests : IDisposable
{
    private static readonly DateOnly AsOf = RetentionWorkbookWarehouse.AsOf;

    private readonly TempFolder _folder = new();
    private readonly DuckDBConnection _db;

    public RetentionWorkbookPublisherTests()
    {
        _db = RetentionWorkbookWarehouse.Create(_folder.Path);
    }

    public void Dispose()
    {
        _db.Dispose();
        _folder.Dispose();
    }

    private static RunInfo Run(DateOnly? asOf = null) => new(
        RunId: 42,
        AsOfDate: asOf ?? AsOf,
        GeneratedAtUtc: new DateTime(2024, 7, 1, 6, 30, 15, DateTimeKind.Utc),
        Source: "2024-01",
        SoftwareVersion: "1.10",
        RowCounts: [new("stg_orders", 1200, 1198), new("mart_retention_monthly", 28, 28)])
    {
        RfmWindowDays = 180,
    };

    /// <summary>The number format of a change of a rate: percentage points.</summary>
    private const string PointsFormat = "+0.00\" pp\";-0.00\" pp\";0.00\" pp\"";

    private string Out => Path.Combine(_folder.Path, "out");

    private string WriteWorkbook(DateOnly? asOf = null) =>
        new RetentionWorkbookPublisher().Write(_db, Run(asOf), Out);

    private static decimal Money(object value) =>
        Math.Round(Convert.ToDecimal(value, CultureInfo.InvariantCulture), 2, MidpointRounding.AwayFromZero);

    private static decimal? NullableDecimal(object? value) =>
        value is null ? null : Convert.ToDecimal(value, CultureInfo.InvariantCulture);

    /// <summary>Asserts a cell holds <paramref name="expected"/> as the right kind of cell (null: blank).</summary>
    private static void AssertCell(IXLCell cell, object? expected, string? format = null)
    {
        string where = cell.Worksheet.Name + "!" + cell.Address.ToString();
        switch (expected)
        {
            case null:
                Assert.True(cell.IsEmpty(), $"{where} should be blank but holds '{cell.GetString()}'");
                break;
            case string text:
                Assert.True(XLDataType.Text == cell.DataType, $"{where} should be text");
                Assert.Equal(text, cell.GetString());
                break;
            case DateOnly date:
                Assert.True(XLDataType.DateTime == cell.DataType, $"{where} should be a date");
                Assert.Equal(date.ToDateTime(TimeOnly.MinValue), cell.GetDateTime());
                break;
            default:
                Assert.True(XLDataType.Number == cell.DataType, $"{where} should be a number, is {cell.DataType}");
                decimal value = Convert.ToDecimal(expected, CultureInfo.InvariantCulture);
                Assert.True(value == cell.GetValue<decimal>(), $"{where}: expected {value}, found {cell.GetValue<decimal>()}");
                break;
        }
        if (format is not null)
        {
            Assert.True(format == cell.Style.NumberFormat.Format, $"{where}: format {cell.Style.NumberFormat.Format}, expected {format}");
        }
    }

    private List<object?[]> Rows(string sql) => RetentionWorkbookWarehouse.Rows(_db, sql);

    /// <summary>The monthly series as the marts hold it, queried directly (revenue by date arithmetic).</summary>
    private List<object?[]> MonthlyFromMarts(DateOnly asOf) => Rows($"""
        SELECT r.month_start, r.active, r.retained, r.new_customers, r.reactivated, r.churned, r.previous_active,
               r.retention_rate, r.churn_rate,
               (SELECT c.crr FROM mart_crr c WHERE c.as_of_date = r.as_of_date AND c.period_type = 'month' AND c.period_start = r.month_start),
               (SELECT SUM(h.revenue) FROM mart_cohort_retention h
                WHERE h.as_of_date = r.as_of_date AND CAST(h.cohort_month + INTERVAL (h.months_since) MONTH AS DATE) = r.month_start)
        FROM mart_retention_monthly r WHERE r.as_of_date = DATE '{asOf:yyyy-MM-dd}' ORDER BY r.month_start
        """);

    [Fact]
    public void Writes_retention_yyyy_mm_with_the_sheets_in_order_and_returns_its_path()
    {
        string path = WriteWorkbook();

        Assert.Equal(Path.Combine(Out, "retention-2024-06.xlsx"), path);
        Assert.Equal(["retention-2024-06.xlsx"], Directory.GetFiles(Out).Select(Path.GetFileName));
        using var workbook = new XLWorkbook(path);
        Assert.Equal(
            ["Summary", "Monthly retention", "Cohorts", "Cohort revenue", "Pyramid", "RFM segments", "Definitions", "Run"],
            workbook.Worksheets.Select(w => w.Name));
    }

    [Fact]
    public void Every_table_has_a_power_query_name()
    {
        using var workbook = new XLWorkbook(WriteWorkbook());

        var tables = workbook.Worksheets.SelectMany(w => w.Tables.Select(t => (Sheet: w.Name, t.Name))).ToList();
        Assert.Equal(
            [
                ("Summary", "RetentionSummary"), ("Monthly retention", "MonthlyRetention"),
                ("Cohorts", "CohortRetention"), ("Cohorts", "CohortRetentionAverage"), ("Cohort revenue", "CohortRevenue"),
                ("Pyramid", "Pyramid"), ("Pyramid", "PyramidMigrationPriorMonth"), ("Pyramid", "PyramidMigrationPriorYear"),
                ("RFM segments", "RfmSegmentSummary"), ("Definitions", "Definitions"), ("Run", "RunRowCounts"),
            ],
            tables.OrderBy(t => workbook.Worksheet(t.Sheet).Position).ThenBy(t => workbook.Worksheet(t.Sheet).Table(t.Name).RangeAddress.FirstAddress.RowNumber));
        Assert.All(tables, t => Assert.Matches(new Regex("^[A-Za-z][A-Za-z0-9]*$"), t.Name));
    }

    [Fact]
    public void Monthly_retention_table_equals_the_marts_cell_by_cell()
    {
        using var workbook = new XLWorkbook(WriteWorkbook());
        var sheet = workbook.Worksheet("Monthly retention");
        var expected = MonthlyFromMarts(AsOf);

        var table = sheet.Table("MonthlyRetention");
        Assert.Equal($"A1:K{expected.Count + 1}", table.RangeAddress.ToString());
        Assert.Equal(28, expected.Count);
        Assert.Equal(
            ["Month", "Active customers", "Retained customers", "New customers", "Reactivated customers", "Churned customers",
             "Active previous month", "Retention rate", "Churn rate", "CRR", "Revenue"],
            Enumerable.Range(1, 11).Select(c => sheet.Cell(1, c).GetString()));
        string[] formats = ["yyyy-mm", "#,##0", "#,##0", "#,##0", "#,##0", "#,##0", "#,##0", "0.00%", "0.00%", "0.00%", "#,##0.00"];
        for (int i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            int row = i + 2;
            AssertCell(sheet.Cell(row, 1), e[0], formats[0]);
            for (int c = 1; c <= 9; c++)
            {
                AssertCell(sheet.Cell(row, c + 1), e[c], formats[c]);
            }
            AssertCell(sheet.Cell(row, 11), e[10] is null ? null : Money(e[10]!), formats[10]);
        }
        // The first month has no previous month, no rate and no CRR; 2023-11 has no rates in the mart.
        Assert.True(sheet.Cell(2, 8).IsEmpty());
        Assert.True(sheet.Cell(2, 10).IsEmpty());
        Assert.Equal(new DateTime(2023, 11, 1), sheet.Cell(22, 1).GetDateTime());
        Assert.True(sheet.Cell(22, 8).IsEmpty());
        // 2024-06: cohorts 2022-03 .. 2024-06 at k = 27 .. 0, revenue c * 1000 + k * 10 + .125 / .135.
        Assert.Equal(Money(expected[^1][10]!), sheet.Cell(29, 11).GetValue<decimal>());
    }

    [Fact]
    public void Summary_puts_the_month_beside_the_prior_month_and_a_year_earlier()
    {
        using var workbook = new XLWorkbook(WriteWorkbook());
        var sheet = workbook.Worksheet("Summary");
        var monthly = MonthlyFromMarts(AsOf).ToDictionary(r => (DateOnly)r[0]!);
        var months = new[] { new DateOnly(2024, 6, 1), new DateOnly(2024, 5, 1), new DateOnly(2023, 6, 1) };
        var pareto = Rows("SELECT as_of_date, top_revenue_share FROM mart_pareto").ToDictionary(r => (DateOnly)r[0]!, r => r[1]);
        var paretoDates = new[] { AsOf, new DateOnly(2024, 5, 31), new DateOnly(2023, 6, 30) };

        Assert.Equal("Customer retention — June 2024", sheet.Cell("A1").GetString());
        for (int i = 0; i < 3; i++)
        {
            AssertCell(sheet.Cell(3, i + 2), months[i], "yyyy-mm");
        }
        var table = sheet.Table("RetentionSummary");
        Assert.Equal("A4:F14", table.RangeAddress.ToString());
        Assert.Equal(
            ["Measure", "This month", "Prior month", "Same month last year", "Change vs prior month", "Change vs last year"],
            Enumerable.Range(1, 6).Select(c => sheet.Cell(4, c).GetString()));

        (string Label, Func<DateOnly, decimal?> Value, string Format, string ChangeFormat)[] lines =
        [
            ("Active customers", m => NullableDecimal(monthly[m][1]), "#,##0", "+#,##0;-#,##0;0"),
            ("New customers", m => NullableDecimal(monthly[m][3]), "#,##0", "+#,##0;-#,##0;0"),
            ("Retained customers", m => NullableDecimal(monthly[m][2]), "#,##0", "+#,##0;-#,##0;0"),
            ("Reactivated customers", m => NullableDecimal(monthly[m][4]), "#,##0", "+#,##0;-#,##0;0"),
            ("Churned customers", m => NullableDecimal(monthly[m][5]), "#,##0", "+#,##0;-#,##0;0"),
            ("Retention rate", m => NullableDecimal(monthly[m][7]), "0.00%", PointsFormat),
            ("Churn rate", m => NullableDecimal(monthly[m][8]), "0.00%", PointsFormat),
            ("Customer retention rate (CRR)", m => NullableDecimal(monthly[m][9]), "0.00%", PointsFormat),
            ("Revenue", m => Money(monthly[m][10]!), "#,##0.00", "+#,##0.00;-#,##0.00;0.00"),
            ("Revenue share of the top 20% of customers",
                m => pareto.TryGetValue(paretoDates[Array.IndexOf(months, m)], out var share) ? NullableDecimal(share) : null,
                "0.00%", PointsFormat),
        ];
        for (int i = 0; i < lines.Length; i++)
        {
            int row = 5 + i;
            var line = lines[i];
            AssertCell(sheet.Cell(row, 1), line.Label);
            decimal?[] values = months.Select(line.Value).ToArray();
            for (int c = 0; c < 3; c++)
            {
                AssertCell(sheet.Cell(row, c + 2), values[c], line.Format);
            }
            // A change of a rate is in percentage points: 0.4623 against 0.4411 is +2.12 pp, held as 2.12.
            decimal points = line.ChangeFormat == PointsFormat ? 100m : 1m;
            AssertCell(sheet.Cell(row, 5), (values[0] - values[1]) * points, line.ChangeFormat);
            AssertCell(sheet.Cell(row, 6), (values[0] - values[2]) * points, line.ChangeFormat);
        }

        // No Pareto row at 2024-05-31: blank, and a note says so in a finance reader's words; the year-earlier one is there.
        Assert.True(sheet.Cell(14, 3).IsEmpty());
        Assert.True(sheet.Cell(14, 5).IsEmpty());
        Assert.Equal(0.5555555m, sheet.Cell(14, 4).GetValue<decimal>());
        Assert.Equal(5.679017m, sheet.Cell(14, 6).GetValue<decimal>()); // 0.61234567 - 0.55555550 = 0.05679017: +5.68 pp, held as 5.679017
        var notes = sheet.CellsUsed().Select(c => c.GetString()).Where(s => s.Contains("not available", StringComparison.Ordinal)).ToList();
        var note = Assert.Single(notes);
        Assert.StartsWith("Top 20% revenue share, May 2024: not available", note, StringComparison.Ordinal);
        Assert.Contains("31 May 2024", note, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_has_no_table_names_or_commands_for_the_data_team()
    {
        using var workbook = new XLWorkbook(WriteWorkbook(RetentionWorkbookWarehouse.MidMonthAsOf));
        var texts = workbook.Worksheet("Summary").CellsUsed().Where(c => c.DataType == XLDataType.Text).Select(c => c.GetString()).ToList();

        Assert.Contains(texts, t => t.Contains("not available", StringComparison.Ordinal));
        foreach (string word in new[] { "mart_", "backfill", "warehouse backfill", "`", "not built", "as_of" })
        {
            Assert.DoesNotContain(texts, t => t.Contains(word, StringComparison.OrdinalIgnoreCase));
        }
        // Where the data team reads how to build what is missing: the Definitions sheet.
        var sources = workbook.Worksheet("Definitions").Table("Definitions").DataRange.Rows().Select(r => r.Cell(5).GetString());
        Assert.Contains(sources, s => s.Contains("warehouse backfill", StringComparison.Ordinal));
    }

    [Fact]
    public void Changes_of_rates_are_percentage_points()
    {
        using var workbook = new XLWorkbook(WriteWorkbook());
        var sheet = workbook.Worksheet("Summary");

        // Rows 10..12 (retention, churn, CRR) and 14 (top revenue share): E and F in pp.
        foreach (int row in new[] { 10, 11, 12, 14 })
        {
            foreach (int column in new[] { 5, 6 })
            {
                var cell = sheet.Cell(row, column);
                Assert.Equal(PointsFormat, cell.Style.NumberFormat.Format);
                if (!cell.IsEmpty())
                {
                    decimal earlier = sheet.Cell(row, column == 5 ? 3 : 4).GetValue<decimal>();
                    Assert.Equal((sheet.Cell(row, 2).GetValue<decimal>() - earlier) * 100, cell.GetValue<decimal>());
                }
            }
        }
        // Counts and money keep their signed formats, not pp.
        Assert.Equal("+#,##0;-#,##0;0", sheet.Cell(5, 5).Style.NumberFormat.Format);
        Assert.Equal("+#,##0.00;-#,##0.00;0.00", sheet.Cell(13, 5).Style.NumberFormat.Format);
        Assert.DoesNotContain(sheet.CellsUsed(), c => c.Style.NumberFormat.Format.Contains('%', StringComparison.Ordinal) && c.Address.ColumnNumber >= 5);
    }

    [Fact]
    public void Revenue_change_is_the_difference_of_the_amounts_shown()
    {
        using var workbook = new XLWorkbook(WriteWorkbook());
        var sheet = workbook.Worksheet("Summary");

        Assert.Equal("Revenue", sheet.Cell(13, 1).GetString());
        decimal thisMonth = sheet.Cell(13, 2).GetValue<decimal>();
        decimal prior = sheet.Cell(13, 3).GetValue<decimal>();
        decimal yearAgo = sheet.Cell(13, 4).GetValue<decimal>();
        Assert.Equal(thisMonth - prior, sheet.Cell(13, 5).GetValue<decimal>());
        Assert.Equal(thisMonth - yearAgo, sheet.Cell(13, 6).GetValue<decimal>());
        // Every amount is in cents.
        Assert.All(new[] { thisMonth, prior, yearAgo }, v => Assert.Equal(v, Math.Round(v, 2)));
    }

    [Fact]
    public void Cohort_retention_triangle_and_weighted_average_equal_the_marts()
    {
        using var workbook = new XLWorkbook(WriteWorkbook());
        var sheet = workbook.Worksheet("Cohorts");
        var cells = Rows($"""
            SELECT cohort_month, months_since, cohort_size, active_share, revenue
            FROM mart_cohort_retention WHERE as_of_date = DATE '{AsOf:yyyy-MM-dd}'
            """).ToDictionary(r => ((DateOnly)r[0]!, Convert.ToInt32(r[1], CultureInfo.InvariantCulture)));
        var cohorts = cells.Keys.Select(k => k.Item1).Distinct().Order().ToList();
        int months = cells.Keys.Max(k => k.Item2) + 1;
        Assert.Equal(28, cohorts.Count);

        var table = sheet.Table("CohortRetention");
        int header = table.RangeAddress.FirstAddress.RowNumber;
        Assert.Equal(2, header);
        Assert.Equal(2 + months, table.RangeAddress.LastAddress.ColumnNumber);
        Assert.Equal(header + cohorts.Count, table.RangeAddress.LastAddress.RowNumber);
        Assert.Equal(["Cohort", "Customers", "Month 0", "Month 1"], Enumerable.Range(1, 4).Select(c => sheet.Cell(header, c).GetString()));
        Assert.Equal("Month 27", sheet.Cell(header, 2 + months).GetString());
        for (int i = 0; i < cohorts.Count; i++)
        {
            int row = header + 1 + i;
            AssertCell(sheet.Cell(row, 1), cohorts[i], "yyyy-mm");
            AssertCell(sheet.Cell(row, 2), cells[(cohorts[i], 0)][2], "#,##0");
            for (int k = 0; k < months; k++)
            {
                AssertCell(sheet.Cell(row, 3 + k), cells.TryGetValue((cohorts[i], k), out var cell) ? cell[3] : null, "0.0%");
            }
        }
        // The colour scale covers months 1.. of the triangle.
        var scale = Assert.Single(sheet.ConditionalFormats);
        Assert.Equal(XLConditionalFormatType.ColorScale, scale.ConditionalFormatType);
        Assert.Equal($"D3:{XLHelper.GetColumnLetterFromNumber(2 + months)}{header + cohorts.Count}", scale.Range.RangeAddress.ToString());

        var averages = Rows($"""
            SELECT months_since, cohort_customers, active_share FROM mart_cohort_retention_average
            WHERE as_of_date = DATE '{AsOf:yyyy-MM-dd}' ORDER BY months_since
            """);
        var average = sheet.Table("CohortRetentionAverage");
        Assert.Equal(2, average.RowCount());
        int avgRow = average.RangeAddress.FirstAddress.RowNumber + 1;
        AssertCell(sheet.Cell(avgRow, 1), "Weighted average");
        AssertCell(sheet.Cell(avgRow, 2), averages[0][1], "#,##0");
        Assert.Equal(months, averages.Count);
        foreach (var a in averages)
        {
            AssertCell(sheet.Cell(avgRow, 3 + Convert.ToInt32(a[0], CultureInfo.InvariantCulture)), a[2], "0.0%");
        }
    }

    [Fact]
    public void Cohort_revenue_triangle_is_money_rounded_half_away_from_zero()
    {
        using var workbook = new XLWorkbook(WriteWorkbook());
        var sheet = workbook.Worksheet("Cohort revenue");
        var cells = Rows($"""
            SELECT cohort_month, months_since, cohort_size, revenue
            FROM mart_cohort_retention WHERE as_of_date = DATE '{AsOf:yyyy-MM-dd}'
            """).ToDictionary(r => ((DateOnly)r[0]!, Convert.ToInt32(r[1], CultureInfo.InvariantCulture)));
        var cohorts = cells.Keys.Select(k => k.Item1).Distinct().Order().ToList();
        int months = cells.Keys.Max(k => k.Item2) + 1;

        var table = sheet.Table("CohortRevenue");
        int header = table.RangeAddress.FirstAddress.RowNumber;
        Assert.Equal(header + cohorts.Count, table.RangeAddress.LastAddress.RowNumber);
        for (int i = 0; i < cohorts.Count; i++)
        {
            int row = header + 1 + i;
            AssertCell(sheet.Cell(row, 1), cohorts[i], "yyyy-mm");
            AssertCell(sheet.Cell(row, 2), cells[(cohorts[i], 0)][2], "#,##0");
            for (int k = 0; k < months; k++)
            {
                AssertCell(sheet.Cell(row, 3 + k), cells.TryGetValue((cohorts[i], k), out var cell) ? Money(cell[3]!) : null, "#,##0.00");
            }
        }
        // 2024-06 cohort (c = 27) at k = 0: 27000.125 -> 27000.13 (not 27000.12, as half-to-even would give);
        // 2022-03 (c = 0) at k = 1: 10.135 -> 10.14.
        Assert.Equal(27000.13m, sheet.Cell(header + 28, 3).GetValue<decimal>());
        Assert.Equal(10.14m, sheet.Cell(header + 1, 4).GetValue<decimal>());
        Assert.Equal(0.13m, sheet.Cell(header + 1, 3).GetValue<decimal>());
    }

    [Fact]
    public void Pyramid_table_equals_the_mart_in_tier_order()
    {
        using var workbook = new XLWorkbook(WriteWorkbook());
        var sheet = workbook.Worksheet("Pyramid");
        var tiers = Rows($"""
            SELECT tier, customers, active_share, revenue, revenue_share, avg_revenue, min_revenue, max_revenue
            FROM mart_pyramid WHERE as_of_date = DATE '{AsOf:yyyy-MM-dd}' ORDER BY tier_order
            """);

        var table = sheet.Table("Pyramid");
        Assert.Equal("A2:H8", table.RangeAddress.ToString());
        Assert.Equal(
            ["Tier", "Customers", "Share of active customers", "Revenue (12 months)", "Share of revenue", "Average revenue", "Minimum revenue", "Maximum revenue"],
            Enumerable.Range(1, 8).Select(c => sheet.Cell(2, c).GetString()));
        string[] formats = ["#,##0", "0.00%", "#,##0.00", "0.00%", "#,##0.00", "#,##0.00", "#,##0.00"];
        bool[] money = [false, false, true, false, true, true, true];
        for (int i = 0; i < tiers.Count; i++)
        {
            int row = 3 + i;
            AssertCell(sheet.Cell(row, 1), tiers[i][0]);
            for (int c = 1; c < 8; c++)
            {
                object? v = tiers[i][c];
                AssertCell(sheet.Cell(row, c + 1), money[c - 1] && v is not null ? Money(v) : v, formats[c - 1]);
            }
        }
        Assert.Equal(["Top", "Big", "Medium", "Small", "Inactive", "Prospect"], Enumerable.Range(3, 6).Select(r => sheet.Cell(r, 1).GetString()));
        // 20000.005 -> 20000.01, 25000.995 -> 25001.00, 1500.125 -> 1500.13, 199.995 -> 200.00.
        Assert.Equal(20000.01m, sheet.Cell("D3").GetValue<decimal>());
        Assert.Equal(25001.00m, sheet.Cell("D4").GetValue<decimal>());
        Assert.Equal(1500.13m, sheet.Cell("G3").GetValue<decimal>());
        Assert.Equal(200.00m, sheet.Cell("H6").GetValue<decimal>());
        Assert.True(sheet.Cell("C7").IsEmpty());
    }

    [Theory]
    [InlineData("prior_month", "PyramidMigrationPriorMonth", "2024-05-30")]
    [InlineData("prior_year", "PyramidMigrationPriorYear", "2023-06-30")]
    public void Migration_matrix_equals_the_mart_with_totals(string comparison, string tableName, string comparedTo)
    {
        using var workbook = new XLWorkbook(WriteWorkbook());
        var sheet = workbook.Worksheet("Pyramid");
        var moves = Rows($"""
            SELECT from_tier, from_order, to_tier, to_order, customers, compared_to FROM mart_pyramid_migration
            WHERE as_of_date = DATE '{AsOf:yyyy-MM-dd}' AND comparison = '{comparison}'
            """);
        var count = moves.ToDictionary(m => ((string)m[0]!, (string)m[2]!), m => Convert.ToInt64(m[4], CultureInfo.InvariantCulture));
        var from = moves.Select(m => ((string)m[0]!, Convert.ToInt32(m[1], CultureInfo.InvariantCulture))).Distinct()
            .OrderBy(f => f.Item2 == 0 ? int.MaxValue : f.Item2).Select(f => f.Item1).ToList();
        var to = moves.Select(m => ((string)m[2]!, Convert.ToInt32(m[3], CultureInfo.InvariantCulture))).Distinct()
            .OrderBy(t => t.Item2).Select(t => t.Item1).ToList();
        Assert.Equal(["Top", "Big", "Medium", "Small", "Inactive", "Prospect", "New"], from);
        Assert.Equal(DateOnly.Parse(comparedTo, CultureInfo.InvariantCulture), (DateOnly)moves[0][5]!);

        var table = sheet.Table(tableName);
        int header = table.RangeAddress.FirstAddress.RowNumber;
        Assert.Equal(1, table.RangeAddress.FirstAddress.ColumnNumber);
        Assert.Equal(to.Count + 2, table.RangeAddress.LastAddress.ColumnNumber);
        Assert.Equal(header + from.Count + 1, table.RangeAddress.LastAddress.RowNumber);
        Assert.Contains(comparedTo, sheet.Cell(header - 1, 1).GetString(), StringComparison.Ordinal);
        Assert.Equal(["From tier", .. to, "Total"], Enumerable.Range(1, to.Count + 2).Select(c => sheet.Cell(header, c).GetString()));
        for (int i = 0; i < from.Count; i++)
        {
            int row = header + 1 + i;
            AssertCell(sheet.Cell(row, 1), from[i]);
            for (int j = 0; j < to.Count; j++)
            {
                AssertCell(sheet.Cell(row, 2 + j), count[(from[i], to[j])], "#,##0");
            }
            AssertCell(sheet.Cell(row, 2 + to.Count), to.Sum(t => count[(from[i], t)]), "#,##0");
        }
        int totalRow = header + 1 + from.Count;
        AssertCell(sheet.Cell(totalRow, 1), "Total");
        for (int j = 0; j < to.Count; j++)
        {
            AssertCell(sheet.Cell(totalRow, 2 + j), from.Sum(f => count[(f, to[j])]), "#,##0");
        }
        AssertCell(sheet.Cell(totalRow, 2 + to.Count), count.Values.Sum(), "#,##0");
    }

    [Fact]
    public void Rfm_segments_and_run_sheets_are_the_rfm_workbook_ones()
    {
        using var workbook = new XLWorkbook(WriteWorkbook());
        var sheet = workbook.Worksheet("RFM segments");
        var segments = Rows($"""
            SELECT segment, customers, customer_share, revenue, revenue_share, avg_monetary, avg_recency_days, avg_frequency
            FROM mart_rfm_segment_summary WHERE as_of_date = DATE '{AsOf:yyyy-MM-dd}' ORDER BY segment_order
            """);

        Assert.Equal($"A8:H{segments.Count + 8}", sheet.Table("RfmSegmentSummary").RangeAddress.ToString());
        Assert.Equal("RFM segments as of 30 June 2024", sheet.Cell("A1").GetString());
        Assert.Equal(180, sheet.Cell("B4").GetValue<int>()); // the run's RFM window
        for (int i = 0; i < segments.Count; i++)
        {
            var s = segments[i];
            int row = i + 9;
            AssertCell(sheet.Cell(row, 1), s[0]);
            AssertCell(sheet.Cell(row, 2), s[1], "#,##0");
            AssertCell(sheet.Cell(row, 3), s[2], "0.00%");
            AssertCell(sheet.Cell(row, 4), Money(s[3]!), "#,##0.00");
            AssertCell(sheet.Cell(row, 5), s[4], "0.00%");
            AssertCell(sheet.Cell(row, 6), s[5] is null ? null : Money(s[5]!), "#,##0.00");
            AssertCell(sheet.Cell(row, 7), s[6], "#,##0.0");
            AssertCell(sheet.Cell(row, 8), s[7], "#,##0.00");
        }
        Assert.Equal(10.13m, sheet.Cell("D9").GetValue<decimal>()); // 10.125 -> 10.13

        var run = workbook.Worksheet("Run");
        AssertCell(run.Cell("B1"), AsOf, "yyyy-mm-dd");
        AssertCell(run.Cell("B2"), 42L);
        Assert.Equal(new DateTime(2024, 7, 1, 6, 30, 15), run.Cell("B3").GetDateTime());
        AssertCell(run.Cell("B4"), "2024-01");
        AssertCell(run.Cell("B5"), "1.10");
        Assert.Equal("A7:C9", run.Table("RunRowCounts").RangeAddress.ToString());
        AssertCell(run.Cell("A9"), "mart_retention_monthly");
        AssertCell(run.Cell("B9"), 28L, "#,##0");
    }

    [Fact]
    public void Definitions_explain_every_figure_with_a_formula()
    {
        using var workbook = new XLWorkbook(WriteWorkbook());
        var sheet = workbook.Worksheet("Definitions");
        var table = sheet.Table("Definitions");

        Assert.Equal(["Sheet", "Figure", "Meaning", "Formula", "Source"], Enumerable.Range(1, 5).Select(c => sheet.Cell(1, c).GetString()));
        var rows = table.DataRange.Rows().Select(r => (Sheet: r.Cell(1).GetString(), Figure: r.Cell(2).GetString(),
            Meaning: r.Cell(3).GetString(), Formula: r.Cell(4).GetString())).ToList();
        Assert.All(rows, r => Assert.False(string.IsNullOrWhiteSpace(r.Meaning), r.Figure));
        Assert.All(rows.Where(r => r.Sheet != "Run"), r => Assert.False(string.IsNullOrWhiteSpace(r.Formula), r.Figure));
        var figures = rows.Select(r => r.Figure).ToHashSet();
        string[] explained =
        [
            "Qualifying order", "Revenue", "Active customers", "Retained customers", "New customers", "Reactivated customers",
            "Churned customers", "Active previous month", "Retention rate", "Churn rate", "CRR (customer retention rate)",
            "Revenue share of the top 20%", "Change vs prior month / Change vs last year", "Cohort", "Customers",
            "Month k (retention triangle)", "Weighted average", "Month k (revenue triangle)", "Tier", "Share of active customers",
            "Revenue (12 months)", "Share of revenue", "Average / Minimum / Maximum revenue", "Migration", "Segment",
            "Average monetary", "Average recency (days)", "Average frequency",
        ];
        Assert.All(explained, f => Assert.Contains(f, figures));
        Assert.Contains(rows, r => r.Formula == "CRR = (E − N) / S");
        Assert.Contains(rows, r => r.Formula == "retained / previous active");
        Assert.All(Enumerable.Range(1, 5), c => Assert.True(sheet.Column(c).Width >= 16));
        Assert.Contains(rows, r => r.Sheet == "Cohort revenue" && r.Figure == "Month k (revenue triangle)");
    }

    [Fact]
    public void Every_table_number_is_a_number_cell_and_every_column_has_a_width()
    {
        using var workbook = new XLWorkbook(WriteWorkbook());

        foreach (var sheet in workbook.Worksheets)
        {
            foreach (var table in sheet.Tables)
            {
                foreach (var cell in table.DataRange.CellsUsed())
                {
                    if (cell.DataType == XLDataType.Text)
                    {
                        Assert.False(decimal.TryParse(cell.GetString(), NumberStyles.Any, CultureInfo.InvariantCulture, out _),
                            $"{sheet.Name}!{cell.Address} holds a number as text: {cell.GetString()}");
                    }
                    else
                    {
                        Assert.True(cell.DataType is XLDataType.Number or XLDataType.DateTime, $"{sheet.Name}!{cell.Address}: {cell.DataType}");
                        Assert.False(cell.HasFormula, $"{sheet.Name}!{cell.Address} is a formula");
                    }
                }
                int last = table.RangeAddress.LastAddress.ColumnNumber;
                for (int c = table.RangeAddress.FirstAddress.ColumnNumber; c <= last; c++)
                {
                    // The retention triangle's percentages (at most "100.0%") have narrow columns.
                    double least = table.Name == "CohortRetention" || table.Name == "CohortRetentionAverage" ? 8 : 10;
                    Assert.True(sheet.Column(c).Width >= least, $"{sheet.Name} column {c} is {sheet.Column(c).Width} wide");
                }
            }
        }
    }

    [Fact]
    public void Headers_are_frozen_and_every_sheet_prints_on_a4_landscape_readably()
    {
        using var workbook = new XLWorkbook(WriteWorkbook());

        (string Sheet, int Rows, int Columns)[] frozen =
        [
            ("Summary", 4, 0), ("Monthly retention", 1, 1), ("Cohorts", 2, 2), ("Cohort revenue", 2, 2), ("Pyramid", 2, 0),
            ("RFM segments", 8, 0), ("Definitions", 1, 0),
        ];
        foreach (var (name, rows, columns) in frozen)
        {
            var view = workbook.Worksheet(name).SheetView;
            Assert.True(rows == view.SplitRow, $"{name}: split row {view.SplitRow}");
            Assert.True(columns == view.SplitColumn, $"{name}: split column {view.SplitColumn}");
        }

        // The triangles are too wide for one page at a readable size, so they print on several
        // pages wide with the cohort and customers columns and the header row on every page.
        // Worked by hand: A4 landscape, 0.4 in side margins: (297 / 25.4 - 0.8) in x 72 = 784.3 pt a page;
        // at 8/11 (11 pt text printed at >= 8 pt) a page holds 1,078.4 pt of columns at 100%.
        // A column of width w is (7w + 5) px x 0.75 pt: Cohort 16 -> 87.75, Customers 10 -> 56.25 (144 pt repeated).
        // Cohorts: 28 months of width 8 -> 45.75 pt: 144 + 20 x 45.75 = 1,059 fits, 21 does not; the other 8 on page 2.
        // Cohort revenue: the widest amount 27,000.13 (9 characters) + 3 -> width 12 -> 66.75 pt:
        // 144 + 13 x 66.75 = 1,011.75 fits, 14 (1,078.5) does not: 13 + 13 + 2 months, 3 pages.
        var pagesWide = new Dictionary<string, int>(StringComparer.Ordinal) { ["Cohorts"] = 2, ["Cohort revenue"] = 3 };
        // A sheet with a chart under a table of fixed length prints on one page, so the chart is not cut.
        var onePageTall = new HashSet<string>(StringComparer.Ordinal) { "Summary", "Pyramid", "RFM segments" };
        foreach (var sheet in workbook.Worksheets)
        {
            Assert.Equal(9, (int)sheet.PageSetup.PaperSize); // A4
            Assert.Equal(XLPageOrientation.Landscape, sheet.PageSetup.PageOrientation);
            Assert.True(pagesWide.GetValueOrDefault(sheet.Name, 1) == sheet.PageSetup.PagesWide, $"{sheet.Name}: {sheet.PageSetup.PagesWide} pages wide");
            Assert.Equal(onePageTall.Contains(sheet.Name) ? 1 : 0, sheet.PageSetup.PagesTall);
        }
    }

    [Fact]
    public void Print_titles_repeat_the_header_row_and_the_cohort_columns_as_absolute_references()
    {
        string path = WriteWorkbook();
        using var document = SpreadsheetDocument.Open(path, isEditable: false);
        var workbookPart = document.WorkbookPart!;
        var sheets = workbookPart.Workbook.Descendants<S.Sheet>().Select(s => s.Name!.Value!).ToList();

        // Read from the file (ClosedXML 0.95 does not read back a print title of rows and columns):
        // the columns, then the rows, absolute, as Excel writes them and LibreOffice reads them.
        var titles = workbookPart.Workbook.DefinedNames!.Elements<S.DefinedName>()
            .Where(n => n.Name!.Value == "_xlnm.Print_Titles")
            .ToDictionary(n => sheets[(int)n.LocalSheetId!.Value], n => n.Text);
        Assert.Equal("Cohorts!$A:$B,Cohorts!$2:$2", titles["Cohorts"]);
        Assert.Equal("'Cohort revenue'!$A:$B,'Cohort revenue'!$2:$2", titles["Cohort revenue"]);
        Assert.Equal("'Monthly retention'!$A:$A,'Monthly retention'!$1:$1", titles["Monthly retention"]);
        Assert.Equal("Definitions!$1:$1", titles["Definitions"]);
        Assert.Equal("'RFM segments'!$8:$8", titles["RFM segments"]);
    }

    [Fact]
    public void The_cohort_triangle_has_a_row_per_cohort()
    {
        using var workbook = new XLWorkbook(WriteWorkbook());
        Assert.Equal(28, workbook.Worksheet("Cohorts").Table("CohortRetention").DataRange.RowCount());
    }

    [Fact]
    public void Summary_has_a_native_line_chart_of_the_last_24_months_of_rates()
    {
        string path = WriteWorkbook();
        List<decimal?> retention, churn;
        List<DateTime> months;
        using (var workbook = new XLWorkbook(path))
        {
            var sheet = workbook.Worksheet("Monthly retention");
            retention = Enumerable.Range(6, 24).Select(r => sheet.Cell(r, 8).IsEmpty() ? (decimal?)null : sheet.Cell(r, 8).GetValue<decimal>()).ToList();
            churn = Enumerable.Range(6, 24).Select(r => sheet.Cell(r, 9).IsEmpty() ? (decimal?)null : sheet.Cell(r, 9).GetValue<decimal>()).ToList();
            months = Enumerable.Range(6, 24).Select(r => sheet.Cell(r, 1).GetDateTime()).ToList();
        }
        Assert.Equal(new DateTime(2022, 7, 1), months[0]);
        Assert.Equal(new DateTime(2024, 6, 1), months[^1]);

        using var document = SpreadsheetDocument.Open(path, isEditable: false);
        var part = Worksheet(document, "Summary");
        Assert.NotNull(part.Worksheet.GetFirstChild<S.Drawing>());
        var chartPart = Assert.Single(part.DrawingsPart!.ChartParts);
        var lineChart = Assert.Single(chartPart.ChartSpace.Descendants<C.LineChart>());
        Assert.Empty(chartPart.ChartSpace.Descendants<C.BarChart>());
        var series = lineChart.Elements<C.LineChartSeries>().ToList();
        Assert.Equal(2, series.Count);

        AssertSeries(series[0], "'Monthly retention'!$H$1", "Retention rate", "'Monthly retention'!$A$6:$A$29", "'Monthly retention'!$H$6:$H$29", retention);
        AssertSeries(series[1], "'Monthly retention'!$I$1", "Churn rate", "'Monthly retention'!$A$6:$A$29", "'Monthly retention'!$I$6:$I$29", churn);
        // 2023-11 has no rates: a blank cell, no cached point, a gap in the line.
        Assert.Null(retention[16]);
        var categories = series[0].GetFirstChild<C.CategoryAxisData>()!.NumberReference!.NumberingCache!;
        Assert.Equal(months.Select(m => m.ToOADate()),
            categories.Elements<C.NumericPoint>().Select(p => double.Parse(p.NumericValue!.Text, CultureInfo.InvariantCulture)));
        Assert.Equal("yyyy-mm", categories.FormatCode!.Text);
    }

    [Fact]
    public void Pyramid_has_a_native_bar_chart_of_the_active_tiers()
    {
        string path = WriteWorkbook();
        using var document = SpreadsheetDocument.Open(path, isEditable: false);
        var part = Worksheet(document, "Pyramid");
        Assert.NotNull(part.Worksheet.GetFirstChild<S.Drawing>());
        var chartPart = Assert.Single(part.DrawingsPart!.ChartParts);
        var barChart = Assert.Single(chartPart.ChartSpace.Descendants<C.BarChart>());
        Assert.Equal(C.BarDirectionValues.Bar, barChart.BarDirection!.Val!.Value);
        var series = barChart.Elements<C.BarChartSeries>().ToList();
        Assert.Equal(2, series.Count);

        var tiers = Rows($"SELECT tier, active_share, revenue_share FROM mart_pyramid WHERE as_of_date = DATE '{AsOf:yyyy-MM-dd}' AND active_share IS NOT NULL ORDER BY tier_order");
        Assert.Equal(4, tiers.Count);
        AssertSeries(series[0], "'Pyramid'!$C$2", "Share of active customers", "'Pyramid'!$A$3:$A$6", "'Pyramid'!$C$3:$C$6",
            tiers.Select(t => NullableDecimal(t[1])).ToList());
        AssertSeries(series[1], "'Pyramid'!$E$2", "Share of revenue", "'Pyramid'!$A$3:$A$6", "'Pyramid'!$E$3:$E$6",
            tiers.Select(t => NullableDecimal(t[2])).ToList());
        var labels = series[0].GetFirstChild<C.CategoryAxisData>()!.StringReference!.StringCache!;
        Assert.Equal(["Top", "Big", "Medium", "Small"], labels.Elements<C.StringPoint>().Select(p => p.NumericValue!.Text));

        // Only these sheets have drawings.
        Assert.Equal(
            ["Pyramid", "RFM segments", "Summary"],
            document.WorkbookPart!.Workbook.Descendants<S.Sheet>()
                .Where(s => ((WorksheetPart)document.WorkbookPart.GetPartById(s.Id!.Value!)).DrawingsPart is not null)
                .Select(s => s.Name!.Value!).Order());
    }

    [Fact]
    public void The_workbook_is_valid_open_xml()
    {
        OpenXmlAssert.Valid(WriteWorkbook());
    }

    [Fact]
    public void A_mid_month_as_of_date_gets_its_own_month_with_notes_for_what_is_missing()
    {
        var asOf = RetentionWorkbookWarehouse.MidMonthAsOf;
        string path = WriteWorkbook(asOf);

        Assert.Equal("retention-2024-05.xlsx", Path.GetFileName(path));
        using (var workbook = new XLWorkbook(path))
        {
            var monthly = workbook.Worksheet("Monthly retention");
            var expected = MonthlyFromMarts(asOf);
            Assert.Equal(5, expected.Count);
            Assert.Equal("A1:K6", monthly.Table("MonthlyRetention").RangeAddress.ToString());
            for (int i = 0; i < expected.Count; i++)
            {
                AssertCell(monthly.Cell(i + 2, 1), expected[i][0]);
                AssertCell(monthly.Cell(i + 2, 2), expected[i][1]);
                AssertCell(monthly.Cell(i + 2, 11), Money(expected[i][10]!));
            }

            var summary = workbook.Worksheet("Summary");
            var may = expected[^1];
            var april = expected[^2];
            AssertCell(summary.Cell("B5"), may[1]);
            AssertCell(summary.Cell("C5"), april[1]);
            AssertCell(summary.Cell("D5"), null);       // 2023-05 is before the series
            AssertCell(summary.Cell("F5"), null);
            AssertCell(summary.Cell("E5"), Convert.ToInt64(may[1], CultureInfo.InvariantCulture) - Convert.ToInt64(april[1], CultureInfo.InvariantCulture));
            AssertCell(summary.Cell("B14"), 0.64234567m); // mart_pareto at 2024-05-15
            AssertCell(summary.Cell("C14"), null);        // none at 2024-04-30
            string notes = string.Join("\n", summary.CellsUsed().Select(c => c.GetString()));
            Assert.Contains("month to date", notes, StringComparison.Ordinal);
            Assert.Contains("2023-05: no figures", notes, StringComparison.Ordinal);
            Assert.Contains("Top 20% revenue share, Apr 2024: not available", notes, StringComparison.Ordinal);
            Assert.Contains("30 Apr 2024", notes, StringComparison.Ordinal);
            Assert.Contains("Top 20% revenue share, May 2023: not available", notes, StringComparison.Ordinal);
            Assert.Contains("31 May 2023", notes, StringComparison.Ordinal);

            Assert.Equal(new DateOnly(2024, 5, 15).ToDateTime(TimeOnly.MinValue), workbook.Worksheet("Run").Cell("B1").GetDateTime());
            Assert.Equal(3, workbook.Worksheet("RFM segments").Table("RfmSegmentSummary").DataRange.RowCount());
            Assert.Equal(1000.00m, workbook.Worksheet("Pyramid").Cell("D3").GetValue<decimal>()); // 999.995 -> 1000.00
        }

        // Fewer than 24 months: the chart takes them all.
        using var document = SpreadsheetDocument.Open(path, isEditable: false);
        var chart = Assert.Single(Worksheet(document, "Summary").DrawingsPart!.ChartParts);
        var formulas = chart.ChartSpace.Descendants<C.LineChartSeries>()
            .Select(s => s.GetFirstChild<C.Values>()!.NumberReference!.Formula!.Text).ToList();
        Assert.Equal(["'Monthly retention'!$H$2:$H$6", "'Monthly retention'!$I$2:$I$6"], formulas);
    }

    [Fact]
    public void A_date_without_the_marts_is_refused_and_writes_nothing()
    {
        var error = Assert.Throws<InvalidOperationException>(() => WriteWorkbook(new DateOnly(2024, 4, 30)));

        Assert.Contains("mart_retention_monthly", error.Message, StringComparison.Ordinal);
        Assert.True(!Directory.Exists(Out) || Directory.GetFiles(Out).Length == 0);
    }

    [Fact]
    public void A_date_missing_one_mart_names_it()
    {
        Db.Execute(_db, $"DELETE FROM mart_pyramid_migration WHERE as_of_date = DATE '{AsOf:yyyy-MM-dd}'");

        var error = Assert.Throws<InvalidOperationException>(() => WriteWorkbook());

        Assert.EndsWith("no rows there in mart_pyramid_migration.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replaces_an_existing_file_and_leaves_no_temp_file()
    {
        Directory.CreateDirectory(Out);
        File.WriteAllText(Path.Combine(Out, "retention-2024-06.xlsx"), "stale");

        string path = WriteWorkbook();

        using var workbook = new XLWorkbook(path);
        Assert.Equal(8, workbook.Worksheets.Count);
        Assert.Equal(["retention-2024-06.xlsx"], Directory.GetFiles(Out).Select(Path.GetFileName));
    }

    private static WorksheetPart Worksheet(SpreadsheetDocument document, string name)
    {
        var workbookPart = document.WorkbookPart!;
        var sheet = workbookPart.Workbook.Descendants<S.Sheet>().Single(s => s.Name == name);
        return (WorksheetPart)workbookPart.GetPartById(sheet.Id!.Value!);
    }

    private static void AssertSeries(DocumentFormat.OpenXml.OpenXmlCompositeElement series, string nameFormula, string name, string categoriesFormula,
        string valuesFormula, IReadOnlyList<decimal?> values)
    {
        var text = series.GetFirstChild<C.SeriesText>()!.StringReference!;
        Assert.Equal(nameFormula, text.Formula!.Text);
        Assert.Equal(name, text.StringCache!.GetFirstChild<C.StringPoint>()!.NumericValue!.Text);

        var categories = series.GetFirstChild<C.CategoryAxisData>()!;
        Assert.Equal(categoriesFormula, (categories.NumberReference?.Formula ?? categories.StringReference!.Formula)!.Text);

        var numbers = series.GetFirstChild<C.Values>()!.NumberReference!;
        Assert.Equal(valuesFormula, numbers.Formula!.Text);
        var cache = numbers.NumberingCache!;
        Assert.Equal((uint)values.Count, cache.PointCount!.Val!.Value);
        var points = cache.Elements<C.NumericPoint>().ToDictionary(p => (int)p.Index!.Value, p => decimal.Parse(p.NumericValue!.Text, CultureInfo.InvariantCulture));
        for (int i = 0; i < values.Count; i++)
        {
            Assert.Equal(values[i], points.TryGetValue(i, out var v) ? v : null);
        }
    }
}
