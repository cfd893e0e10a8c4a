using System.Globalization;
using System.Numerics;

namespace Warehouse.Etl.Staging;

/// <summary>A number as its text writes it, read digit by digit before any conversion, so that no
/// digit is lost to rounding: the sign, the significant digits (no leading or trailing zeros) and
/// the power of ten of the last of them (1.2300 is digits "123", exponent -2). The grammar is
/// plain: an optional sign, ASCII digits 0-9 with at most one decimal point, an optional exponent
/// (1.5e3); no thousands separators, spaces, currency symbols, percent signs or parentheses.</summary>
public readonly partial record struct WrittenNumber(bool Negative, string Digits, long Exponent)
{
    /// <summary>The largest exponent kept; beyond it a number is out of any range or precision anyway.</summary>
    private const long ExponentLimit = 1_000_000;

    public bool IsZero => Digits.Length == 0;

    /// <summary>The significant digits after the decimal point (trailing zeros do not count).</summary>
    public long Decimals => IsZero ? 0 : Math.Max(0, -Exponent);

    /// <summary>The digits before the decimal point (leading zeros do not count).</summary>
    public long IntegerDigits => IsZero ? 0 : Math.Max(0, Digits.Length + Exponent);

    public static WrittenNumber? Parse(string text)
    {
        // A scan of the grammar: [+-]? [0-9]* (. [0-9]*)? ([eE] [+-]? [0-9]+)?, with digits on one
        // side of the point at least (the staging loader calls this for every number it reads).
        var s = text.AsSpan();
        var i = 0;
        var negative = false;
        if (i < s.Length && s[i] is '+' or '-') negative = s[i++] == '-';
        var wholeStart = i;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        var whole = s[wholeStart..i];
        var fraction = ReadOnlySpan<char>.Empty;
        if (i < s.Length && s[i] == '.')
        {
            var fractionStart = ++i;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
            fraction = s[fractionStart..i];
        }
        if (whole.IsEmpty && fraction.IsEmpty) return null;
        long exponent = 0;
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            var negativeExponent = false;
            if (i < s.Length && s[i] is '+' or '-') negativeExponent = s[i++] == '-';
            var exponentStart = i;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
            if (i == exponentStart) return null;
            var magnitude = s[exponentStart..i].TrimStart('0');
            exponent = magnitude.Length > 7 ? ExponentLimit : magnitude.IsEmpty ? 0 : long.Parse(magnitude, CultureInfo.InvariantCulture);
            if (negativeExponent) exponent = -exponent;
        }
        if (i != s.Length) return null;
        var wholeDigits = whole.TrimStart('0');
        var digits = wholeDigits.IsEmpty ? fraction.TrimStart('0') : (ReadOnlySpan<char>)string.Concat(wholeDigits, fraction);
        exponent -= fraction.Length;
        var significant = digits.TrimEnd('0');
        exponent += digits.Length - significant.Length;
        return new WrittenNumber(negative && !significant.IsEmpty, significant.ToString(), exponent);
    }

    /// <summary>The decimal this number is, exactly, or null when a decimal cannot hold it exactly
    /// (more than 28 decimals, or a coefficient beyond 96 bits).</summary>
    public decimal? ToDecimal()
    {
        if (IsZero) return 0m;
        if (Decimals > 28 || IntegerDigits > 29) return null;
        if (Digits.Length + Math.Max(0, Exponent) <= 18)
        {
            // The common case: a coefficient that fits a ulong, without BigInteger.
            var small = ulong.Parse(Digits, CultureInfo.InvariantCulture);
            for (var e = 0L; e < Exponent; e++) small *= 10;
            return new decimal((int)(uint)small, (int)(uint)(small >> 32), 0, Negative, (byte)Decimals);
        }
        var coefficient = BigInteger.Parse(Digits, CultureInfo.InvariantCulture) * (Exponent > 0 ? BigInteger.Pow(10, (int)Exponent) : BigInteger.One);
        if (coefficient > MaxCoefficient) return null;
        var bytes = new byte[16];
        coefficient.TryWriteBytes(bytes, out _, isUnsigned: true);
        return new decimal(BitConverter.ToInt32(bytes, 0), BitConverter.ToInt32(bytes, 4), BitConverter.ToInt32(bytes, 8), Negative, (byte)Decimals);
    }

    /// <summary>The whole number this is, or null when it has decimals or is beyond a long.</summary>
    public long? ToInt64()
    {
        if (IsZero) return 0;
        if (Decimals > 0 || IntegerDigits > 19) return null;
        if (IntegerDigits <= 18)
        {
            var small = long.Parse(Digits, CultureInfo.InvariantCulture);
            for (var e = 0L; e < Exponent; e++) small *= 10;
            return Negative ? -small : small;
        }
        var value = BigInteger.Parse(Digits, CultureInfo.InvariantCulture) * BigInteger.Pow(10, (int)Exponent);
        if (Negative) value = -value;
        return value >= long.MinValue && value <= long.MaxValue ? (long)value : null;
    }

    private static readonly BigInteger MaxCoefficient = (BigInteger.One << 96) - 1;

    /// <summary>Why a text is not a number of this grammar, in words a user can act on.</summary>
    public static string WhyNot(string text)
    {
        if (text.Any(c => char.GetUnicodeCategory(c) == UnicodeCategory.CurrencySymbol))
            return "has a currency symbol: write the number alone";
        if (text.EndsWith('%'))
            return "is a percentage: write it as a fraction (10% is 0.10)";
        if (text.StartsWith('(') && text.EndsWith(')'))
            return "is an accounting negative in parentheses: write it with a minus sign (-5.00)";
        if (text.Any(char.IsWhiteSpace))
            return "has a space inside: thousands separators are not accepted";
        if (text.Any(c => char.IsDigit(c) && c is < '0' or > '9'))
            return "has digits other than 0-9";
        if (text.Contains(','))
            return "has a ',': the decimal separator is '.' (for flat files: Source:Flat:DecimalSeparator) and thousands separators are not accepted";
        return "is not a number";
    }

}
