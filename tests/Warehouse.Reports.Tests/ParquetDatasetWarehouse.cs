using DuckDB.NET.Data;

namespace Warehouse.Reports.Tests;

/// <summary>
/// A small warehouse with the real tables' column types: dimensions, fact_order_line (DATE,
/// TIMESTAMP, DECIMAL(18,4), DECIMAL(18,8), VARCHAR) over 2024-11 .. 2025-03 with no January rows,
/// and a mart with two as-of dates.
/// </summary>
internal static class ParquetDatasetWarehouse
{
    public const string Ddl = """
        CREATE TABLE dim_date AS
        SELECT CAST(strftime(d, '%Y%m%d') AS INTEGER) AS date_key, CAST(d AS DATE) AS calendar_date,
               year(d) AS year, month(d) AS month, monthname(d) AS month_name, isodow(d) >= 6 AS is_weekend
        FROM range(DATE '2024-11-01', DATE '2025-04-01', INTERVAL 1 DAY) t(d);

        CREATE TABLE dim_customer (
            customer_key INTEGER NOT NULL, customer_id VARCHAR(100) NOT NULL, name VARCHAR, email VARCHAR,
            country VARCHAR, signup_date DATE, acquisition_cost DECIMAL(18,4));
        INSERT INTO dim_customer VALUES
            (1, 'C001', 'Zoë Ångström', 'zoe@example.com', 'SE', '2023-01-15', 12.5000),
            (2, 'C002', '東京 商事', NULL, 'JP', '2024-02-29', 0.0050),
            (3, 'C003', 'Emoji 😀 Ltd', 'e@example.com', NULL, NULL, NULL),
            (4, '17850', 'O''Brien "Quoted"', 'ob@example.com', 'IE', '1999-12-31', 123456789012.3456);

        CREATE TABLE dim_product (
            product_key INTEGER NOT NULL, product_id VARCHAR(100) NOT NULL, product_name VARCHAR,
            category VARCHAR, unit_cost DECIMAL(18,4), list_price DECIMAL(18,4));
        INSERT INTO dim_product VALUES
            (1, '85123A', 'Heart holder', 'Home', 1.2345, 2.5500),
            (2, '22423', 'Cake stand', 'Kitchen', 4.9900, 12.7500),
            (3, 'P-3', 'Crème brûlée set', 'Kitchen', 0.0001, 9999.9999);

        CREATE TABLE dim_channel (channel_key INTEGER NOT NULL, channel_code VARCHAR, channel_name VARCHAR);
        INSERT INTO dim_channel VALUES (0, 'unknown', 'Unknown'), (1, 'web', 'Web shop'), (2, 'store', 'Store');

        CREATE TABLE fact_order_line (
            date_key INTEGER NOT NULL, customer_key INTEGER NOT NULL, product_key INTEGER NOT NULL,
            channel_key INTEGER NOT NULL, campaign_key INTEGER NOT NULL,
            order_id VARCHAR(100) NOT NULL, line_number INTEGER NOT NULL,
            order_date DATE NOT NULL, order_ts TIMESTAMP NOT NULL,
            quantity INTEGER NOT NULL, unit_price DECIMAL(18,4) NOT NULL, discount_rate DECIMAL(9,4) NOT NULL,
            gross_amount DECIMAL(18,4) NOT NULL, net_amount DECIMAL(18,8) NOT NULL,
            cost_amount DECIMAL(18,4) NOT NULL, margin_amount DECIMAL(18,8) NOT NULL,
            order_status VARCHAR(20) NOT NULL);
        INSERT INTO fact_order_line
        SELECT CAST(strftime(d, '%Y%m%d') AS INTEGER), 1 + i % 4, 1 + i % 3, i % 3, CASE WHEN i % 5 = 0 THEN -1 ELSE 0 END,
               'O' || lpad(CAST(i // 3 AS VARCHAR), 5, '0'), CAST(i % 3 + 1 AS INTEGER),
               d, CAST(d AS TIMESTAMP) + to_microseconds((i * 1234567891) % 86400000000),
               q, price, disc,
               CAST(q * price AS DECIMAL(18,4)),
               CAST(q * price * (1 - disc) AS DECIMAL(18,8)),
               CAST(q * cost AS DECIMAL(18,4)),
               CAST(q * price * (1 - disc) - q * cost AS DECIMAL(18,8)),
               CASE i % 10 WHEN 0 THEN 'cancelled' WHEN 1 THEN 'returned' ELSE 'completed' END
        FROM (
            SELECT i, CAST(DATE '2024-11-01' + CAST((i * 7) % 151 AS INTEGER) AS DATE) AS d,
                   CAST(1 + i % 5 AS INTEGER) AS q,
                   CAST(CAST((i % 997) * 100 + 99 AS DECIMAL(18,4)) * CAST(0.01 AS DECIMAL(3,2)) AS DECIMAL(18,4)) AS price,
                   CAST(CAST(i % 4 AS DECIMAL(9,4)) * CAST(0.0625 AS DECIMAL(5,4)) AS DECIMAL(9,4)) AS disc,
                   CAST(1.2345 AS DECIMAL(18,4)) AS cost
            FROM range(900) r(i)
        ) WHERE month(d) <> 1;

        CREATE TABLE mart_pyramid (
            as_of_date DATE NOT NULL, tier VARCHAR NOT NULL, tier_order INTEGER NOT NULL, customers BIGINT NOT NULL,
            revenue DECIMAL(18,2), revenue_share DECIMAL(9,6));
        INSERT INTO mart_pyramid VALUES
            ('2025-02-28', 'Top', 1, 1, 1234.56, 0.512345),
            ('2025-02-28', 'Rest', 4, 3, 1175.01, 0.487655),
            ('2025-03-31', 'Top', 1, 1, 2345.67, 0.600000),
            ('2025-03-31', 'Rest', 4, 3, 1563.78, 0.400000),
            ('2025-03-31', 'Inactive', 5, 0, NULL, NULL);
        """;

    public static readonly string[] Dimensions = ["dim_date", "dim_customer", "dim_product", "dim_channel"];

    public static readonly string[] Marts = ["mart_pyramid"];

    /// <summary>The months that have rows (none in January 2025).</summary>
    public static readonly string[] Months = ["2024-11", "2024-12", "2025-02", "2025-03"];

    public static DuckDBConnection Create()
    {
        var db = Db.OpenInMemory();
        Db.Execute(db, Ddl);
        return db;
    }

    public static DatasetRequest Request(long runId = 7, Func<string, CancellationToken, Task<IReadOnlyList<string>>>? extra = null) => new()
    {
        RunId = runId,
        AsOfDate = new DateOnly(2025, 3, 31),
        SoftwareVersion = "0.1.0-test",
        Dimensions = Dimensions,
        PartitionedFacts = [new PartitionedTable("fact_order_line", "order_date")],
        Marts = Marts,
        WriteExtraFilesAsync = extra,
    };

    /// <summary>SQL reading a published table back with DuckDB (Hive partitions for a partitioned one).</summary>
    public static string ReadTable(string runFolder, ManifestTable table) => table.Layout == "hive"
        ? $"read_parquet('{Path.Combine(runFolder, table.Name)}/*/*.parquet', hive_partitioning = true)"
        : Db.ReadParquet(Path.Combine(runFolder, table.Name, table.Name + ".parquet"));
}
