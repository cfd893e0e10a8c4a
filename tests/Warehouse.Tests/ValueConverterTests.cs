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
    public void A_double_from_a_database_keeps_its_conversion_and_only_its_range_is_checked()
    {
        Assert.Equal(0.123456m, (decimal)ValueConverter.Convert(0.123456d, Price)!);   // stored at the column's scale, as before
        Assert.Equal("number_out_of_range", Reason(1e15d, Price));
        Assert.Equal("number_out_of_range", Reason(1e300d, Price));
    }

    [Theory]
    [InlineData("2147483647", null)]
    [InlineData("-2147483648", null)]
    [InlineData("2147483648", "number_out_of_range")]
    [InlineData("99999999999999999999", "number_out_of_range")]
    [InlineData("1.5", "unparsable_number")]
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
}
