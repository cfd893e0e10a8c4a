using System.Text;
using Parquet;
using Parquet.Schema;
using Warehouse.Etl.Configuration;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources.Csv;
using Warehouse.Etl.Sources.Flat;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests;

/// <summary>Issue 12, the values: a DECIMAL value with more decimals than its column keeps is
/// quarantined (precision_exceeded), a number or computed amount too large for its column is
/// quarantined (number_out_of_range), integral keys are one key whatever their spelling, offsets
/// are converted to one zone, and orders before the dimensions' first version are quarantined
/// (date_out_of_range). Each file is built here; the figures are worked out by hand.</summary>
public sealed class ValueRuleTests : IDisposable
{
    private const string Header = FlatLines.Header;
    private readonly TempWarehouse _warehouse = new(mirrorToPostgres: true);   // PostgreSQL must hold the same

    public void Dispose() => _warehouse.Dispose();

    private static FlatFileSettings Settings(params string[] extraColumns) => FlatLines.Settings(extraColumns);

    private RunResult Load(string text, FlatFileSettings? settings = null)
    {
        var path = _warehouse.PathOf("lines.csv");
        File.WriteAllText(path, text, new UTF8Encoding(false));
        using var source = new FlatFileSource(path, settings ?? Settings());
        return _warehouse.Run(source, new DateOnly(2024, 12, 31));
    }

    private static (long Read, long Loaded, long Quarantined) Counts(RunResult result, string entity)
    {
        var e = result.Entities.Single(x => x.Entity == entity);
        return (e.RowsRead, e.RowsWritten, e.RowsQuarantined);
    }

    private List<string> Reasons() =>
        _warehouse.Rows("SELECT reason_code, COUNT(*) FROM etl_quarantine GROUP BY reason_code ORDER BY reason_code")
            .Select(r => $"{r[0]}:{r[1]}").ToList();

    private string Message(string reason) => (string)_warehouse.Scalar($"SELECT MIN(message) FROM etl_quarantine WHERE reason_code = '{reason}'")!;

    [Fact]
    public void A_price_with_more_decimals_than_the_column_keeps_is_quarantined_not_truncated()
    {
        var result = Load(string.Join("\n",
            Header,
            "1,2024-03-01 10:00:00,C1,UK,P1,10000,0.1234",       // 10,000 x 0.1234 = 1,234.0000: loads
            "2,2024-03-01 11:00:00,C1,UK,P2,10000,0.123456",     // 6 decimals into DECIMAL(18,4): precision_exceeded
            "3,2024-03-01 12:00:00,C1,UK,P3,1,1.23400000") + "\n");  // trailing zeros do not count: 1.2340 loads

        Assert.Equal((3L, 2L, 1L), Counts(result, "order_lines"));
        Assert.Equal((2L, 2L, 0L), Counts(result, "orders"));
        Assert.Equal(["precision_exceeded:1"], Reasons());
        var message = Message("precision_exceeded");
        Assert.Contains("unit_price", message);
        Assert.Contains("0.123456", message);
        Assert.Contains("keeps 4", message);
        var location = (string)_warehouse.Scalar("SELECT source_location FROM etl_quarantine")!;
        Assert.Contains("lines.csv", location);
        Assert.EndsWith("line 3", location);   // the physical line: the header is line 1
        Assert.Equal(1234.0000m, (decimal)_warehouse.Scalar("SELECT gross_amount FROM fact_order_line WHERE order_id = '1'")!);
        Assert.Equal(1.2340m, (decimal)_warehouse.Scalar("SELECT unit_price FROM fact_order_line WHERE order_id = '3'")!);
    }

    [Fact]
    public void A_number_or_an_amount_too_large_for_its_column_is_quarantined_and_the_rest_loads()
    {
        var result = Load(string.Join("\n",
            Header,
            "1,2024-03-01 10:00:00,C1,UK,P1,1,100000000000000000000",   // 21 integer digits; DECIMAL(18,4) holds 14
            "2,2024-03-01 10:00:00,C1,UK,P1,2000000000,99999.99",       // gross 199,999,980,000,000.00: 15 digits
            "3,2024-03-01 10:00:00,C1,UK,P1,1,1e400",                   // beyond any decimal
            "4,2024-03-01 10:00:00,C1,UK,P1,3000000000,1.00",           // quantity beyond INTEGER
            "5,2024-03-01 10:00:00,C1,UK,P1,2,5.00",                    // loads: 10.00
            "6,2024-03-01 10:00:00,C1,UK,P1,2000000000,10",             // gross 20,000,000,000 fits, net DECIMAL(18,8) holds 10 digits: no
            "7,2024-03-01 10:00:00,C1,UK,P1,1000000,9999.9999") + "\n"); // 9,999,999,900.0000: fits both

        Assert.Equal((7L, 2L, 5L), Counts(result, "order_lines"));
        Assert.Equal((2L, 2L, 0L), Counts(result, "orders"));
        Assert.Equal(["number_out_of_range:5"], Reasons());
        var messages = _warehouse.Rows("SELECT source_location, message FROM etl_quarantine ORDER BY source_location")
            .Select(r => $"{r[0]}: {r[1]}").ToList();
        Assert.All(messages, m => Assert.Contains("lines.csv", m));   // the file and row are in source_location
        messages = messages.Select(m => m[(m.IndexOf("lines.csv", StringComparison.Ordinal))..]).ToList();
        Assert.Equal(5, messages.Count);
        Assert.StartsWith("lines.csv line 2: unit_price 100000000000000000000 is out of range for DECIMAL(18,4)", messages[0]);
        Assert.StartsWith("lines.csv line 3: quantity 2000000000 x unit_price 99999.99 = 199999980000000.00", messages[1]);
        Assert.Contains("fact_order_line.gross_amount DECIMAL(18,4)", messages[1]);
        Assert.StartsWith("lines.csv line 4: unit_price 1e400 is out of range", messages[2]);
        Assert.StartsWith("lines.csv line 5: quantity 3000000000 is out of range for INTEGER", messages[3]);
        Assert.Contains("fact_order_line.net_amount DECIMAL(18,8)", messages[4]);
        Assert.Equal(10.0000m, (decimal)_warehouse.Scalar("SELECT gross_amount FROM fact_order_line WHERE order_id = '5'")!);
        Assert.Equal(9999999900.00000000m, (decimal)_warehouse.Scalar("SELECT net_amount FROM fact_order_line WHERE order_id = '7'")!);
    }

    [Fact]
    public void A_line_whose_cost_or_margin_would_overflow_the_fact_is_quarantined()
    {
        var result = Load(string.Join("\n",
            Header + ",unit_cost",
            "1,2024-03-01 10:00:00,C1,UK,P1,1,2.00,1.00",                // loads: cost 1.0000, margin 1.00000000
            "2,2024-03-01 10:00:00,C1,UK,P2,10,1.00,20000000000000",     // cost 200,000,000,000,000: 15 digits
            "3,2024-03-01 10:00:00,C1,UK,P3,1000000,1.00,99999999") + "\n", Settings("unit_cost")); // cost 99,999,999,000,000 fits; margin -99,999,998,000,000 does not

        Assert.Equal((3L, 1L, 2L), Counts(result, "order_lines"));
        Assert.Equal((3L, 1L, 2L), Counts(result, "orders"));   // orders 2 and 3 lost their only line
        Assert.Equal(["number_out_of_range:2", "order_without_lines:2"], Reasons());
        Assert.Contains("quantity 10 x unit cost 20000000000000", Message("number_out_of_range"));
        Assert.Equal(new object[] { 1.0000m, 1.00000000m },
            _warehouse.Rows("SELECT cost_amount, margin_amount FROM fact_order_line").Single());
    }

    [Fact]
    public void Integral_keys_are_one_key_whatever_their_spelling_and_codes_stay_as_written()
    {
        var settings = Settings();
        settings.Delimiter = ";";
        settings.DecimalSeparator = ",";
        var result = Load(string.Join("\n",
            Header.Replace(',', ';'),
            "1;2024-03-01 10:00:00;17850.0;UK;85123A;1;2,50",
            "2;2024-03-01 11:00:00;17850.00;UK;85123A;1;2,50",
            "3;2024-03-01 12:00:00;17850,0;UK;007;1;2,50",     // a decimal comma: the separator of this file
            "4;2024-03-01 13:00:00;17850;UK;007.0;1;2,50",     // product 007.0 is 007: the leading zeros stay
            "5;2024-03-01 14:00:00;07;UK;85123A;2;1,25") + "\n", settings);   // 07 is a code: not 7

        Assert.Equal((5L, 5L, 0L), Counts(result, "order_lines"));
        Assert.Equal((2L, 2L, 0L), Counts(result, "customers"));
        Assert.Equal((2L, 2L, 0L), Counts(result, "products"));
        Assert.Empty(Reasons());
        Assert.Equal(new[] { "07", "17850" }, _warehouse.Rows("SELECT customer_id FROM dim_customer ORDER BY customer_id").Select(r => (string)r[0]!));
        Assert.Equal(new[] { "007", "85123A" }, _warehouse.Rows("SELECT product_id FROM dim_product ORDER BY product_id").Select(r => (string)r[0]!));
        // Customer 17850's four orders of 1 x 2.50 are one customer's 10.00.
        Assert.Equal(10.00m, (decimal)_warehouse.Scalar("""
            SELECT SUM(f.net_amount) FROM fact_order_line f JOIN dim_customer c ON c.customer_key = f.customer_key WHERE c.customer_id = '17850'
            """)!);
    }

    [Fact]
    public void A_key_with_a_comma_fraction_stays_as_written_when_the_decimal_separator_is_a_point()
    {
        var settings = Settings();
        settings.Delimiter = ";";
        var result = Load(string.Join("\n",
            Header.Replace(',', ';'),
            "1;2024-03-01 10:00:00;17850.0;UK;P1;1;2.50",
            "2;2024-03-01 11:00:00;17850,0;UK;P1;1;2.50") + "\n", settings);

        Assert.Equal((2L, 2L, 0L), Counts(result, "customers"));
        Assert.Equal(new[] { "17850", "17850,0" }, _warehouse.Rows("SELECT customer_id FROM dim_customer ORDER BY customer_id").Select(r => (string)r[0]!));
    }

    private List<string> Messages() =>
        _warehouse.Rows("SELECT message FROM etl_quarantine WHERE reason_code NOT IN ('order_without_lines') ORDER BY source_location")
            .Select(r => (string)r[0]!).ToList();

    [Fact]
    public void With_a_decimal_comma_a_price_holding_a_point_is_quarantined_never_read_as_a_fraction()
    {
        var settings = Settings();
        settings.Delimiter = ";";
        settings.DecimalSeparator = ",";
        var result = Load(string.Join("\n",
            Header.Replace(',', ';'),
            "1;2024-03-01 10:00:00;C1;UK;P1;2;2,55",          // 5.10
            "1;2024-03-01 10:00:00;C1;UK;P2;1;1.234",         // German for 1234: not 1.234, quarantined
            "1;2024-03-01 10:00:00;C1;UK;P3;1;1.234,50",      // a thousands point: quarantined
            "2;2024-03-01 11:00:00;C1;UK;P4;1;1234,50",       // 1,234.50
            "2;2024-03-01 11:00:00;C1;UK;P5;6,0;1,5e1") + "\n", settings);   // 6 x 15 = 90.00

        Assert.Equal((5L, 3L, 2L), Counts(result, "order_lines"));
        Assert.Equal((2L, 2L, 0L), Counts(result, "orders"));
        Assert.Equal(["unparsable_number:2"], Reasons());
        var messages = Messages();
        Assert.StartsWith("unit_price '1.234' has a '.' but Source:Flat:DecimalSeparator is ','", messages[0]);
        Assert.StartsWith("unit_price '1.234,50' has a '.'", messages[1]);
        Assert.All(messages, m => Assert.Contains("thousands separators are not accepted", m));
        Assert.Equal(new object[] { 2.5500m, 1234.5000m, 15.0000m },
            _warehouse.Rows("SELECT unit_price FROM fact_order_line ORDER BY order_id, line_number").Select(r => r[0]!).ToArray());
        Assert.Equal(1329.60m, (decimal)_warehouse.Scalar("SELECT SUM(gross_amount) FROM fact_order_line")!);
    }

    [Fact]
    public void A_quantity_written_as_an_integral_decimal_is_that_whole_number_and_a_fraction_is_quarantined()
    {
        var result = Load(string.Join("\n",
            Header,
            "1,2024-03-01 10:00:00,17850.0,UK,P1,6.0,2.00",        // 6 x 2.00 = 12.00
            "1,2024-03-01 10:00:00,17850,UK,P2,6.00,1.00",         // 6 x 1.00 = 6.00
            "1,2024-03-01 10:00:00,17850,UK,P3,6.5,1.00",          // not a whole number: quarantined, not rounded
            "1,2024-03-01 10:00:00,17850,UK,P4,3000000000.0,1.00", // beyond INTEGER
            "1,2024-03-01 10:00:00,17850,UK,P5,1e1,1.00") + "\n"); // 10 x 1.00 = 10.00

        Assert.Equal((5L, 3L, 2L), Counts(result, "order_lines"));
        Assert.Equal((1L, 1L, 0L), Counts(result, "customers"));
        Assert.Equal(["number_out_of_range:1", "unparsable_number:1"], Reasons());
        Assert.Equal("quantity '6.5' is not a whole number", Message("unparsable_number"));
        Assert.StartsWith("quantity 3000000000.0 is out of range for INTEGER", Message("number_out_of_range"));
        Assert.Equal(new object[] { 6, 6, 10 },
            _warehouse.Rows("SELECT quantity FROM fact_order_line ORDER BY line_number").Select(r => System.Convert.ToInt32(r[0], System.Globalization.CultureInfo.InvariantCulture)).Cast<object>().ToArray());
        Assert.Equal(28.00m, (decimal)_warehouse.Scalar("SELECT SUM(gross_amount) FROM fact_order_line")!);
    }

    [Fact]
    public void A_price_longer_than_a_decimal_holds_is_judged_by_its_digits_and_never_rounded()
    {
        var result = Load(string.Join("\n",
            Header,
            "1,2024-03-01 10:00:00,C1,UK,P1,1,1.2300000000000000000000000000000",   // 31 decimals, 29 of them zeros: 1.2300
            "1,2024-03-01 10:00:00,C1,UK,P2,1,1.00000000000000000000000000001",     // 29 decimals: .NET would round it to 1
            "1,2024-03-01 10:00:00,C1,UK,P3,2,000000000000000000000000000000002.50", // leading zeros: 2 x 2.50 = 5.00
            "1,2024-03-01 10:00:00,C1,UK,P4,1,100000000000000000000000000000000") + "\n"); // 33 integer digits

        Assert.Equal((4L, 2L, 2L), Counts(result, "order_lines"));
        Assert.Equal(["number_out_of_range:1", "precision_exceeded:1"], Reasons());
        Assert.Contains("has 29 decimals but the column keeps 4", Message("precision_exceeded"));
        Assert.Contains("at most 14 digits before the decimal point", Message("number_out_of_range"));
        Assert.Equal(new object[] { 1.2300m, 2.5000m },
            _warehouse.Rows("SELECT unit_price FROM fact_order_line ORDER BY line_number").Select(r => r[0]!).ToArray());
        Assert.Equal(6.23m, (decimal)_warehouse.Scalar("SELECT SUM(gross_amount) FROM fact_order_line")!);
    }

    [Fact]
    public void Spellings_that_are_not_plain_numbers_are_quarantined_with_what_is_wrong()
    {
        var result = Load(string.Join("\n",
            Header + ",discount_rate",
            "1,2024-03-01 10:00:00,C1,UK,P1,2,+2.55,0",          // a plus sign is the same number: 5.10
            "1,2024-03-01 10:00:00,C1,UK,P2,1,1 234,0",          // a space as thousands separator
            "1,2024-03-01 10:00:00,C1,UK,P3,1,\u00a32.55,0",     // a currency symbol
            "1,2024-03-01 10:00:00,C1,UK,P4,1,(5.00),0",         // an accounting negative
            "1,2024-03-01 10:00:00,C1,UK,P5,\u0663,1.00,0",      // an Arabic-Indic three
            "1,2024-03-01 10:00:00,C1,UK,P6,1,2.00,10%",         // a percentage
            "1,2024-03-01 10:00:00,C1,UK,P7,1,2.00,0.10") + "\n", Settings("discount_rate"));   // 2.00 less 10% = 1.80

        Assert.Equal((7L, 2L, 5L), Counts(result, "order_lines"));
        Assert.Equal(["unparsable_number:5"], Reasons());
        Assert.Equal(
            [
                "unit_price '1 234' has a space inside: thousands separators are not accepted",
                "unit_price '\u00a32.55' has a currency symbol: write the number alone",
                "unit_price '(5.00)' is an accounting negative in parentheses: write it with a minus sign (-5.00)",
                "quantity '\u0663' has digits other than 0-9",
                "discount_rate '10%' is a percentage: write it as a fraction (10% is 0.10)",
            ], Messages());
        Assert.Equal(new object[] { 5.10000000m, 1.80000000m },
            _warehouse.Rows("SELECT net_amount FROM fact_order_line ORDER BY line_number").Select(r => r[0]!).ToArray());
    }

    private static readonly string[] OffsetFormats = ["yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-dd HH:mm:ss"];

    [Theory]
    [InlineData(null, "08:28", "08:28", "08:28")]
    [InlineData("UTC", "08:28", "08:28", "08:28")]
    [InlineData("Asia/Tokyo", "17:28", "17:28", "17:28")]
    [InlineData("America/New_York", "03:28", "03:28", "03:28")]
    public void A_timestamp_with_an_offset_is_stored_in_the_configured_zone_and_one_without_as_written(
        string? zone, string fromZ, string fromTokyo, string fromNewYork)
    {
        var settings = Settings();
        settings.TimestampFormats = OffsetFormats;
        if (zone is not null) settings.TimeZone = zone;
        var result = Load(string.Join("\n",
            Header,
            "1,2010-12-01T08:28:00Z,C1,UK,P1,1,1.00",
            "2,2010-12-01T17:28:00+09:00,C1,UK,P1,1,1.00",
            "3,2010-12-01T03:28:00-05:00,C1,UK,P1,1,1.00",
            "4,2010-12-01 08:28:00,C1,UK,P1,1,1.00") + "\n", settings);   // no offset: the source's wall clock

        Assert.Equal((4L, 4L, 0L), Counts(result, "order_lines"));
        Assert.Equal(new[] { $"1 2010-12-01 {fromZ}", $"2 2010-12-01 {fromTokyo}", $"3 2010-12-01 {fromNewYork}", "4 2010-12-01 08:28" },
            _warehouse.Rows("SELECT order_id, strftime(order_ts, '%Y-%m-%d %H:%M') FROM fact_order ORDER BY order_id").Select(r => $"{r[0]} {r[1]}"));
    }

    [Fact]
    public void An_unknown_time_zone_is_a_configuration_error_naming_the_setting()
    {
        var settings = Settings();
        settings.TimeZone = "Mars/Olympus";
        var error = Assert.Throws<SettingsException>(() => new FlatFileSource(_warehouse.PathOf("none.csv"), settings));
        Assert.Equal("Source:Flat:TimeZone 'Mars/Olympus' is not a time zone this machine knows; use an IANA id such as UTC, Europe/London or Asia/Tokyo.", error.Message);
    }

    [Fact]
    public void An_order_dated_before_1900_is_quarantined_as_date_out_of_range_and_the_rest_loads()
    {
        var result = Load(string.Join("\n",
            Header,
            "1,2010-12-01 08:26:00,C1,UK,P1,2,2.50",
            "2,1899-12-31 23:59:59,C1,UK,P1,1,1.00",    // the day before dimension versions start
            "3,1900-01-01 00:00:00,C2,UK,P1,1,3.00",    // the first day: loads
            "4,2011-01-05 10:00:00,C2,UK,P1,1,4.00") + "\n");

        Assert.Equal((4L, 3L, 1L), Counts(result, "orders"));
        Assert.Equal((4L, 3L, 1L), Counts(result, "order_lines"));   // order 2's line: order_quarantined
        Assert.Equal(["date_out_of_range:1", "order_quarantined:1"], Reasons());
        Assert.Equal("the order is dated 1899-12-31 23:59:59, before 1900-01-01, the earliest date the warehouse holds (dimension versions start then)",
            Message("date_out_of_range"));
        Assert.Equal("order_id=2", _warehouse.Scalar("SELECT source_location FROM etl_quarantine WHERE reason_code = 'date_out_of_range'"));
        Assert.Equal(5.00m + 3.00m + 4.00m, (decimal)_warehouse.Scalar("SELECT SUM(net_amount) FROM fact_order_line")!);
    }

    [Fact]
    public void A_reconciliation_failure_names_the_rows_it_cannot_account_for()
    {
        Load(string.Join("\n", Header, "1,2024-03-01 10:00:00,C1,UK,P1,1,1.00") + "\n");
        // A damaged warehouse: customer C1's only version now starts in 2030, so no later order
        // of C1 finds a version and none of them loads (nor is quarantined).
        using (var command = _warehouse.Connection.CreateCommand())
        {
            command.CommandText = "UPDATE dim_customer SET valid_from = TIMESTAMP '2030-01-01 00:00:00' WHERE customer_id = 'C1'";
            command.ExecuteNonQuery();
        }
        File.WriteAllText(_warehouse.PathOf("more.csv"), string.Join("\n", Header,
            "7,2024-04-01 10:00:00,C1,UK,P1,1,1.00", "8,2024-04-02 10:00:00,C1,UK,P1,1,1.00") + "\n");
        using var source = new FlatFileSource(_warehouse.PathOf("more.csv"), Settings());

        var error = Assert.ThrowsAny<Exception>(() => _warehouse.Run(source, new DateOnly(2024, 12, 31)));

        Assert.Contains("2 rows read but 0 loaded and 0 quarantined; not in ", error.ToString());
        Assert.Contains("order_id=7, order_id=8", error.ToString());
        Assert.DoesNotContain("duplicate keys", error.ToString());
    }

    [Theory]
    [InlineData(null, "08:28")]
    [InlineData("Asia/Tokyo", "17:28")]
    public async Task A_parquet_timestamp_adjusted_to_utc_is_stored_in_the_configured_zone_and_its_decimals_are_checked(string? zone, string expected)
    {
        DataField[] fields =
        [
            new DataField("order_id", typeof(string), isNullable: true),
            new DateTimeDataField("order_ts", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: true),
            new DataField("customer_id", typeof(string), isNullable: true),
            new DataField("country", typeof(string), isNullable: true),
            new DataField("product_id", typeof(string), isNullable: true),
            new DataField("quantity", typeof(int), isNullable: false),
            new DecimalDataField("unit_price", 20, 6, isNullable: true),
        ];
        var path = _warehouse.PathOf("lines.parquet");
        await using (var stream = File.Create(path))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(fields[0], new[] { "1", "2" });
            await group.WriteAsync<DateTime>(fields[1], new DateTime?[] { new DateTime(2010, 12, 1, 8, 28, 0, DateTimeKind.Utc), new DateTime(2010, 12, 1, 9, 0, 0, DateTimeKind.Utc) });
            await group.WriteAsync(fields[2], new[] { "C1", "C1" });
            await group.WriteAsync(fields[3], new[] { "UK", "UK" });
            await group.WriteAsync(fields[4], new[] { "P1", "P1" });
            await group.WriteAsync<int>(fields[5], new[] { 10000, 10000 });
            await group.WriteAsync<decimal>(fields[6], new decimal?[] { 0.123400m, 0.123456m });   // the second has 6 decimals
        }
        var settings = Settings();
        if (zone is not null) settings.TimeZone = zone;
        using var source = new FlatFileSource(path, settings);
        var result = _warehouse.Run(source, new DateOnly(2024, 12, 31));

        Assert.Equal((2L, 1L, 1L), Counts(result, "order_lines"));
        Assert.Equal(["precision_exceeded:1"], Reasons());
        Assert.Equal($"2010-12-01 {expected}", _warehouse.Scalar("SELECT strftime(order_ts, '%Y-%m-%d %H:%M') FROM fact_order WHERE order_id = '1'"));
        Assert.Equal(1234.0000m, (decimal)_warehouse.Scalar("SELECT gross_amount FROM fact_order_line")!);
    }

    [Fact]
    public void A_database_extract_gets_the_same_rules_an_order_before_1900_a_price_too_precise_and_an_amount_too_large()
    {
        var folder = Directory.CreateDirectory(_warehouse.PathOf("csv")).FullName;
        void Write(string file, params string[] lines) => File.WriteAllText(Path.Combine(folder, file), string.Join("\n", lines) + "\n");
        Write("customers.csv", "customer_id,name,email,country,city,signup_date,acquisition_channel,acquisition_cost,referred_by,updated_at",
            "C1,Ann,ann@example.com,UK,London,2010-01-01,search,1.00,,2010-01-01 00:00:00");
        Write("products.csv", "product_id,name,category,unit_cost,list_price,updated_at", "P1,Mug,Home,0.50,2.50,2010-01-01 00:00:00");
        Write("campaigns.csv", "campaign_id,name,channel,start_date,end_date,cost,updated_at");
        Write("orders.csv", "order_id,customer_id,order_ts,sales_channel,campaign_id,status,updated_at",
            "O1,C1,2010-12-01 08:26:00,web,,completed,2010-12-01 08:26:00",
            "O2,C1,1899-06-30 12:00:00,web,,completed,1899-06-30 12:00:00",       // before 1900-01-01: date_out_of_range
            "O3,C1,2011-01-05 10:00:00,web,,completed,2011-01-05 10:00:00",       // both its lines are quarantined
            "O4,C1,2011-01-06 10:00:00,web,,completed,2011-01-06 10:00:00");
        Write("order_lines.csv", "order_id,line_number,product_id,quantity,unit_price,discount_rate,updated_at",
            "O1,1,P1,2,2.50,0,2010-12-01 08:26:00",
            "O2,1,P1,1,1.00,0,1899-06-30 12:00:00",                               // its order was quarantined
            "O3,1,P1,2000000000,99999.99,0,2011-01-05 10:00:00",                  // gross 199,999,980,000,000: number_out_of_range
            "O3,2,P1,1,0.123456,0,2011-01-05 10:00:00",                           // precision_exceeded
            "O4,1,P1,3,1.50,0.1,2011-01-06 10:00:00");                            // 3 x 1.50 x 0.9 = 4.05

        using (var source = new CsvFolderSource(folder))
        {
            var result = _warehouse.Run(source, new DateOnly(2024, 12, 31));
            Assert.Equal((4L, 2L, 2L), Counts(result, "orders"));
            Assert.Equal((5L, 2L, 3L), Counts(result, "order_lines"));
        }
        Assert.Equal(["date_out_of_range:1", "number_out_of_range:1", "order_quarantined:1", "order_without_lines:1", "precision_exceeded:1"], Reasons());
        Assert.Equal(new object[] { "O1", 5.00000000m, 1.0000m }, _warehouse.Rows("SELECT order_id, net_amount, cost_amount FROM fact_order_line ORDER BY order_id")[0]);
        Assert.Equal(new object[] { "O4", 4.05000000m, 1.5000m }, _warehouse.Rows("SELECT order_id, net_amount, cost_amount FROM fact_order_line ORDER BY order_id")[1]);
    }
}
