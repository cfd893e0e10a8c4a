-- Whale curve as of D: the customers with a qualifying order in (D - 12 months, D], ranked by their
-- trailing-12-month margin descending (ties by customer_id). For p = 5, 10, ..., 100 the top
-- k = ceil(p x N / 100) of them (integers) and their cumulative margin, also as a share of the
-- total margin of all N (above 1 when the rest lose money). 20 rows, also when N = 0.
DELETE FROM mart_whale_curve WHERE as_of_date = :as_of;
WITH customer_margin AS (
    SELECT q.customer_key, c.customer_id, SUM(q.margin_amount) AS margin
    FROM qualifying_order q
    JOIN dim_customer c ON c.customer_key = q.customer_key AND {{is_true(c.is_current)}}
    WHERE q.order_date > {{months_before(:as_of, 12)}}
      AND q.order_date <= :as_of
    GROUP BY q.customer_key, c.customer_id
),
ranked AS (
    SELECT ROW_NUMBER() OVER (ORDER BY margin DESC, customer_id) AS margin_rank,
           SUM(margin) OVER (ORDER BY margin DESC, customer_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cumulative_margin
    FROM customer_margin
),
totals AS (
    SELECT COUNT(*) AS customers, COALESCE(SUM(margin), 0) AS margin FROM customer_margin
),
steps AS (
    SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5
    UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9 UNION ALL SELECT 10
    UNION ALL SELECT 11 UNION ALL SELECT 12 UNION ALL SELECT 13 UNION ALL SELECT 14 UNION ALL SELECT 15
    UNION ALL SELECT 16 UNION ALL SELECT 17 UNION ALL SELECT 18 UNION ALL SELECT 19 UNION ALL SELECT 20
),
cuts AS (
    SELECT 5 * s.k AS customer_percent,
           {{ceil_div(CAST(t.customers AS BIGINT) * 5 * s.k, 100)}} AS customers_in_top,
           t.customers,
           t.margin
    FROM steps s
    CROSS JOIN totals t
)
INSERT INTO mart_whale_curve (as_of_date, customer_percent, customers_in_top, customer_share, cumulative_margin,
                              margin_share, total_customers, total_margin)
SELECT :as_of,
       CAST(c.customer_percent AS SMALLINT),
       c.customers_in_top,
       {{ratio(c.customers_in_top, c.customers)}},
       COALESCE(r.cumulative_margin, 0),
       {{ratio(COALESCE(r.cumulative_margin, 0), c.margin)}},
       c.customers,
       c.margin
FROM cuts c
LEFT JOIN ranked r ON r.margin_rank = c.customers_in_top;
