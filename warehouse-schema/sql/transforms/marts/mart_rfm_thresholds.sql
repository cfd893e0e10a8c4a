-- Threshold t_k (k = 1..4) of a value x where higher is better: the smallest x whose cumulative
-- share of customers (customers with value <= x, over all customers in the mart) is at least k/5,
-- i.e. PERCENTILE_DISC(k/5). Compared in integers: 5 * count(value <= x) >= k * n.
-- For recency x = -recency_days, so its threshold is reported in days: the largest recency_days
-- whose share of customers with recency_days >= it is at least k/5.
DELETE FROM mart_rfm_thresholds WHERE as_of_date = :as_of;
WITH customer_values AS (
    SELECT recency_days, frequency, monetary,
           COUNT(*) OVER () AS n,
           COUNT(*) OVER (ORDER BY recency_days DESC RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS r_at_or_below,
           COUNT(*) OVER (ORDER BY frequency RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS f_at_or_below,
           COUNT(*) OVER (ORDER BY monetary RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS m_at_or_below
    FROM mart_customer_rfm
    WHERE as_of_date = :as_of
),
quantiles AS (
    SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
)
INSERT INTO mart_rfm_thresholds (as_of_date, k, recency_days, frequency, monetary)
SELECT :as_of,
       q.k,
       MAX(CASE WHEN 5 * v.r_at_or_below >= q.k * v.n THEN v.recency_days END),
       MIN(CASE WHEN 5 * v.f_at_or_below >= q.k * v.n THEN v.frequency END),
       MIN(CASE WHEN 5 * v.m_at_or_below >= q.k * v.n THEN v.monetary END)
FROM customer_values v
CROSS JOIN quantiles q
GROUP BY q.k;
