using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources.Relational;
using Warehouse.SampleSource;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests;

/// <summary>A real PostgreSQL server as the operational source: the same shop loaded from SQLite
/// and from PostgreSQL gives the same warehouse (first loads and incremental ones), and a source
/// whose tables and columns are named differently loads through configured queries.</summary>
public sealed class PostgresSourceTests : IDisposable
{
    private static readonly (string Table, string Ddl)[] Tables =
    [
        ("customers", "customer_id BIGINT PRIMARY KEY, name TEXT, email TEXT, country TEXT, city TEXT, signup_date DATE, acquisition_channel TEXT, acquisition_cost NUMERIC(12,2), referred_by BIGINT, updated_at TIMESTAMP"),
        ("products", "product_id BIGINT PRIMARY KEY, name TEXT, category TEXT, unit_cost NUMERIC(12,2), list_price NUMERIC(12,2), updated_at TIMESTAMP"),
        ("campaigns", "campaign_id BIGINT PRIMARY KEY, name TEXT, channel TEXT, start_date DATE, end_date DATE, cost NUMERIC(14,2), updated_at TIMESTAMP"),
        ("orders", "order_id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL, order_ts TIMESTAMP NOT NULL, sales_channel TEXT, campaign_id BIGINT, status TEXT NOT NULL, updated_at TIMESTAMP"),
        ("order_lines", "order_id BIGINT, line_number INT, product_id BIGINT, quantity INT, unit_price NUMERIC(12,2), discount_rate NUMERIC(5,2), updated_at TIMESTAMP, PRIMARY KEY (order_id, line_number)"),
    ];

    private readonly TempWarehouse _fromSqlite = new();
    private readonly TempWarehouse _fromPostgres = new();

    public void Dispose()
    {
        _fromSqlite.Dispose();
        _fromPostgres.Dispose();
    }

    /// <summary>Dimensions, facts and marts (staging keeps each extract's row order, which differs;
    /// schema_version records when each warehouse was created).</summary>
    private static Dictionary<string, string> Warehouse(TempWarehouse w) =>
        w.Snapshot().Where(t => !t.Key.StartsWith("stg_", StringComparison.Ordinal) && t.Key != "schema_version").ToDictionary();

    private static void AssertSameWarehouse(TempWarehouse expected, TempWarehouse actual)
    {
        var a = Warehouse(expected);
        var b = Warehouse(actual);
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        var differing = a.Keys.Where(k => a[k] != b[k]).ToList();
        Assert.True(differing.Count == 0, "tables differ: " + string.Join(", ", differing));
    }

    /// <summary>The sample shop copied into a new database of the test run's shared cluster; returns
    /// its connection string.</summary>
    private string CopySampleToPostgres()
    {
        var sqlitePath = _fromSqlite.PathOf("source.db");
        if (!File.Exists(sqlitePath)) SampleGenerator.WriteSqlite(sqlitePath, new SampleOptions { Customers = 300, Seed = 5 });
        var cs = SharedPostgres.NewDatabase();
        using var pg = new NpgsqlConnection(cs);
        pg.Open();
        using var sqlite = new SqliteConnection($"Data Source={sqlitePath};Mode=ReadOnly");
        sqlite.Open();
        foreach (var (table, ddl) in Tables)
        {
            using (var create = new NpgsqlCommand($"CREATE TABLE {table} ({ddl})", pg)) create.ExecuteNonQuery();
            using var read = sqlite.CreateCommand();
            read.CommandText = $"SELECT * FROM {table}";
            using var rows = read.ExecuteReader();
            using var copy = pg.BeginTextImport($"COPY {table} FROM STDIN (FORMAT csv)");
            var line = new StringBuilder();
            while (rows.Read())
            {
                line.Clear();
                for (var i = 0; i < rows.FieldCount; i++)
                {
                    if (i > 0) line.Append(',');
                    if (rows.IsDBNull(i)) continue;
                    var text = Convert.ToString(rows.GetValue(i), CultureInfo.InvariantCulture)!;
                    line.Append('"').Append(text.Replace("\"", "\"\"")).Append('"');
                }
                copy.WriteLine(line.ToString());
            }
        }
        return cs;
    }

    [Fact]
    public void The_same_shop_from_PostgreSQL_and_from_SQLite_gives_the_same_warehouse()
    {
        var cs = CopySampleToPostgres();
        using (var sqlite = new SqliteSource($"Data Source={_fromSqlite.PathOf("source.db")}")) _fromSqlite.Run(sqlite, new DateOnly(2025, 12, 31));
        using (var postgres = new PostgresSource(cs))
        {
            Assert.StartsWith("postgres:127.0.0.1:", postgres.Description);
            _fromPostgres.Run(postgres, new DateOnly(2025, 12, 31));
        }
        AssertSameWarehouse(_fromSqlite, _fromPostgres);
        Assert.True(Convert.ToInt64(_fromPostgres.Scalar("SELECT COUNT(*) FROM fact_order_line")) > 1_000);
    }

    [Fact]
    public void Configured_queries_map_a_source_with_other_table_and_column_names()
    {
        var cs = CopySampleToPostgres();
        using (var pg = new NpgsqlConnection(cs))
        {
            pg.Open();
            using var rename = new NpgsqlCommand("ALTER TABLE customers RENAME TO crm_clients; ALTER TABLE crm_clients RENAME COLUMN customer_id TO client_no", pg);
            rename.ExecuteNonQuery();
        }
        var queries = new Dictionary<string, string>
        {
            ["customers"] = """
                SELECT client_no AS customer_id, name, email, country, city, signup_date, acquisition_channel,
                       acquisition_cost, referred_by, updated_at FROM crm_clients
                """,
        };
        using (var sqlite = new SqliteSource($"Data Source={_fromSqlite.PathOf("source.db")}")) _fromSqlite.Run(sqlite, new DateOnly(2025, 12, 31));
        using (var postgres = new PostgresSource(cs, queries)) _fromPostgres.Run(postgres, new DateOnly(2025, 12, 31));
        AssertSameWarehouse(_fromSqlite, _fromPostgres);

        var e = Assert.Throws<InvalidOperationException>(() => new PostgresSource(cs, new Dictionary<string, string> { ["clients"] = "SELECT 1" }));
        Assert.Contains("unknown entities clients", e.Message);
    }

    [Fact]
    public void Incremental_runs_from_PostgreSQL_extract_above_the_watermark_and_match_the_same_from_SQLite()
    {
        // PostgreSQL keeps updated_at as TIMESTAMP, SQLite as text: the watermark is bound to each as
        // its type, and both warehouses must end up the same after the same changes.
        var cs = CopySampleToPostgres();
        var sqlitePath = _fromSqlite.PathOf("source.db");
        using (var sqlite = new SqliteSource($"Data Source={sqlitePath}")) _fromSqlite.Run(sqlite);
        using (var postgres = new PostgresSource(cs)) Assert.Equal("full", _fromPostgres.Run(postgres).LoadMode);

        const string Changes = """
            UPDATE orders SET status = 'returned', updated_at = '2026-01-02 10:00:00' WHERE order_id % 50 = 1 AND status = 'completed';
            UPDATE customers SET country = 'Iceland', updated_at = '2026-01-02 11:00:00' WHERE customer_id = (SELECT MIN(customer_id) FROM customers);
            """;
        long changedInPostgres;
        using (var pg = new NpgsqlConnection(cs))
        {
            pg.Open();
            using (var change = new NpgsqlCommand(Changes, pg)) change.ExecuteNonQuery();
            using var count = new NpgsqlCommand("SELECT COUNT(*) FROM orders WHERE updated_at > (SELECT MAX(updated_at) FROM orders WHERE updated_at < '2026-01-01') - INTERVAL '60 minutes'", pg);
            changedInPostgres = Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        using (var sqlite = new SqliteConnection($"Data Source={sqlitePath};Pooling=False"))
        {
            sqlite.Open();
            using var change = sqlite.CreateCommand();
            change.CommandText = Changes;
            change.ExecuteNonQuery();
        }

        RunResult fromPostgres;
        using (var postgres = new PostgresSource(cs)) fromPostgres = _fromPostgres.Run(postgres);
        using (var sqlite = new SqliteSource($"Data Source={sqlitePath}")) _fromSqlite.Run(sqlite);
        Assert.Equal("incremental", fromPostgres.LoadMode);
        Assert.Equal(changedInPostgres, fromPostgres.Entities.Single(e => e.Entity == "orders").RowsRead);
        Assert.True(changedInPostgres < Convert.ToInt64(_fromPostgres.Scalar("SELECT COUNT(*) FROM fact_order")) / 5);
        Assert.Equal("2026-01-02 10:00:00", _fromPostgres.Scalar("SELECT watermark_value FROM etl_watermark WHERE source_entity = 'orders'"));
        Assert.Equal(2L, _fromPostgres.Scalar("SELECT COUNT(*) FROM dim_customer WHERE customer_id = (SELECT MIN(customer_id) FROM dim_customer WHERE country = 'Iceland')"));
        AssertSameWarehouse(_fromSqlite, _fromPostgres);
    }

    [Fact]
    public void An_unreachable_server_is_a_clear_error_without_the_password()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            new PostgresSource("Host=127.0.0.1;Port=1;Username=etl;Password=s3cret-XYZ;Database=shop;Timeout=3"));
        Assert.Contains("postgres:127.0.0.1:1/shop", e.Message);
        Assert.DoesNotContain("s3cret-XYZ", e.Message);
    }
}
