using System.Diagnostics;
using DuckDB.NET.Data;
using Parquet;
using Parquet.Schema;
using Warehouse.Etl.Configuration;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources.Flat;
using Warehouse.Tests.Fixtures;
using Xunit.Abstractions;

namespace Warehouse.Tests;

/// <summary>The flat source reads Parquet files as well as CSV: the same columns, mapping (by the
/// Parquet column names) and value semantics, streamed one row group at a time.</summary>
public sealed class ParquetSourceTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempWarehouse _warehouse = new();

    public void Dispose() => _warehouse.Dispose();

    [SharedDataFact("online-retail.csv.gz")]
    public async Task Online_Retail_converted_to_Parquet_by_DuckDB_loads_exactly_as_the_CSV()
    {
        var csv = SharedData.File("online-retail.csv.gz");
        var settings = SettingsLoader.Load(Path.Combine(SharedData.RepositoryRoot(), "etl", "samples", "online-retail.json")).Source.Flat;
        var parquet = _warehouse.PathOf("online-retail.parquet");
        var clock = Stopwatch.StartNew();
        using (var duck = new DuckDBConnection("DataSource=:memory:"))
        {
            duck.Open();
            // The columns as DuckDB infers them from the CSV, kept as they are: the reader has to take a
            // TIMESTAMP order_ts, DOUBLE prices and customer ids (17850.0) and BIGINT quantities.
            Assert.Equal(
                ["InvoiceNo:VARCHAR", "StockCode:VARCHAR", "Description:VARCHAR", "Quantity:BIGINT", "InvoiceDate:TIMESTAMP",
                 "UnitPrice:DOUBLE", "CustomerID:DOUBLE", "Country:VARCHAR"],
                TempWarehouse.Rows(duck, $"DESCRIBE SELECT * FROM read_csv('{csv}', header = true)").Select(r => $"{r[0]}:{r[1]}"));
            using var copy = duck.CreateCommand();
            copy.CommandText = $"COPY (SELECT * FROM read_csv('{csv}', header = true)) TO '{parquet}' (FORMAT parquet)";
            copy.ExecuteNonQuery();
        }
        var converted = clock.Elapsed;
        await using (var file = await ParquetReader.CreateAsync(parquet))
            Assert.True(file.RowGroupCount > 1, "the reader is to stream several row groups");   // DuckDB writes ~123k rows a group

        // The sample configuration as it is: the Parquet columns have the CSV's header names. Only
        // the loads are compared (OnlineRetailLoadTests builds the marts): one cheap mart is built.
        var marts = new MartOptions { Enabled = ["crr"] };
        clock.Restart();
        using var csvWarehouse = new TempWarehouse();
        RunResult fromCsv;
        using (var source = new FlatFileSource(csv, settings)) fromCsv = csvWarehouse.Run(source, marts: marts);
        var csvLoad = clock.Elapsed;
        clock.Restart();
        RunResult fromParquet;
        using (var source = new FlatFileSource(parquet, settings)) fromParquet = _warehouse.Run(source, marts: marts);
        var parquetLoad = clock.Elapsed;
        output.WriteLine($"DuckDB conversion {converted.TotalSeconds:0.0} s ({new FileInfo(parquet).Length:N0} bytes), CSV load {csvLoad.TotalSeconds:0.0} s, Parquet load {parquetLoad.TotalSeconds:0.0} s");

        var csvLines = fromCsv.Entities.Single(e => e.Entity == "order_lines");
        var parquetLines = fromParquet.Entities.Single(e => e.Entity == "order_lines");
        Assert.Equal((541_909L, 406_829L, 135_080L), (parquetLines.RowsRead, parquetLines.RowsWritten, parquetLines.RowsQuarantined));
        Assert.Equal((csvLines.RowsRead, csvLines.RowsWritten, csvLines.RowsQuarantined), (parquetLines.RowsRead, parquetLines.RowsWritten, parquetLines.RowsQuarantined));
        const string Figures = """
            SELECT (SELECT COUNT(*) FROM etl_quarantine WHERE reason_code = 'missing_customer'),
                   (SELECT COUNT(*) FROM dim_customer),
                   (SELECT COUNT(*) FROM fact_order),
                   (SELECT COUNT(*) FROM fact_order_line),
                   (SELECT COUNT(*) FROM fact_order_line WHERE order_status = 'cancelled'),
                   (SELECT SUM(net_amount) FROM fact_order_line),
                   (SELECT MIN(order_ts) FROM fact_order_line),
                   (SELECT MAX(order_ts) FROM fact_order_line)
            """;
        var expected = csvWarehouse.Rows(Figures).Single();
        var actual = _warehouse.Rows(Figures).Single();
        output.WriteLine($"CSV:     {string.Join(", ", expected)}");
        output.WriteLine($"Parquet: {string.Join(", ", actual)}");
        Assert.Equal(new object?[] { 135_080L, 4_372L, 22_190L, 406_829L }, actual[..4]);
        Assert.Equal(expected, actual);
        // Customer ids stored as DOUBLE read as the CSV's keys ("17850", not "17850.0").
        Assert.Equal("17850", _warehouse.Scalar("SELECT customer_id FROM dim_customer WHERE customer_id LIKE '1785%' ORDER BY customer_id LIMIT 1"));
        // Line by line too: the CSV load's warehouse, attached, has the same lines with the same values.
        csvWarehouse.Connection.Close();
        Execute($"ATTACH '{csvWarehouse.PathOf("warehouse.duckdb")}' AS csv_load (READ_ONLY)");
        static string Lines(string db) => $"""
            SELECT l.order_id, l.line_number, l.order_ts, l.quantity, l.unit_price, l.net_amount, l.order_status, c.customer_id, c.country, p.product_id
            FROM {db}fact_order_line l JOIN {db}dim_customer c ON c.customer_key = l.customer_key JOIN {db}dim_product p ON p.product_key = l.product_key
            """;
        Assert.Equal(0L, _warehouse.Scalar($"SELECT COUNT(*) FROM ({Lines("csv_load.")} EXCEPT ALL {Lines("")})"));
        Assert.Equal(0L, _warehouse.Scalar($"SELECT COUNT(*) FROM ({Lines("")} EXCEPT ALL {Lines("csv_load.")})"));
        Execute("DETACH csv_load");
    }

    private static readonly DataField[] Fields =
    [
        new DataField("OrderNo", typeof(string), isNullable: true),
        new DateTimeDataField("Placed", DateTimeFormat.Timestamp, isAdjustedToUTC: false, unit: DateTimeTimeUnit.Micros, isNullable: true),
        new DataField("PlacedText", typeof(string), isNullable: true),
        new DataField("Customer", typeof(long), isNullable: true),
        new DataField("Country", typeof(string), isNullable: true),
        new DataField("Sku", typeof(string), isNullable: true),
        new DataField("Qty", typeof(int), isNullable: false),
        new DecimalDataField("Price", 9, 2, isNullable: true),
        new DataField("Discount", typeof(double), isNullable: true),
    ];

    /// <summary>Five order lines: order A1 of two lines, A2 without a customer, A3, and A4 without a
    /// timestamp (its text one is not a date).</summary>
    private async Task<string> WriteLinesAsync(string name = "lines.parquet")
    {
        var path = _warehouse.PathOf(name);
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(Fields), stream);
        using var group = writer.CreateRowGroup();
        await group.WriteAsync(Fields[0], new[] { "A1", "A1", "A2", "A3", "A4" });
        await group.WriteAsync<DateTime>(Fields[1], new DateTime?[]
        {
            new(2024, 3, 1, 10, 0, 0), new(2024, 3, 1, 10, 0, 0), new(2024, 3, 2, 11, 30, 15), new(2024, 3, 3, 9, 0, 0), null,
        });
        await group.WriteAsync(Fields[2], new[] { "01/03/2024 10:00:00", "01/03/2024 10:00:00", "02/03/2024 11:30:15", " 03/03/2024 09:00:00 ", "not a date" });
        await group.WriteAsync<long>(Fields[3], new long?[] { 17850, 17850, null, 12345, 12345 });
        await group.WriteAsync(Fields[4], new[] { " UK ", "UK", "FR", "DE", "DE" });
        await group.WriteAsync(Fields[5], new[] { "P1", "P2", "P1", "P3", "P1" });
        await group.WriteAsync<int>(Fields[6], new[] { 2, 1, 1, 3, 1 });
        await group.WriteAsync<decimal>(Fields[7], new decimal?[] { 2.55m, 10.00m, 1.23m, 0.10m, 5.00m });
        await group.WriteAsync<double>(Fields[8], new double?[] { 0.1, null, null, 0.25, null });
        return path;
    }

    private static FlatFileSettings Settings(string orderTs = "Placed") => new()
    {
        TimestampFormats = ["dd/MM/yyyy HH:mm:ss"],
        Columns = new(StringComparer.OrdinalIgnoreCase)
        {
            // The Parquet names, in any case.
            ["order_id"] = "orderno", ["order_ts"] = orderTs, ["customer_id"] = "CUSTOMER", ["country"] = "Country",
            ["product_id"] = "sku", ["quantity"] = "Qty", ["unit_price"] = "Price", ["discount_rate"] = "Discount",
        },
    };

    private RunResult Load(string pathOrGlob, FlatFileSettings settings, TempWarehouse? warehouse = null)
    {
        using var source = new FlatFileSource(pathOrGlob, settings);
        return (warehouse ?? _warehouse).Run(source, new DateOnly(2024, 12, 31));
    }

    private static List<string> OrderLines(TempWarehouse warehouse) => warehouse.Rows("""
        SELECT l.order_id, l.line_number, l.order_ts, c.customer_id, c.country, p.product_id, l.quantity, l.unit_price, l.discount_rate, l.net_amount
        FROM fact_order_line l JOIN dim_customer c ON c.customer_key = l.customer_key JOIN dim_product p ON p.product_key = l.product_key
        ORDER BY l.order_id, l.line_number
        """).Select(r => string.Join('|', r.Select(v => v switch
        {
            DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
            decimal m => m.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
        }))).ToList();

    [Fact]
    public async Task A_hand_made_Parquet_file_loads_with_its_typed_values_exactly()
    {
        var result = Load(await WriteLinesAsync(), Settings());

        var lines = result.Entities.Single(e => e.Entity == "order_lines");
        Assert.Equal((5L, 3L, 2L), (lines.RowsRead, lines.RowsWritten, lines.RowsQuarantined));
        // A timestamp column gives order_ts as written; DECIMAL(9,2) 2.55 arrives as 2.55 and the
        // double discount 0.1 as 0.1: 2 x 2.55 x 0.9 = 4.59 exactly. Text is trimmed (" UK ").
        Assert.Equal(new[]
        {
            "A1|1|2024-03-01 10:00:00|17850|UK|P1|2|2.5500|0.1000|4.59000000",
            "A1|2|2024-03-01 10:00:00|17850|UK|P2|1|10.0000|0.0000|10.00000000",
            "A3|1|2024-03-03 09:00:00|12345|DE|P3|3|0.1000|0.2500|0.22500000",
        }, OrderLines(_warehouse));
        // A2 has no customer; A4 no order_ts: quarantined, A4 with the row's mapped values in the file's order.
        Assert.Equal(new[] { "missing_customer|", "missing_value|lines.parquet: A4,,12345,DE,P1,1,5.00," },
            _warehouse.Rows("SELECT reason_code, CASE WHEN reason_code = 'missing_value' THEN raw_row ELSE '' END FROM etl_quarantine ORDER BY reason_code")
                .Select(r => $"{r[0]}|{r[1]}"));
        Assert.Equal(new[] { "12345|DE", "17850|UK" },
            _warehouse.Rows("SELECT customer_id, country FROM dim_customer ORDER BY customer_id").Select(r => $"{r[0]}|{r[1]}"));
    }

    [Fact]
    public async Task A_text_order_ts_column_is_parsed_with_the_timestamp_formats()
    {
        var file = await WriteLinesAsync();
        var result = Load(file, Settings("placedtext"));

        var lines = result.Entities.Single(e => e.Entity == "order_lines");
        Assert.Equal((5L, 3L, 2L), (lines.RowsRead, lines.RowsWritten, lines.RowsQuarantined));
        using var fromTimestamps = new TempWarehouse();
        Load(file, Settings(), fromTimestamps);
        Assert.Equal(OrderLines(fromTimestamps), OrderLines(_warehouse));
        Assert.Equal("lines.parquet: A4,not a date,12345,DE,P1,1,5.00,",
            _warehouse.Scalar("SELECT raw_row FROM etl_quarantine WHERE reason_code = 'unparsable_date'"));
    }

    [Fact]
    public async Task Row_numbers_and_constants_apply_to_Parquet_rows_as_to_CSV_rows()
    {
        var settings = Settings();
        settings.Columns["order_id"] = "#row";
        settings.Columns.Remove("quantity");
        settings.Constants["quantity"] = "1";
        settings.Constants["category"] = "Gifts";
        Load(await WriteLinesAsync(), settings);

        // Rows 1, 2 and 4 load (3 has no customer, 5 no order_ts); each row is an order of one item.
        Assert.Equal(new[] { "1|2.5500", "2|10.0000", "4|0.1000" },
            _warehouse.Rows("SELECT order_id, gross_amount FROM fact_order_line ORDER BY order_id").Select(r => $"{r[0]}|{r[1]}"));
        Assert.Equal(new[] { "Gifts" }, _warehouse.Rows("SELECT DISTINCT category FROM dim_product").Select(r => (string)r[0]!));
    }

    [Theory]
    [InlineData("mixed", "mix Parquet (lines.parquet) and CSV (lines.csv)")]
    [InlineData("not-parquet", "'orders.parquet' is not a Parquet file")]
    [InlineData("empty", "'empty.parquet' is empty")]
    [InlineData("corrupt", "'corrupt.parquet' is not a readable Parquet file")]
    [InlineData("other-columns", "'lines.parquet' has no column 'InvoiceNo' (mapped to order_id); its columns are: OrderNo, Placed, PlacedText, Customer, Country, Sku, Qty, Price, Discount.")]
    public async Task A_file_the_Parquet_reader_cannot_take_is_rejected_with_a_clear_message(string kind, string expected)
    {
        var settings = Settings();
        string path;
        switch (kind)
        {
            case "mixed":
                await WriteLinesAsync();
                File.WriteAllText(_warehouse.PathOf("lines.csv"), "orderno,Placed,CUSTOMER,Country,sku,Qty,Price,Discount\n");
                path = Path.Combine(_warehouse.Folder, "lines.*");
                break;
            case "not-parquet":
                path = _warehouse.PathOf("orders.parquet");
                File.WriteAllText(path, "orderno,Placed,CUSTOMER,Country,sku,Qty,Price,Discount\nA1,2024-03-01 10:00:00,1,UK,P1,1,1.00,0\n");
                break;
            case "empty":
                path = _warehouse.PathOf("empty.parquet");
                File.WriteAllBytes(path, []);
                break;
            case "corrupt":
                // The magic bytes at both ends, and no valid footer between them.
                path = _warehouse.PathOf("corrupt.parquet");
                File.WriteAllBytes(path, [.. "PAR1"u8, .. Enumerable.Range(0, 200).Select(i => (byte)(i * 37)), .. "PAR1"u8]);
                break;
            default:
                path = await WriteLinesAsync();
                settings.Columns["order_id"] = "InvoiceNo";
                break;
        }
        var e = Assert.Throws<JobFailedException>(() => Load(path, settings));
        output.WriteLine(e.Message);
        Assert.Contains(expected, e.Message);
        Assert.Equal(0L, _warehouse.Scalar("SELECT COUNT(*) FROM fact_order_line"));
    }

    private void Execute(string sql)
    {
        using var command = _warehouse.Connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
