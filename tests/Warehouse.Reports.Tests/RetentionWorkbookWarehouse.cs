using System.Data.Common;
using System.Globalization;
using DuckDB.NET.Data;
using Warehouse.Schema;
using Warehouse.Schema.Dialects;

namespace Warehouse.Reports.Tests;

/// <summary>
/// A temp DuckDB warehouse with the marts the retention workbook reads, created with the DDL of
/// warehouse-schema/sql/tables/marts/*.sql (rendered, not copied), and rows for two as-of dates:
/// <list type="bullet">
/// <item>2024-06-30: 28 months (2022-03 .. 2024-06) of retention, CRR and cohorts, so the chart
/// takes the last 24; cohort revenue ending in .125 / .135 (half-away-from-zero cases); a NULL
/// retention rate inside the chart's months; Pareto rows at 2024-06-30 and 2023-06-30 but none at
/// 2024-05-31 (the prior month: "not built").</item>
/// <item>2024-05-15 (mid-month): 5 months (2024-01 .. 2024-05) with other values; no Pareto row for
/// 2024-04-30 nor 2023-05-31, and 2023-05 is before the series.</item>
/// </list>
/// </summary>
internal static class RetentionWorkbookWarehouse
{
    public static readonly DateOnly AsOf = new(2024, 6, 30);
    public static readonly DateOnly MidMonthAsOf = new(2024, 5, 15);

    /// <summary>The marts' DDL, rendered from warehouse-schema (the warehouse's own definitions).</summary>
    public static string Ddl => string.Join("\n", new[]
    {
        "mart_retention_monthly", "mart_crr", "mart_cohort_retention", "mart_cohort_retention_average",
        "mart_pareto", "mart_pyramid", "mart_pyramid_migration", "mart_rfm_segment_summary",
    }.Select(t => DuckDbDialect.Instance.Render(SqlCatalog.Embedded.Read("tables/marts/" + t))));

    /// <summary>Creates the marts in a new DuckDB file in <paramref name="folder"/> and fills both as-of dates.</summary>
    public static DuckDBConnection Create(string folder)
    {
        var db = new DuckDBConnection("DataSource=" + Path.Combine(folder, "warehouse.duckdb"));
        db.Open();
        Db.Execute(db, Ddl);
        Fill(db, AsOf, new DateOnly(2022, 3, 1), months: 28, seed: 0, nullRateAt: 20);
        Fill(db, MidMonthAsOf, new DateOnly(2024, 1, 1), months: 5, seed: 3, nullRateAt: -1);

        // The pyramid mart of the main date, by hand: rounding cases, NULL shares of inactive tiers,
        // inserted out of tier order.
        Db.Execute(db, """
            INSERT INTO mart_pyramid VALUES
              ('2024-06-30', 'Small',    4, 700, 0.80000000, 35000.12500000, 0.35000000, 50.00017857, 0.01000000, 199.99500000),
              ('2024-06-30', 'Top',      1,  10, 0.01142857, 20000.00500000, 0.20000000, 2000.00050000, 1500.12500000, 2999.99500000),
              ('2024-06-30', 'Big',      2,  35, 0.04000000, 25000.99500000, 0.25000000, 714.31414286, 500.00000000, 1499.87500000),
              ('2024-06-30', 'Medium',   3, 130, 0.14857143, 20000.00000000, 0.20000000, 153.84615385, 200.00500000, 499.99000000),
              ('2024-06-30', 'Prospect', 6, 90, NULL, 0, 0.00000000, NULL, NULL, NULL),
              ('2024-06-30', 'Inactive', 5, 400, NULL, 0, 0.00000000, 0, 0, 0);
            INSERT INTO mart_pyramid VALUES
              ('2024-05-15', 'Top',      1,   5, 0.01000000, 999.99500000, 0.50000000, 199.99900000, 100.00000000, 300.00000000),
              ('2024-05-15', 'Big',      2,  20, 0.04000000, 500.00000000, 0.25000000, 25.00000000, 20.00000000, 30.00000000),
              ('2024-05-15', 'Medium',   3,  75, 0.15000000, 300.00000000, 0.15000000, 4.00000000, 3.00000000, 5.00000000),
              ('2024-05-15', 'Small',    4, 400, 0.80000000, 200.00000000, 0.10000000, 0.50000000, 0.10000000, 1.00000000),
              ('2024-05-15', 'Inactive', 5,  10, NULL, 0, 0.00000000, 0, 0, 0),
              ('2024-05-15', 'Prospect', 6,   3, NULL, 0, 0.00000000, NULL, NULL, NULL);
            -- The year-earlier Pareto row exists; the prior month's (2024-05-31) does not.
            INSERT INTO mart_pareto VALUES ('2023-06-30', 800, 20.00, 160, 5555.55500000, 10000.00000000, 0.55555550);
            """);
        return db;
    }

    private static void Fill(DbConnection db, DateOnly asOf, DateOnly firstMonth, int months, int seed, int nullRateAt)
    {
        string d = "DATE '" + asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'";
        string first = "DATE '" + firstMonth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'";
        string n = months.ToString(CultureInfo.InvariantCulture);
        string s = seed.ToString(CultureInfo.InvariantCulture);
        string nullAt = nullRateAt.ToString(CultureInfo.InvariantCulture);
        Db.Execute(db, $"""
            INSERT INTO mart_retention_monthly
            WITH base AS (
                SELECT i, CAST({first} + INTERVAL (i) MONTH AS DATE) AS month_start,
                       50 + ((i + {s}) * 37) % 41 AS active,
                       CASE WHEN i = 0 THEN 0 ELSE 10 + ((i + {s}) * 13) % 17 END AS retained,
                       5 + ((i + {s}) * 7) % 11 AS new_customers
                FROM range({n}) t(i)
            ),
            prev AS (SELECT *, COALESCE(LAG(active) OVER (ORDER BY i), 0) AS previous_active FROM base)
            SELECT {d}, month_start, active, retained, new_customers, active - retained - new_customers,
                   previous_active - retained, previous_active,
                   CASE WHEN previous_active = 0 OR i = {nullAt} THEN NULL ELSE CAST(retained AS DOUBLE) / previous_active END,
                   CASE WHEN previous_active = 0 OR i = {nullAt} THEN NULL ELSE CAST(previous_active - retained AS DOUBLE) / previous_active END
            FROM prev;

            INSERT INTO mart_crr
            SELECT {d}, 'month', CAST({first} + INTERVAL (i) MONTH AS DATE),
                   CAST({first} + INTERVAL (i + 1) MONTH - INTERVAL 1 DAY AS DATE),
                   100 + i, 110 + i, 5 + i % 4,
                   CASE WHEN i = 0 THEN NULL ELSE 0.85 + ((i + {s}) % 9) * 0.0123456 END
            FROM range({n}) t(i);
            INSERT INTO mart_crr VALUES ({d}, 'year', DATE '2024-01-01', {d}, 1, 2, 3, 0.33333333);

            INSERT INTO mart_cohort_retention
            WITH cohorts AS (
                SELECT c, CAST({first} + INTERVAL (c) MONTH AS DATE) AS cohort_month, 20 + ((c + {s}) * 11) % 23 AS cohort_size
                FROM range({n}) t(c)
            ),
            cells AS (
                SELECT c, cohort_month, cohort_size, k,
                       CASE WHEN k = 0 THEN cohort_size ELSE cohort_size * (((c + k + {s}) * 7) % 10) // 20 END AS active_customers,
                       CAST(c * 1000 + k * 10 + {s} AS DECIMAL(38,8)) + CASE WHEN k % 2 = 0 THEN 0.125 ELSE 0.135 END AS revenue
                FROM cohorts, range({n}) r(k)
                WHERE c + k < {n}
            )
            SELECT {d}, cohort_month, k, cohort_size, active_customers,
                   CAST(active_customers AS DOUBLE) / cohort_size, revenue, NULL
            FROM cells;

            INSERT INTO mart_cohort_retention_average
            SELECT {d}, months_since, COUNT(*), SUM(cohort_size), SUM(active_customers),
                   CAST(SUM(active_customers) AS DOUBLE) / SUM(cohort_size)
            FROM mart_cohort_retention WHERE as_of_date = {d} GROUP BY months_since;

            INSERT INTO mart_pareto VALUES ({d}, 1000, 20.00, 200, 6123.45670000 + {s}, 10000.00000000, 0.61234567 + {s} * 0.01);

            INSERT INTO mart_pyramid_migration
            WITH comparisons(comparison, compared_to, n) AS (
                VALUES ('prior_month', CAST({d} - INTERVAL 1 MONTH AS DATE), 1), ('prior_year', CAST({d} - INTERVAL 12 MONTH AS DATE), 2)
            ),
            tiers(tier, tier_order) AS (
                VALUES ('Top', 1), ('Big', 2), ('Medium', 3), ('Small', 4), ('Inactive', 5), ('Prospect', 6)
            ),
            from_tiers AS (SELECT * FROM tiers UNION ALL SELECT 'New', 0)
            SELECT {d}, c.comparison, c.compared_to, f.tier, f.tier_order, t.tier, t.tier_order,
                   CASE WHEN f.tier_order = t.tier_order THEN 100 * t.tier_order + c.n + {s}
                        ELSE ((f.tier_order * 7 + t.tier_order * 3 + c.n + {s}) % 5) * ((f.tier_order + t.tier_order) % 3) END
            FROM comparisons c, from_tiers f, tiers t;

            INSERT INTO mart_rfm_segment_summary VALUES
                ({d}, 'Champions', 1, 3 + {s}, 0.30000000, 10.12500000, 0.62288526, 3.37500000, 12.33333333, 4.66666667),
                ({d}, 'Loyal', 2, 5, 0.50000000, 10.13500000, 0.62350046, 2.02700000, 30.50000000, 2.20000000),
                ({d}, 'Hibernating', 10, 0, NULL, 0, NULL, NULL, NULL, NULL);
            """);
    }

    /// <summary>The rows of a query, each as its column values (DBNull as null).</summary>
    public static List<object?[]> Rows(DbConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(row);
        }
        return rows;
    }
}
