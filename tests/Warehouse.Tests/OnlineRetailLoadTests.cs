using Warehouse.Etl.Configuration;
using Warehouse.Etl.Sources.Flat;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests;

/// <summary>The real UCI Online Retail file (../shared/data), loaded through the shipped sample
/// configuration etl/samples/online-retail.json. Expected figures come from the data set's README
/// and from reading the file independently (DuckDB's own CSV reader, and a Python count).</summary>
public sealed class OnlineRetailLoadTests : IClassFixture<OnlineRetailLoadTests.Loaded>
{
    /// <summary>The file loaded once for the class, on first use: a clone without the data set
    /// skips the tests and never loads it.</summary>
    public sealed class Loaded : IDisposable
    {
        private readonly Lazy<Warehouse.Etl.Pipeline.RunResult> _result;
        private readonly TempWarehouse _warehouse = new();

        /// <summary>The warehouse the file was loaded into (loading it on first use).</summary>
        public TempWarehouse Warehouse { get { _ = _result.Value; return _warehouse; } }
        public Warehouse.Etl.Pipeline.RunResult Result => _result.Value;
        public string File => SharedData.File(DataSet);

        public Loaded() => _result = new(() =>
        {
            var settings = SettingsLoader.Load(Path.Combine(SharedData.RepositoryRoot(), "etl", "samples", "online-retail.json"));
            using var source = new FlatFileSource(File, settings.Source.Flat);
            return _warehouse.Run(source);
        });

        public void Dispose() => _warehouse.Dispose();
    }

    public const string DataSet = "online-retail.csv.gz";

    private readonly Loaded _l;

    public OnlineRetailLoadTests(Loaded l) => _l = l;

    [SharedDataFact(DataSet)]
    public void Every_row_is_loaded_or_quarantined_and_rows_without_a_customer_are_quarantined()
    {
        var lines = _l.Result.Entities.Single(e => e.Entity == "order_lines");
        Assert.Equal(541_909L, lines.RowsRead);
        Assert.Equal(lines.RowsRead, lines.RowsWritten + lines.RowsQuarantined);
        Assert.Equal(135_080L, _l.Warehouse.Scalar("SELECT COUNT(*) FROM etl_quarantine WHERE reason_code = 'missing_customer'"));
        Assert.Equal(135_080L, lines.RowsQuarantined);
        // Exact duplicate rows (5,268 in the file) stay separate lines: nothing else was dropped.
        Assert.Equal(541_909L - 135_080L, _l.Warehouse.Scalar("SELECT COUNT(*) FROM fact_order_line"));
    }

    [SharedDataFact(DataSet)]
    public void Customers_orders_and_cancellations_match_the_file()
    {
        Assert.Equal(4_372L, _l.Warehouse.Scalar("SELECT COUNT(*) FROM dim_customer"));
        Assert.Equal(22_190L, _l.Warehouse.Scalar("SELECT COUNT(*) FROM fact_order"));
        // Lines of C-invoices that have a customer (counted in the file with Python): cancelled.
        Assert.Equal(8_905L, _l.Warehouse.Scalar("SELECT COUNT(*) FROM fact_order_line WHERE order_status = 'cancelled'"));
        Assert.Equal(0L, _l.Warehouse.Scalar("SELECT COUNT(*) FROM fact_order_line WHERE order_status = 'cancelled' AND order_id NOT LIKE 'C%'"));
        Assert.Equal("17850", _l.Warehouse.Scalar("SELECT customer_id FROM dim_customer WHERE customer_id LIKE '1785%' ORDER BY customer_id LIMIT 1"));
    }

    [SharedDataFact(DataSet)]
    public void Revenue_and_each_customers_country_agree_with_an_independent_read_of_the_file()
    {
        var independent = _l.Warehouse.Rows($"""
            SELECT SUM(CAST(Quantity AS BIGINT) * CAST(UnitPrice AS DECIMAL(18,4)))
            FROM read_csv('{_l.File}', header = true, all_varchar = true)
            WHERE CustomerID IS NOT NULL AND CustomerID <> ''
            """).Single()[0];
        Assert.Equal((decimal)independent!, (decimal)_l.Warehouse.Scalar("SELECT SUM(net_amount) FROM fact_order_line")!);
        // The country is the one on the customer's latest order line.
        var mismatches = _l.Warehouse.Scalar($"""
            WITH f AS (
                SELECT CAST(CAST(CustomerID AS DOUBLE) AS BIGINT) AS customer, Country,
                       CAST(InvoiceDate AS TIMESTAMP) AS ts
                FROM read_csv('{_l.File}', header = true, all_varchar = true)
                WHERE CustomerID IS NOT NULL AND CustomerID <> ''),
            latest AS (SELECT customer, MAX(ts) AS ts FROM f GROUP BY customer),
            expected AS (SELECT f.customer, MIN(f.Country) AS country, COUNT(DISTINCT f.Country) AS countries
                         FROM f JOIN latest l ON l.customer = f.customer AND l.ts = f.ts GROUP BY f.customer)
            SELECT COUNT(*) FROM expected e JOIN dim_customer c ON c.customer_id = CAST(e.customer AS VARCHAR)
            WHERE e.countries = 1 AND c.country <> e.country
            """);
        Assert.Equal(0L, mismatches);
    }
}
