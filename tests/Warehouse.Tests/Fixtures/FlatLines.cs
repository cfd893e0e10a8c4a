using Warehouse.Etl.Configuration;

namespace Warehouse.Tests.Fixtures;

/// <summary>The flat order-line file the reader and value tests build: its header, and settings
/// that map each of its columns to the warehouse column of the same name (timestamps
/// yyyy-MM-dd HH:mm:ss, order ids starting with C cancelled).</summary>
public static class FlatLines
{
    public const string Header = "order_id,order_ts,customer_id,country,product_id,quantity,unit_price";

    /// <summary>The settings for <see cref="Header"/>, plus <paramref name="extraColumns"/> mapped
    /// to header names of their own name.</summary>
    public static FlatFileSettings Settings(params string[] extraColumns)
    {
        var settings = new FlatFileSettings
        {
            TimestampFormats = ["yyyy-MM-dd HH:mm:ss"],
            CancelledOrderPrefix = "C",
            Columns = new(StringComparer.OrdinalIgnoreCase),
        };
        foreach (var column in Header.Split(',').Concat(extraColumns)) settings.Columns[column] = column;
        return settings;
    }
}
