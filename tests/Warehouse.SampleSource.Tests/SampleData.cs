using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Warehouse.SampleSource.Tests;

public sealed record CustomerRow(long Id, string Name, string Email, string Country, string City, DateOnly Signup,
    string Channel, decimal AcquisitionCost, long? ReferredBy, string UpdatedAt);

public sealed record ProductRow(long Id, string Name, string Category, decimal UnitCost, decimal ListPrice, string UpdatedAt);

public sealed record CampaignRow(long Id, string Name, string Channel, DateOnly Start, DateOnly End, decimal Cost, string UpdatedAt);

public sealed record OrderRow(long Id, long CustomerId, DateTime Ts, string SalesChannel, long? CampaignId, string Status, string UpdatedAt);

public sealed record LineRow(long OrderId, int LineNumber, long ProductId, int Quantity, decimal UnitPrice, decimal DiscountRate, string UpdatedAt)
{
    /// <summary>quantity * unit_price * (1 - discount_rate), in decimal.</summary>
    public decimal Net => Quantity * UnitPrice * (1m - DiscountRate);
}

/// <summary>A generated SQLite sample read back into memory (decimal money, never SQLite's float SUM).</summary>
public sealed class SampleData
{
    public required SampleOptions Options { get; init; }
    public required SampleSummary Summary { get; init; }
    public required IReadOnlyList<CustomerRow> Customers { get; init; }
    public required IReadOnlyList<ProductRow> Products { get; init; }
    public required IReadOnlyList<CampaignRow> Campaigns { get; init; }
    public required IReadOnlyList<OrderRow> Orders { get; init; }
    public required IReadOnlyList<LineRow> Lines { get; init; }

    public DateTime RangeStart => Options.StartDate.ToDateTime(TimeOnly.MinValue);
    public DateTime RangeEnd => Options.StartDate.AddMonths(Options.Months).ToDateTime(TimeOnly.MinValue);

    private Dictionary<long, decimal>? _orderNet;

    /// <summary>Net revenue per order id (all statuses).</summary>
    public IReadOnlyDictionary<long, decimal> OrderNet => _orderNet ??= Lines.GroupBy(l => l.OrderId).ToDictionary(g => g.Key, g => g.Sum(l => l.Net));

    public IEnumerable<OrderRow> Completed => Orders.Where(o => o.Status == "completed");

    public const string TimestampFormat = "yyyy-MM-dd HH:mm:ss";

    public static DateTime ParseTs(string s) => DateTime.ParseExact(s, TimestampFormat, CultureInfo.InvariantCulture);

    public static DateOnly ParseDate(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static SqliteConnection Open(string path)
    {
        var con = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        con.Open();
        return con;
    }

    public static SampleData Load(string path, SampleOptions options, SampleSummary summary)
    {
        using var con = Open(path);
        return new SampleData
        {
            Options = options,
            Summary = summary,
            Customers = Read(con, "SELECT customer_id, name, email, country, city, signup_date, acquisition_channel, acquisition_cost, referred_by, updated_at FROM customers ORDER BY customer_id",
                r => new CustomerRow(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), ParseDate(r.GetString(5)),
                    r.GetString(6), r.GetDecimal(7), r.IsDBNull(8) ? null : r.GetInt64(8), r.GetString(9))),
            Products = Read(con, "SELECT product_id, name, category, unit_cost, list_price, updated_at FROM products ORDER BY product_id",
                r => new ProductRow(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetDecimal(3), r.GetDecimal(4), r.GetString(5))),
            Campaigns = Read(con, "SELECT campaign_id, name, channel, start_date, end_date, cost, updated_at FROM campaigns ORDER BY campaign_id",
                r => new CampaignRow(r.GetInt64(0), r.GetString(1), r.GetString(2), ParseDate(r.GetString(3)), ParseDate(r.GetString(4)), r.GetDecimal(5), r.GetString(6))),
            Orders = Read(con, "SELECT order_id, customer_id, order_ts, sales_channel, campaign_id, status, updated_at FROM orders ORDER BY order_id",
                r => new OrderRow(r.GetInt64(0), r.GetInt64(1), ParseTs(r.GetString(2)), r.GetString(3), r.IsDBNull(4) ? null : r.GetInt64(4), r.GetString(5), r.GetString(6))),
            Lines = Read(con, "SELECT order_id, line_number, product_id, quantity, unit_price, discount_rate, updated_at FROM order_lines ORDER BY order_id, line_number",
                r => new LineRow(r.GetInt64(0), r.GetInt32(1), r.GetInt64(2), r.GetInt32(3), r.GetDecimal(4), r.GetDecimal(5), r.GetString(6))),
        };
    }

    private static List<T> Read<T>(SqliteConnection con, string sql, Func<SqliteDataReader, T> map)
    {
        using var cmd = con.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var list = new List<T>();
        while (r.Read())
            list.Add(map(r));
        return list;
    }
}

/// <summary>One 2,000-customer, seed-42 sample shared by the behaviour tests.</summary>
public sealed class Seed42Fixture : IDisposable
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "wh-sample-tests-" + Guid.NewGuid().ToString("N"));
    public string DbPath => Path.Combine(Folder, "shop.db");
    public SampleData Data { get; }

    public Seed42Fixture()
    {
        Directory.CreateDirectory(Folder);
        var options = new SampleOptions { Customers = 2_000, Seed = 42 };
        var summary = SampleGenerator.WriteSqlite(DbPath, options);
        Data = SampleData.Load(DbPath, options, summary);
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}

public sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "wh-sample-tests-" + Guid.NewGuid().ToString("N"));

    public TempFolder() => Directory.CreateDirectory(Path);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
