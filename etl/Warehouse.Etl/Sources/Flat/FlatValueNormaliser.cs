using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Warehouse.Etl.Configuration;

namespace Warehouse.Etl.Sources.Flat;

/// <summary>
/// How a flat file's text value becomes a staging value, the same for every flat format (CSV,
/// Parquet): trimmed, empty is NULL, a key "123.0", "123.00" or (with DecimalSeparator ",")
/// "123,0" is "123" (IntegerKeys), a decimal comma is a point in number columns (and a point there
/// is rejected: no thousands separators), and order_ts is
/// parsed with the configured formats (a value with an offset converted to Source:Flat:TimeZone);
/// anything else stays text, so staging quarantines what it cannot convert.
/// </summary>
internal static partial class FlatValueNormaliser
{
    public static readonly HashSet<string> KeyColumns = new(StringComparer.OrdinalIgnoreCase) { "order_id", "customer_id", "product_id", "campaign_id" };
    public static readonly HashSet<string> NumberColumns = new(StringComparer.OrdinalIgnoreCase) { "quantity", "unit_price", "unit_cost", "discount_rate" };

    public static object? Normalise(string name, string raw, FlatFileSettings settings)
    {
        var value = raw.Trim();
        if (value.Length == 0) return null;
        if (settings.IntegerKeys && KeyColumns.Contains(name) && IntegralKey(value, settings) is { } whole)
            return whole;
        if (NumberColumns.Contains(name) && settings.DecimalSeparator == ",") return DecimalComma(name, value);
        // AdjustToUniversal: a value with an offset (K, z, zz, zzz) becomes UTC (Kind Utc) from its own
        // offset, never via the machine's zone; a value without one is left as written (Unspecified).
        if (name == "order_ts" && DateTime.TryParseExact(value, settings.TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var ts))
            return InZone(ts, settings);
        return value;
    }

    /// <summary>A number written with a decimal comma, with a point instead ("2,55" is "2.55"). A point
    /// in such a file is no thousands separator (none is accepted, as "12,5" is not 125 with a
    /// point): "1.234" (German for 1234) and "1.234,50" are rejected, never read as 1.234.</summary>
    private static object DecimalComma(string name, string value)
    {
        if (value.Contains('.'))
            return new Staging.RejectedText(value, "unparsable_number",
                $"{name} '{value}' has a '.' but Source:Flat:DecimalSeparator is ',': thousands separators are not accepted (write 1234,50, not 1.234,50)");
        var converted = value.Replace(',', '.');
        // A value that is no number either way is rejected here, so its message quotes the file's text.
        return Staging.WrittenNumber.Parse(converted) is null
            ? new Staging.RejectedText(value, "unparsable_number", $"{name} '{value}' {Staging.WrittenNumber.WhyNot(converted)}")
            : converted;
    }

    /// <summary>The digits of a whole number written with a fraction of zeros ("17850.00" is
    /// "17850"; "17850,0" too when the decimal separator is ","), or null for any other key.</summary>
    private static string? IntegralKey(string value, FlatFileSettings settings)
    {
        var match = ZeroFraction().Match(value);
        if (!match.Success || (match.Groups["separator"].Value == "," && settings.DecimalSeparator != ",")) return null;
        return match.Groups["digits"].Value;
    }

    [GeneratedRegex(@"^(?<digits>[0-9]+)(?<separator>[.,])0+$")]
    private static partial Regex ZeroFraction();

    /// <summary>A timestamp that carries its instant (Kind Utc) as the wall clock of
    /// Source:Flat:TimeZone; a wall-clock timestamp (Unspecified) as it is.</summary>
    public static DateTime InZone(DateTime timestamp, FlatFileSettings settings)
    {
        if (timestamp.Kind != DateTimeKind.Utc) return DateTime.SpecifyKind(timestamp, DateTimeKind.Unspecified);
        var zone = Zone(settings.TimeZone);
        var local = zone == TimeZoneInfo.Utc ? timestamp : TimeZoneInfo.ConvertTimeFromUtc(timestamp, zone);
        return DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
    }

    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The time zone of an IANA id (or UTC); a <see cref="SettingsException"/> naming the
    /// setting when the machine does not know it.</summary>
    public static TimeZoneInfo Zone(string id) => Zones.GetOrAdd(id, key =>
    {
        if (key.Equals("UTC", StringComparison.OrdinalIgnoreCase)) return TimeZoneInfo.Utc;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(key);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new SettingsException($"Source:Flat:TimeZone '{key}' is not a time zone this machine knows; use an IANA id such as UTC, Europe/London or Asia/Tokyo.");
        }
    });
}
