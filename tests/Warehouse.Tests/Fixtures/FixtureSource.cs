using System.Data;
using System.Data.Common;
using Warehouse.Etl.Sources;

namespace Warehouse.Tests.Fixtures;

/// <summary>A hand-made operational source held in DataTables, for fixtures small enough to check
/// by eye. Column names are the staging tables'.</summary>
public sealed class FixtureSource : ISource
{
    private readonly DataTable _customers = Table("customer_id", "name", "email", "country", "city", "signup_date",
        "acquisition_channel", "acquisition_cost", "referred_by", "updated_at");
    private readonly DataTable _products = Table("product_id", "name", "category", "unit_cost", "list_price", "updated_at");
    private readonly DataTable _campaigns = Table("campaign_id", "name", "channel", "start_date", "end_date", "cost", "updated_at");
    private readonly DataTable _orders = Table("order_id", "customer_id", "order_ts", "sales_channel", "campaign_id", "status", "updated_at");
    private readonly DataTable _lines = Table("order_id", "line_number", "product_id", "quantity", "unit_price", "discount_rate", "updated_at");
    private int _nextOrder = 1;

    public string Description => "fixture";

    public FixtureSource Customer(string id, DateOnly signup, string country = "UK", string channel = "organic",
        decimal acquisitionCost = 0m, string? referredBy = null)
    {
        _customers.Rows.Add(id, $"Customer {id}", $"{id.ToLowerInvariant()}@example.com", country, "City", signup.ToString("yyyy-MM-dd"),
            channel, acquisitionCost, (object?)referredBy ?? DBNull.Value, "2024-01-01 00:00:00");
        return this;
    }

    public FixtureSource Product(string id, string category, decimal unitCost, decimal listPrice)
    {
        _products.Rows.Add(id, $"Product {id}", category, unitCost, listPrice, "2024-01-01 00:00:00");
        return this;
    }

    public FixtureSource Campaign(string id, string channel, DateOnly start, DateOnly end, decimal cost)
    {
        _campaigns.Rows.Add(id, $"Campaign {id}", channel, start.ToString("yyyy-MM-dd"), end.ToString("yyyy-MM-dd"), cost, "2024-01-01 00:00:00");
        return this;
    }

    /// <summary>Adds an order with its lines (product, quantity, unit price, discount rate); returns its id.</summary>
    public string Order(string customerId, DateOnly date, string status, params (string Product, int Quantity, decimal UnitPrice, decimal Discount)[] lines) =>
        OrderVia(customerId, date, status, "web", null, lines);

    public string OrderVia(string customerId, DateOnly date, string status, string channel, string? campaignId,
        params (string Product, int Quantity, decimal UnitPrice, decimal Discount)[] lines)
    {
        var id = $"O{_nextOrder++:D4}";
        var ts = date.ToString("yyyy-MM-dd") + " 12:00:00";
        _orders.Rows.Add(id, customerId, ts, channel, (object?)campaignId ?? DBNull.Value, status, ts);
        var n = 1;
        foreach (var l in lines) _lines.Rows.Add(id, n++, l.Product, l.Quantity, l.UnitPrice, l.Discount, ts);
        return id;
    }

    /// <summary>An order of one line of product P1 worth exactly <paramref name="amount"/>.</summary>
    public string Sale(string customerId, DateOnly date, decimal amount, string status = "completed") =>
        Order(customerId, date, status, ("P1", 1, amount, 0m));

    /// <summary>A customer with every optional field settable, NULLs included (no signup date, no
    /// acquisition cost).</summary>
    public FixtureSource CustomerRecord(string id, DateOnly? signup, decimal? acquisitionCost, string? referredBy = null,
        string? country = "UK", string channel = "organic")
    {
        _customers.Rows.Add(id, $"Customer {id}", $"{id.ToLowerInvariant()}@example.com", (object?)country ?? DBNull.Value, "City",
            (object?)signup?.ToString("yyyy-MM-dd") ?? DBNull.Value, channel, (object?)acquisitionCost ?? DBNull.Value,
            (object?)referredBy ?? DBNull.Value, "2024-01-01 00:00:00");
        return this;
    }

    /// <summary>A campaign whose cost is unknown (NULL).</summary>
    public FixtureSource CampaignWithoutCost(string id, string channel, DateOnly start, DateOnly end)
    {
        _campaigns.Rows.Add(id, $"Campaign {id}", channel, start.ToString("yyyy-MM-dd"), end.ToString("yyyy-MM-dd"), DBNull.Value, "2024-01-01 00:00:00");
        return this;
    }

    /// <summary>An order of one line of <paramref name="product"/> worth exactly <paramref name="amount"/>,
    /// through a sales channel and campaign.</summary>
    public string SaleVia(string customerId, DateOnly date, decimal amount, string channel, string? campaignId,
        string status = "completed", string product = "P1") =>
        OrderVia(customerId, date, status, channel, campaignId, (product, 1, amount, 0m));

    public DbDataReader OpenEntity(string entity) => (entity switch
    {
        "customers" => _customers,
        "products" => _products,
        "campaigns" => _campaigns,
        "orders" => _orders,
        "order_lines" => _lines,
        _ => throw new KeyNotFoundException(entity),
    }).CreateDataReader();

    public void Dispose()
    {
    }

    private static DataTable Table(params string[] columns)
    {
        var table = new DataTable();
        foreach (var c in columns) table.Columns.Add(c, typeof(object));
        return table;
    }
}
