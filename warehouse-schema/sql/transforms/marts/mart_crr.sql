-- Customer retention rate CRR = (E - N) / S for every calendar month and year up to the as-of date.
-- A period covers (P0, P1]: P0 = the day before it starts, P1 = its last day or the as-of date if
-- earlier. The base at a date t is the customers with a qualifying order in (t - 12 months, t];
-- S = base at P0, E = base at P1, N = customers whose first qualifying order falls in (P0, P1].
DELETE FROM mart_crr WHERE as_of_date = :as_of;
WITH orders AS (
    SELECT customer_key, order_date FROM qualifying_order WHERE order_date <= :as_of
),
first_orders AS (
    SELECT customer_key, MIN(order_date) AS first_date FROM orders GROUP BY customer_key
),
bounds AS (
    SELECT {{month_start(MIN(order_date))}} AS first_month, {{month_start(:as_of)}} AS last_month FROM orders HAVING COUNT(*) > 0
),
months AS (
    {{month_series(bounds, first_month, last_month, month_start)}}
),
periods AS (
    SELECT 'month' AS period_type, month_start AS period_start,
           CASE WHEN {{month_end(month_start)}} < :as_of THEN {{month_end(month_start)}} ELSE CAST(:as_of AS DATE) END AS period_end
    FROM months
    UNION ALL
    SELECT DISTINCT 'year', {{year_start(month_start)}},
           CASE WHEN {{year_end(month_start)}} < :as_of THEN {{year_end(month_start)}} ELSE CAST(:as_of AS DATE) END
    FROM months
),
bounded AS (
    SELECT period_type, period_start, period_end, {{add_days(period_start, -1)}} AS p0 FROM periods
),
counts AS (
    SELECT b.period_type, b.period_start, b.period_end,
           (SELECT COUNT(DISTINCT o.customer_key) FROM orders o
            WHERE o.order_date > {{months_before(b.p0, 12)}} AND o.order_date <= b.p0) AS base_start,
           (SELECT COUNT(DISTINCT o.customer_key) FROM orders o
            WHERE o.order_date > {{months_before(b.period_end, 12)}} AND o.order_date <= b.period_end) AS base_end,
           (SELECT COUNT(*) FROM first_orders f
            WHERE f.first_date > b.p0 AND f.first_date <= b.period_end) AS new_customers
    FROM bounded b
)
INSERT INTO mart_crr (as_of_date, period_type, period_start, period_end, base_start, base_end, new_customers, crr)
SELECT :as_of, period_type, period_start, period_end, base_start, base_end, new_customers,
       {{ratio(base_end - new_customers, base_start)}}
FROM counts;
