namespace Warehouse.Etl.Configuration;

/// <summary>
/// A flat order-line file: one row per order line, with the order's, customer's and product's
/// attributes on every row. <see cref="Columns"/> maps the warehouse's names (order_id, order_ts,
/// customer_id, customer_name, email, country, city, product_id, product_name, category, unit_cost,
/// sales_channel, campaign_id, status, quantity, unit_price, discount_rate) to the file's header
/// names; order_id, order_ts, quantity and unit_price are required.
/// </summary>
public sealed class FlatFileSettings
{
    /// <summary>The field delimiter: one ASCII character other than a double quote or a line break
    /// ("," ";" "|", a tab written "\t" in JSON, or the word "tab"); ignored with Whitespace.</summary>
    public string Delimiter { get; set; } = ",";

    /// <summary>The delimiter character <paramref name="delimiter"/> (Source:Flat:Delimiter) names,
    /// or a <see cref="SettingsException"/> naming the setting.</summary>
    public static char DelimiterOf(string? delimiter)
    {
        if (delimiter is not null && delimiter.Equals("tab", StringComparison.OrdinalIgnoreCase)) return '\t';
        if (delimiter is { Length: 1 } d && d[0] < 128 && d[0] is not ('"' or '\r' or '\n')) return d[0];
        var shown = delimiter is null ? "null" : "'" + delimiter.Replace("\r", "\\r").Replace("\n", "\\n") + "'";
        throw new SettingsException($"Source:Flat:Delimiter must be one ASCII character other than a double quote or a line break, or the word tab (got {shown}).");
    }

    /// <summary>Split on runs of whitespace instead of a delimiter (leading whitespace ignored).</summary>
    public bool Whitespace { get; set; }

    public bool Header { get; set; } = true;

    /// <summary>Formats of order_ts (and dates), tried in order.</summary>
    public string[] TimestampFormats { get; set; } = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd"];

    /// <summary>The IANA time zone (e.g. UTC, Europe/London, Asia/Tokyo) order_ts is stored in when
    /// a value carries an offset (a TimestampFormats entry with K, z, zz or zzz, or a UTC-adjusted
    /// Parquet timestamp): such a value is converted to this zone's wall clock, the same on every
    /// machine. A value without an offset is the source's wall clock and is stored as written.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>"." or ",".</summary>
    [OneOf(".", ",")]
    public string DecimalSeparator { get; set; } = ".";

    /// <summary>Warehouse column → the file's header name (or 1-based column number without a header),
    /// or "#row" for the row's 1-based position in the extract (an order id for files of one
    /// purchase per row).</summary>
    [KeysFrom(typeof(Sources.Flat.FlatFileReader), nameof(Sources.Flat.FlatFileReader.Columns))]
    public Dictionary<string, string> Columns { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Warehouse column → a value used on every row (e.g. quantity 1 for files of purchases).</summary>
    [KeysFrom(typeof(Sources.Flat.FlatFileReader), nameof(Sources.Flat.FlatFileReader.Columns))]
    public Dictionary<string, string> Constants { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Orders whose id starts with this are cancelled (Online Retail: "C").</summary>
    public string? CancelledOrderPrefix { get; set; }

    /// <summary>The lines of one order may be dated at most this many minutes apart (0 to 527040);
    /// an order whose lines are further apart is quarantined whole as order_timestamp_conflict, as
    /// is one whose lines name different customers (order_customer_conflict). The default, 60,
    /// takes Online Retail as it is: 31 of its invoices have lines one minute apart, none more.</summary>
    public int OrderTimeToleranceMinutes { get; set; } = 60;

    /// <summary>Key columns written as whole numbers with a fraction of zeros ("17850.0", "17850.00",
    /// and "17850,0" when DecimalSeparator is ",") are read as the whole number ("17850"); other
    /// keys ("85123A", "007", "-5.0") are kept as written.</summary>
    public bool IntegerKeys { get; set; } = true;
}
