-- The benchmark summary (the lines baseline.sql and bench/pandas/baseline.py print) read from the
-- project's own marts in a DuckDB warehouse file, for comparison. Run by the baseline program:
--   dotnet run -c Release --project bench/baseline -- --project <warehouse.duckdb> <yyyy-MM-dd>
-- which substitutes {{warehouse}} and {{as_of}}. The marts must hold the as-of date (run --as-of, or backfill).
ATTACH '{{warehouse}}' AS wh (READ_ONLY);

SELECT 'rfm_segment' AS tag, replace(s.segment, ' ', '_') AS segment, COUNT(r.customer_key) AS customers
FROM (SELECT segment, MIN(segment_order) AS segment_order FROM wh.ref_rfm_segment GROUP BY segment) s
LEFT JOIN wh.mart_customer_rfm r ON r.segment = s.segment AND r.as_of_date = DATE '{{as_of}}'
GROUP BY s.segment_order, s.segment
ORDER BY s.segment_order;

SELECT tag, score, customers FROM (
    SELECT 1 AS o, 'r_score' AS tag, x.score, COUNT(r.customer_key) AS customers
    FROM range(1, 6) AS x(score)
    LEFT JOIN wh.mart_customer_rfm r ON r.r_score = x.score AND r.as_of_date = DATE '{{as_of}}' GROUP BY x.score
    UNION ALL
    SELECT 2, 'f_score', x.score, COUNT(r.customer_key)
    FROM range(1, 6) AS x(score)
    LEFT JOIN wh.mart_customer_rfm r ON r.f_score = x.score AND r.as_of_date = DATE '{{as_of}}' GROUP BY x.score
    UNION ALL
    SELECT 3, 'm_score', x.score, COUNT(r.customer_key)
    FROM range(1, 6) AS x(score)
    LEFT JOIN wh.mart_customer_rfm r ON r.m_score = x.score AND r.as_of_date = DATE '{{as_of}}' GROUP BY x.score
) ORDER BY o, score;

SELECT 'pyramid' AS tag, tier, customers, CAST(CAST(ROUND(revenue, 2) AS DECIMAL(38,2)) AS VARCHAR) AS revenue
FROM wh.mart_pyramid
WHERE as_of_date = DATE '{{as_of}}'
ORDER BY tier_order;

SELECT 'retention' AS tag, strftime(month_start, '%Y-%m') AS month, active, retained, new_customers, reactivated, churned
FROM wh.mart_retention_monthly
WHERE as_of_date = DATE '{{as_of}}'
ORDER BY month_start;
