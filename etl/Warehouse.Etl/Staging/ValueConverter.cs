using System.Globalization;

namespace Warehouse.Etl.Staging;

/// <summary>Why a source value could not be staged: a quarantine reason code and a message.</summary>
public sealed class RejectedValue(string reasonCode, string message) : Exception(message)
{
    public string ReasonCode { get; } = reasonCode;
}

/// <summary>Converts a source value to a staging column's type, exactly (money never via text
/// formatting of a double beyond its 15 significant digits, never via float arithmetic). A value
/// the type cannot hold is rejected, never rounded or cut: more decimals than a DECIMAL column's
/// scale is precision_exceeded, a number beyond the type's range number_out_of_range.</summary>
public static class ValueConverter
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyyMMdd", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss"];
    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd",
    ];

    public static object? Convert(object? value, StagingColumn column)
    {
        if (value is RejectedText rejected) throw new RejectedValue(rejected.ReasonCode, rejected.Message);
        if (value is null or DBNull || value is string { Length: 0 })
        {
            if (column.Required)
                throw column.Name.EndsWith("_id", StringComparison.Ordinal)
                    ? new RejectedValue("missing_key", $"{column.Name} is required but empty")
                    : new RejectedValue("missing_value", $"{column.Name} is required but empty");
            return null;
        }
        return column.Type switch
        {
            StagingType.Text => CheckLength(value switch
            {
                string s => s,
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString() ?? "",
            }, column),
            StagingType.Date => value switch
            {
                DateOnly d => d,
                DateTime dt => DateOnly.FromDateTime(dt),
                string s when DateTime.TryParseExact(s.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt) => DateOnly.FromDateTime(dt),
                _ => throw new RejectedValue("unparsable_date", $"{column.Name} '{value}' is not a date"),
            },
            StagingType.Timestamp => value switch
            {
                DateTime dt => dt,
                DateOnly d => d.ToDateTime(TimeOnly.MinValue),
                string s when DateTime.TryParseExact(s.Trim(), TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt) => dt,
                _ => throw new RejectedValue("unparsable_date", $"{column.Name} '{value}' is not a timestamp"),
            },
            StagingType.Decimal => value switch
            {
                // A double (SQLite REAL) is the decimal of its 15 significant digits, as SQLite prints
                // it; like any other value it must fit the column's range and scale, never rounded.
                double d when double.IsFinite(d) => CheckScale(CheckRange(FromDouble(d, column), column, value), column, value),
                double => throw new RejectedValue("unparsable_number", $"{column.Name} '{value}' is not a number"),
                _ => CheckScale(CheckRange(ToDecimal(value, column), column, value), column, value),
            },
            StagingType.Integer => ToInteger(value, column, int.MinValue, int.MaxValue) is var l ? (object)(int)l : null,
            StagingType.BigInt => ToInteger(value, column, long.MinValue, long.MaxValue),
            _ => throw new NotSupportedException(column.Type.ToString()),
        };
    }

    private static decimal ToDecimal(object value, StagingColumn column)
    {
        switch (value)
        {
            case decimal m: return m;
            case long l: return l;
            case int i: return i;
            case string s:
                var text = s.Trim();
                var number = Written(text, column);
                // The digits are counted in the text, before any conversion: nothing is rounded.
                if (column is { Precision: { } p, Scale: { } scale })
                {
                    if (number.IntegerDigits > p - scale) throw OutOfRange(column, text);
                    if (number.Decimals > scale) throw PrecisionExceeded(column, text, number.Decimals.ToString(CultureInfo.InvariantCulture));
                }
                if (number.ToDecimal() is { } exact) return exact;
                if (number.IntegerDigits > 28) throw OutOfRange(column, text);
                throw new RejectedValue("precision_exceeded", string.Create(CultureInfo.InvariantCulture,
                    $"{column.Name} {text} has {number.Digits.Length} significant digits and {number.Decimals} decimals: more than a decimal holds exactly (28 decimals, 28 to 29 digits); the value is not rounded"));
        }
        throw new RejectedValue("unparsable_number", $"{column.Name} '{value}' is not a number");
    }

    /// <summary>The number a text writes, or unparsable_number saying why not.</summary>
    private static WrittenNumber Written(string text, StagingColumn column) =>
        WrittenNumber.Parse(text) ?? throw new RejectedValue("unparsable_number", $"{column.Name} '{text}' {WrittenNumber.WhyNot(text)}");

    private static decimal FromDouble(double d, StagingColumn column)
    {
        try { return (decimal)d; }
        catch (OverflowException) { throw OutOfRange(column, d.ToString("R", CultureInfo.InvariantCulture)); }
    }

    /// <summary>A DECIMAL(p,s) column holds at most p - s digits before the decimal point.</summary>
    private static decimal CheckRange(decimal m, StagingColumn column, object original)
    {
        if (column is { Precision: { } p, Scale: { } s } && !new DecimalType(p, s).Holds(decimal.Truncate(m)))
            throw OutOfRange(column, Text(original));
        return m;
    }

    /// <summary>A value with more significant decimals than the column's scale is rejected, never
    /// rounded or truncated (trailing zeros do not count: 1.23400000 fits a scale of 4).</summary>
    private static decimal CheckScale(decimal m, StagingColumn column, object original)
    {
        if (column.Scale is { } s && decimal.Round(m, s) != m)
            throw PrecisionExceeded(column, Text(original), (m / 1.000000000000000000000000000000000m).Scale.ToString(CultureInfo.InvariantCulture));
        return m;
    }

    private static RejectedValue OutOfRange(StagingColumn column, string text) => column is { Precision: { } p, Scale: { } s }
        ? new RejectedValue("number_out_of_range", string.Create(CultureInfo.InvariantCulture,
            $"{column.Name} {text} is out of range for DECIMAL({p},{s}): at most {p - s} digits before the decimal point"))
        : new RejectedValue("number_out_of_range", $"{column.Name} {text} is out of range");

    private static RejectedValue PrecisionExceeded(StagingColumn column, string text, string decimals) =>
        new("precision_exceeded", string.Create(CultureInfo.InvariantCulture,
            $"{column.Name} {text} has {decimals} decimals but the column keeps {column.Scale} (DECIMAL({column.Precision},{column.Scale})); the value is not rounded"));

    private static string Text(object value) => value switch
    {
        string s => s.Trim(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string CheckLength(string text, StagingColumn column) =>
        column.MaxLength is { } max && text.Length > max
            ? throw new RejectedValue("text_too_long", $"{column.Name} has {text.Length} characters; at most {max} fit")
            : text;

    private static long ToInteger(object value, StagingColumn column, long min, long max)
    {
        long result;
        switch (value)
        {
            case long l: result = l; break;
            case int i: result = i; break;
            case decimal m when m == decimal.Truncate(m) && m >= min && m <= max: result = (long)m; break;
            case double d when d == Math.Truncate(d) && d >= min && d <= max: result = (long)d; break;
            case string s:
                // One rule for a whole-number column: any spelling of a whole number ("6", "6.0",
                // "-2.00", "6e1") is that number; a fraction ("6.5") is not rounded.
                var text = s.Trim();
                var number = Written(text, column);
                if (number.Decimals > 0)
                    throw new RejectedValue("unparsable_number", $"{column.Name} '{text}' is not a whole number");
                result = number.ToInt64() ?? throw IntegerOutOfRange(column, text, min, max);
                if (result < min || result > max) throw IntegerOutOfRange(column, text, min, max);
                break;
            case decimal or double: throw IntegerOutOfRangeOrFraction(value, column, min, max);
            default: throw new RejectedValue("unparsable_number", $"{column.Name} '{value}' is not a whole number");
        }
        if (result < min || result > max) throw IntegerOutOfRange(column, result.ToString(CultureInfo.InvariantCulture), min, max);
        return result;
    }

    private static RejectedValue IntegerOutOfRangeOrFraction(object value, StagingColumn column, long min, long max) =>
        value switch
        {
            decimal m when m == decimal.Truncate(m) => IntegerOutOfRange(column, m.ToString(CultureInfo.InvariantCulture), min, max),
            double d when double.IsFinite(d) && d == Math.Truncate(d) => IntegerOutOfRange(column, d.ToString("R", CultureInfo.InvariantCulture), min, max),
            _ => new RejectedValue("unparsable_number", $"{column.Name} '{value}' is not a whole number"),
        };

    private static RejectedValue IntegerOutOfRange(StagingColumn column, string text, long min, long max) =>
        new("number_out_of_range", string.Create(CultureInfo.InvariantCulture,
            $"{column.Name} {text} is out of range for {(max == int.MaxValue ? "INTEGER" : "BIGINT")} ({min} to {max})"));
}
