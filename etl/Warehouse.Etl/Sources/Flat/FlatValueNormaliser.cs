using System.Globalization;
using Warehouse.Etl.Configuration;

namespace Warehouse.Etl.Sources.Flat;

/// <summary>
/// How a flat file's text value becomes a staging value, the same for every flat format (CSV,
/// Parquet): trimmed, empty is NULL, a key "123.0" is "123" (IntegerKeys), a decimal comma is a
/// point in number columns, and order_ts is parsed with the configured formats; anything else stays
/// text, so staging quarantines what it cannot convert.
/// </summary>
internal static class FlatValueNormaliser
{
    public static readonly HashSet<string> KeyColumns = new(StringComparer.OrdinalIgnoreCase) { "order_id", "customer_id", "product_id", "campaign_id" };
    public static readonly HashSet<string> NumberColumns = new(StringComparer.OrdinalIgnoreCase) { "quantity", "unit_price", "unit_cost", "discount_rate" };

    public static object? Normalise(string name, string raw, FlatFileSettings settings)
    {
        var value = raw.Trim();
        if (value.Length == 0) return null;
        if (settings.IntegerKeys && KeyColumns.Contains(name) && value.EndsWith(".0", StringComparison.Ordinal)
            && decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var whole) && whole == decimal.Truncate(whole))
            return whole.ToString("0", CultureInfo.InvariantCulture);
        if (NumberColumns.Contains(name) && settings.DecimalSeparator == ",") return value.Replace(',', '.');
        if (name == "order_ts" && DateTime.TryParseExact(value, settings.TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var ts))
            return ts;
        return value;
    }
}
