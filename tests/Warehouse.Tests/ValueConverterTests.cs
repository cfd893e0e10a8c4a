using Warehouse.Etl.Staging;

namespace Warehouse.Tests;

/// <summary>The edges of the precision and range rules of <see cref="ValueConverter"/> for a
/// DECIMAL(18,4) column (14 digits before the point, 4 after) and the integer types.</summary>
public sealed class ValueConverterTests
{
    private static readonly StagingColumn Price = new("unit_price", StagingType.Decimal, Required: true, Precision: 18, Scale: 4);
    private static readonly StagingColumn Quantity = new("quantity", StagingType.Integer, Required: true);
    private static readonly StagingColumn Row = new("source_row", StagingType.BigInt, Required: true);

    private static string Reason(object value, StagingColumn column) =>
        Assert.Throws<RejectedValue>(() => ValueConverter.Convert(value, column)).ReasonCode;

    [Theory]
    [InlineData("99999999999999.9999", "99999999999999.9999")]   // exactly 14 integer digits fit
    [InlineData("-99999999999999", "-99999999999999")]
    [InlineData("1.23400000", "1.23400000")]                     // trailing zeros do not count
    [InlineData("1E+3", "1000")]
    [InlineData("0.0001", "0.0001")]
    [InlineData("-0.00010", "-0.00010")]
    public void A_value_that_fits_is_kept_exactly(string text, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture),
            (decimal)ValueConverter.Convert(text, Price)!);

    [Theory]
    [InlineData("100000000000000", "number_out_of_range")]        // 15 integer digits
    [InlineData("-100000000000000.5", "number_out_of_range")]
    [InlineData("100000000000000000000", "number_out_of_range")]
    [InlineData("1e400", "number_out_of_range")]                  // beyond any decimal
    [InlineData("1E+15", "number_out_of_range")]
    [InlineData("0.123456", "precision_exceeded")]
    [InlineData("-0.00001", "precision_exceeded")]
    [InlineData("1e-400", "precision_exceeded")]                  // parses as 0: its digit would be lost
    [InlineData("12,5", "unparsable_number")]
    public void A_value_that_does_not_fit_is_rejected_with_its_reason(string text, string reason) =>
        Assert.Equal(reason, Reason(text, Price));

    [Fact]
    public void The_messages_name_the_column_the_value_and_the_limit()
    {
        Assert.Equal("unit_price 0.123456 has 6 decimals but the column keeps 4 (DECIMAL(18,4)); the value is not rounded",
            Assert.Throws<RejectedValue>(() => ValueConverter.Convert("0.123456", Price)).Message);
        Assert.Equal("unit_price 100000000000000 is out of range for DECIMAL(18,4): at most 14 digits before the decimal point",
            Assert.Throws<RejectedValue>(() => ValueConverter.Convert("100000000000000", Price)).Message);
    }

    [Fact]
    public void A_double_from_a_database_is_its_15_significant_digits_and_must_fit_range_and_scale()
    {
        Assert.Equal(2.55m, (decimal)ValueConverter.Convert(2.55d, Price)!);              // not 2.54999999999999982236431605997495353221893310546875
        Assert.Equal(0.3m, (decimal)ValueConverter.Convert(0.1d + 0.2d, Price)!);         // 0.30000000000000004 as 15 digits
        Assert.Equal("precision_exceeded", Reason(0.123456d, Price));                     // 6 decimals: never rounded to 0.1235
        Assert.Equal("number_out_of_range", Reason(1e15d, Price));
        Assert.Equal("number_out_of_range", Reason(1e300d, Price));
    }

    [Theory]
    [InlineData("2147483647", null)]
    [InlineData("-2147483648", null)]
    [InlineData("2147483648", "number_out_of_range")]
    [InlineData("99999999999999999999", "number_out_of_range")]
    [InlineData("1.5", "unparsable_number")]
    [InlineData("2147483648.0", "number_out_of_range")]
    public void An_integer_beyond_its_type_is_out_of_range(string text, string? reason)
    {
        if (reason is null) Assert.Equal(int.Parse(text, System.Globalization.CultureInfo.InvariantCulture), ValueConverter.Convert(text, Quantity));
        else Assert.Equal(reason, Reason(text, Quantity));
    }

    [Fact]
    public void A_bigint_beyond_its_type_is_out_of_range()
    {
        Assert.Equal(long.MaxValue, ValueConverter.Convert("9223372036854775807", Row));
        Assert.Equal("number_out_of_range", Reason("9223372036854775808", Row));
        Assert.Equal("number_out_of_range", Reason(3_000_000_000m, Quantity));
    }

    private static string Message(object value, StagingColumn column) =>
        Assert.Throws<RejectedValue>(() => ValueConverter.Convert(value, column)).Message;

    [Theory]
    [InlineData("6.0", 6)]
    [InlineData("6.00", 6)]
    [InlineData("-2.0", -2)]
    [InlineData("+6", 6)]
    [InlineData("06", 6)]
    [InlineData("6e1", 60)]
    [InlineData("2147483647.000", 2147483647)]
    public void A_whole_number_column_takes_any_integral_spelling_as_that_number(string text, int expected) =>
        Assert.Equal(expected, ValueConverter.Convert(text, Quantity));

    [Fact]
    public void A_fraction_in_a_whole_number_column_is_not_rounded()
    {
        Assert.Equal("quantity '6.5' is not a whole number", Message("6.5", Quantity));
        Assert.Equal("unparsable_number", Reason("6.000001", Quantity));
        Assert.Equal("unparsable_number", Reason("1e-1", Quantity));
        Assert.Equal(17850L, ValueConverter.Convert("17850.0", Row));
    }

    [Theory]
    [InlineData("1.00000000000000000000000000001", "precision_exceeded")]   // 29 decimals: .NET would round it to 1
    [InlineData("0.000000000000000000000000000000001", "precision_exceeded")]
    [InlineData("12345678901234.00000000000000000000000000001", "precision_exceeded")]
    [InlineData("000000000000000000000000000000000000000000123456789012345", "number_out_of_range")]   // 15 digits after the zeros
    public void A_very_long_number_is_judged_by_its_digits_never_rounded(string text, string reason) =>
        Assert.Equal(reason, Reason(text, Price));

    [Theory]
    [InlineData("1.2300000000000000000000000000000", "1.2300")]       // 31 decimals, all but 2 of them zeros
    [InlineData("000000000000000000000000000000001.5", "1.5")]         // leading zeros do not count
    [InlineData("0000000000000000000000000000000.00010000000000000000000000000000", "0.0001")]
    [InlineData("-0.0", "0")]
    [InlineData("+2.55", "2.55")]
    [InlineData(".5", "0.5")]
    [InlineData("5.", "5")]
    [InlineData("1.5e3", "1500")]
    [InlineData("15000e-4", "1.5")]
    public void Long_zeros_and_plain_spellings_keep_the_value_exactly(string text, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), (decimal)ValueConverter.Convert(text, Price)!);

    [Fact]
    public void The_messages_of_a_long_number_count_its_decimals()
    {
        Assert.Equal("unit_price 1.00000000000000000000000000001 has 29 decimals but the column keeps 4 (DECIMAL(18,4)); the value is not rounded",
            Message("1.00000000000000000000000000001", Price));
        // A column without a declared scale: what a decimal cannot hold exactly is rejected, not rounded.
        var any = new StagingColumn("amount", StagingType.Decimal, Required: false);
        Assert.Equal("precision_exceeded", Reason("1.00000000000000000000000000001", any));
        Assert.Equal("precision_exceeded", Reason("9234567890.1234567890123456789", any));   // 29 digits: a coefficient beyond 96 bits
        Assert.Equal("number_out_of_range", Reason("1e29", any));
        Assert.Equal(1.0000000000000000000000000001m, (decimal)ValueConverter.Convert("1.0000000000000000000000000001", any)!);   // 28 decimals fit
        Assert.Equal(79228162514264337593543950335m, (decimal)ValueConverter.Convert("79228162514264337593543950335", any)!);
        Assert.Equal("number_out_of_range", Reason("79228162514264337593543950336", any));
    }

    [Theory]
    [InlineData("1 234", "has a space inside")]
    [InlineData("1\u00a0234", "has a space inside")]
    [InlineData("\u0663", "has digits other than 0-9")]              // Arabic-Indic three
    [InlineData("\uff15", "has digits other than 0-9")]              // fullwidth five
    [InlineData("(5.00)", "accounting negative in parentheses")]
    [InlineData("\u00a32.55", "currency symbol")]
    [InlineData("$2.55", "currency symbol")]
    [InlineData("2.55\u20ac", "currency symbol")]
    [InlineData("10%", "is a percentage")]
    [InlineData("12,5", "the decimal separator is '.'")]
    [InlineData("1,234.50", "thousands separators are not accepted")]
    [InlineData("NaN", "is not a number")]
    [InlineData("Infinity", "is not a number")]
    [InlineData("0x10", "is not a number")]
    [InlineData("1e", "is not a number")]
    [InlineData("-", "is not a number")]
    [InlineData("1.2.3", "is not a number")]
    public void A_text_that_is_not_a_plain_number_is_unparsable_and_the_message_says_why(string escaped, string why)
    {
        var text = System.Text.RegularExpressions.Regex.Unescape(escaped);
        foreach (var column in new[] { Price, Quantity })
        {
            Assert.Equal("unparsable_number", Reason(text, column));
            Assert.Contains(why, Message(text, column));
            Assert.Contains(column.Name, Message(text, column));
        }
    }

    [Fact]
    public void A_value_a_reader_rejected_is_quarantined_with_the_readers_reason()
    {
        var rejected = new RejectedText("1.234", "unparsable_number", "unit_price '1.234' has a '.'");
        Assert.Equal("unit_price '1.234' has a '.'", Message(rejected, Price));
        Assert.Equal("unparsable_number", Reason(rejected, Price));
    }

    private static Warehouse.Etl.Configuration.FlatFileSettings Flat(string separator) => new() { DecimalSeparator = separator };

    private static object? Normalised(string column, string text, string separator) =>
        Warehouse.Etl.Sources.Flat.FlatValueNormaliser.Normalise(column, text, Flat(separator));

    [Theory]
    [InlineData("1.234")]        // German for 1234: never 1.234
    [InlineData("1.234,50")]
    [InlineData("2.55")]
    public void With_a_decimal_comma_a_point_in_a_number_is_rejected_naming_the_setting(string text)
    {
        var rejected = Assert.IsType<RejectedText>(Normalised("unit_price", text, ","));
        Assert.Equal("unparsable_number", rejected.ReasonCode);
        Assert.Contains($"unit_price '{text}'", rejected.Message);
        Assert.Contains("Source:Flat:DecimalSeparator is ','", rejected.Message);
        Assert.Contains("thousands separators are not accepted", rejected.Message);
        Assert.Equal(text, rejected.ToString());
    }

    [Theory]
    [InlineData("1 234,56", "has a space inside")]
    [InlineData("\u00a32,55", "")]
    public void With_a_decimal_comma_a_value_that_is_no_number_is_rejected_quoting_the_file_s_text(string text, string why)
    {
        var rejected = Assert.IsType<RejectedText>(Normalised("unit_price", text, ","));
        Assert.Equal("unparsable_number", rejected.ReasonCode);
        Assert.StartsWith($"unit_price '{text}' ", rejected.Message);   // as written, not with a point for the comma
        Assert.Contains(why, rejected.Message);
    }

    [Theory]
    [InlineData("unit_price", "2,55", ",", 2.55)]
    [InlineData("unit_price", "1,5e3", ",", 1500)]      // an exponent reads the same in both modes
    [InlineData("unit_price", "1.5e3", ".", 1500)]
    [InlineData("unit_price", "1234,50", ",", 1234.50)]
    [InlineData("quantity", "6,0", ",", 6)]
    [InlineData("quantity", "6.0", ".", 6)]
    public void A_normalised_number_converts_to_the_value_written(string column, string text, string separator, double expected)
    {
        var staged = ValueConverter.Convert(Normalised(column, text, separator), column == "quantity" ? Quantity : Price);
        Assert.Equal((decimal)expected, System.Convert.ToDecimal(staged, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void With_a_decimal_point_a_comma_in_a_number_is_unparsable_and_never_a_thousands_separator()
    {
        Assert.Equal("12,5", Normalised("unit_price", "12,5", "."));
        Assert.Contains("thousands separators are not accepted", Message("12,5", Price));
        Assert.Equal("unparsable_number", Reason(Normalised("unit_price", "1,234", ".")!, Price));
    }
}
