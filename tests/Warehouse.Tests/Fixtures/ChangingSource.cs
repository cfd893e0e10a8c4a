using System.Globalization;
using Microsoft.Data.Sqlite;
using Warehouse.Etl.Sources.Relational;
using Warehouse.SampleSource;

namespace Warehouse.Tests.Fixtures;

/// <summary>
/// A generated operational database (SQLite) that a test changes between runs, as an OLTP system
/// changes between nightly loads: <see cref="RewindTo"/> makes it look as it did at an earlier
/// moment, <see cref="Execute"/> applies changes with their updated_at.
/// </summary>
public sealed class ChangingSource
{
    public ChangingSource(string path, int customers, int seed = 42)
    {
        Path = path;
        SampleGenerator.WriteSqlite(path, new SampleOptions { Customers = customers, Seed = seed });
    }

    public string Path { get; }

    public SqliteSource Open() => new($"Data Source={Path}");

    /// <summary>A copy of the database in another file (to load the same state elsewhere).</summary>
    public ChangingSource CopyTo(string path)
    {
        SqliteConnection.ClearAllPools();
        File.Copy(Path, path, overwrite: true);
        return new ChangingSource(path);
    }

    private ChangingSource(string path) => Path = path;

    /// <summary>An existing source database file.</summary>
    public static ChangingSource At(string path) => new(path);

    /// <summary>The database as it was just before <paramref name="moment"/>: rows created at or
    /// after it are gone, rows changed at or after it are back in their earlier state (an order
    /// returned later was completed; a customer or product changed later had the same values, as
    /// far as the sample knows), and every updated_at is before the moment.</summary>
    public void RewindTo(DateTime moment)
    {
        var t = Text(moment);
        Execute($"""
            DELETE FROM order_lines WHERE order_id IN (SELECT order_id FROM orders WHERE order_ts >= '{t}');
            DELETE FROM orders WHERE order_ts >= '{t}';
            UPDATE orders SET status = 'completed', updated_at = order_ts WHERE updated_at >= '{t}';
            UPDATE order_lines SET updated_at = (SELECT o.updated_at FROM orders o WHERE o.order_id = order_lines.order_id)
            WHERE updated_at >= '{t}';
            DELETE FROM customers WHERE signup_date >= '{t[..10]}'
              AND customer_id NOT IN (SELECT customer_id FROM orders);
            UPDATE customers SET referred_by = NULL WHERE referred_by NOT IN (SELECT customer_id FROM customers);
            UPDATE customers SET updated_at = signup_date || ' 00:00:00' WHERE updated_at >= '{t}';
            UPDATE products SET updated_at = '{Text(moment.AddDays(-1))}' WHERE updated_at >= '{t}';
            DELETE FROM campaigns WHERE updated_at >= '{t}' AND campaign_id NOT IN (SELECT campaign_id FROM orders WHERE campaign_id IS NOT NULL);
            UPDATE campaigns SET updated_at = '{Text(moment.AddDays(-1))}' WHERE updated_at >= '{t}';
            """);
    }

    /// <summary>Runs SQL on the source. Foreign keys are not enforced: an operational system may
    /// deliver an order before the customer it names.</summary>
    public void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path};Pooling=False;Foreign Keys=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public object? Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public long Count(string sql) => Convert.ToInt64(Scalar(sql), CultureInfo.InvariantCulture);

    public decimal Decimal(string sql) => Convert.ToDecimal(Scalar(sql) ?? 0m, CultureInfo.InvariantCulture);

    /// <summary>Net amount (quantity x unit price x (1 - discount)) of the order lines whose order
    /// matches <paramref name="orderFilter"/> (SQL on orders o), summed in decimal from the source's
    /// values: the independent figure a load must reproduce.</summary>
    public decimal NetOfLines(string orderFilter = "1 = 1")
    {
        using var connection = new SqliteConnection($"Data Source={Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT l.quantity, CAST(l.unit_price AS TEXT), CAST(l.discount_rate AS TEXT) FROM order_lines l JOIN orders o ON o.order_id = l.order_id WHERE {orderFilter}";
        using var reader = command.ExecuteReader();
        var total = 0m;
        while (reader.Read())
            total += reader.GetInt64(0) * decimal.Parse(reader.GetString(1), NumberStyles.Float, CultureInfo.InvariantCulture)
                     * (1 - decimal.Parse(reader.GetString(2), NumberStyles.Float, CultureInfo.InvariantCulture));
        return total;
    }

    /// <summary>Timestamps as the sample stores them.</summary>
    public static string Text(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
