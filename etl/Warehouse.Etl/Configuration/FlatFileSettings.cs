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
    public string Delimiter { get; set; } = ",";

    /// <summary>Split on runs of whitespace instead of a delimiter (leading whitespace ignored).</summary>
    public bool Whitespace { get; set; }

    public bool Header { get; set; } = true;

    /// <summary>Formats of order_ts (and dates), tried in order.</summary>
    public string[] TimestampFormats { get; set; } = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd"];

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

    /// <summary>Key columns written as numbers with a zero fraction ("17850.0") are read as "17850".</summary>
    public bool IntegerKeys { get; set; } = true;
}
