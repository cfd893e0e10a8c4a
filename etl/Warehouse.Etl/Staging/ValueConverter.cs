using System.Globalization;

namespace Warehouse.Etl.Staging;

/// <summary>Why a source value could not be staged: a quarantine reason code and a message.</summary>
public sealed class RejectedValue(string reasonCode, string message) : Exception(message)
{
    public string ReasonCode { get; } = reasonCode;
}

/// <summary>Converts a source value to a staging column's type, exactly (money never via text
/// formatting of a double beyond its 15 significant digits, never via float arithmetic).</summary>
public static class ValueConverter
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyyMMdd", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss"];
    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd",
    ];

    // No thousands separators: "12,5" is not 125.
    private const NumberStyles PlainNumber = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    public static object? Convert(object? value, StagingColumn column)
    {
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
                decimal m => m,
                long l => (decimal)l,
                int i => (decimal)i,
                double d when double.IsFinite(d) => (decimal)d,   // 15 significant digits: the value SQLite printed
                string s when decimal.TryParse(s.Trim(), PlainNumber, CultureInfo.InvariantCulture, out var m) => m,
                _ => throw new RejectedValue("unparsable_number", $"{column.Name} '{value}' is not a number"),
            },
            StagingType.Integer => ToInteger(value, column, int.MinValue, int.MaxValue) is var l ? (object)(int)l : null,
            StagingType.BigInt => ToInteger(value, column, long.MinValue, long.MaxValue),
            _ => throw new NotSupportedException(column.Type.ToString()),
        };
    }

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
            case string s when long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed): result = parsed; break;
            default: throw new RejectedValue("unparsable_number", $"{column.Name} '{value}' is not a whole number");
        }
        if (result < min || result > max) throw new RejectedValue("unparsable_number", $"{column.Name} {result} is out of range");
        return result;
    }
}
