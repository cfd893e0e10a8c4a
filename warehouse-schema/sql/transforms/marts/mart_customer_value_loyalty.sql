-- Value x loyalty of every active customer as of D (revenue > 0 in (D - 12 months, D]).
--   value   = revenue in (D - 12 months, D]
--   loyalty = active months / months counted, where the months counted are the calendar months
--             from max(month of the first qualifying order, D's month - 11) to D's month inclusive
--             (1..12), and an active month is one of them with a qualifying order dated <= D.
--   Splits: :value_split / :loyalty_split, or when NULL the median over the active customers: the
--   middle value, or the mean of the two middle values for an even count, exact (rows with
--   2 x rank in [n, n + 2] are the middle ones; their mean (min + max) / 2 is kept to 9 decimals,
--   one more than the values have, so it is never rounded). A value equal to the split is high.
--   Quadrants: high value & high loyalty = Strategic partner; high value, low loyalty = Retain;
--   low value, high loyalty = Develop; low & low = Build relationship.
DELETE FROM mart_customer_value_loyalty WHERE as_of_date = :as_of;
WITH orders AS (
    SELECT customer_key, order_date, net_amount FROM qualifying_order WHERE order_date <= :as_of
),
first_orders AS (
    SELECT customer_key, MIN(order_date) AS first_order_date FROM orders GROUP BY customer_key
),
value_12m AS (
    SELECT customer_key, SUM(net_amount) AS revenue_12m
    FROM orders
    WHERE order_date > {{months_before(:as_of, 12)}}
    GROUP BY customer_key
),
active AS (
    SELECT v.customer_key, f.first_order_date, v.revenue_12m,
           CASE WHEN {{month_start(f.first_order_date)}} > {{add_months({{month_start(:as_of)}}, -11)}}
                THEN {{month_start(f.first_order_date)}}
                ELSE {{add_months({{month_start(:as_of)}}, -11)}} END AS loyalty_from
    FROM value_12m v
    JOIN first_orders f ON f.customer_key = v.customer_key
    WHERE v.revenue_12m > 0
),
months_bought AS (
    SELECT a.customer_key, COUNT(DISTINCT {{month_start(o.order_date)}}) AS active_months
    FROM active a
    JOIN orders o ON o.customer_key = a.customer_key AND o.order_date >= a.loyalty_from
    GROUP BY a.customer_key
),
scored AS (
    SELECT a.customer_key, a.first_order_date, a.revenue_12m,
           {{months_between(a.loyalty_from, {{month_start(:as_of)}})}} + 1 AS months_counted,
           COALESCE(m.active_months, 0) AS active_months,
           {{ratio(COALESCE(m.active_months, 0), {{months_between(a.loyalty_from, {{month_start(:as_of)}})}} + 1)}} AS loyalty
    FROM active a
    LEFT JOIN months_bought m ON m.customer_key = a.customer_key
),
value_ranked AS (
    SELECT revenue_12m AS v, ROW_NUMBER() OVER (ORDER BY revenue_12m) AS rn, COUNT(*) OVER () AS n FROM scored
),
loyalty_ranked AS (
    SELECT loyalty AS v, ROW_NUMBER() OVER (ORDER BY loyalty) AS rn, COUNT(*) OVER () AS n FROM scored
),
value_median AS (
    SELECT CAST((CAST(MIN(v) AS DECIMAL(28,8)) + CAST(MAX(v) AS DECIMAL(28,8))) * CAST(0.5 AS DECIMAL(2,1)) AS DECIMAL(38,9)) AS median
    FROM value_ranked
    WHERE 2 * rn BETWEEN n AND n + 2
),
loyalty_median AS (
    SELECT CAST((CAST(MIN(v) AS DECIMAL(28,8)) + CAST(MAX(v) AS DECIMAL(28,8))) * CAST(0.5 AS DECIMAL(2,1)) AS DECIMAL(38,9)) AS median
    FROM loyalty_ranked
    WHERE 2 * rn BETWEEN n AND n + 2
),
splits AS (
    SELECT COALESCE(CAST(:value_split AS DECIMAL(38,9)), vm.median)   AS value_split,
           COALESCE(CAST(:loyalty_split AS DECIMAL(38,9)), lm.median) AS loyalty_split
    FROM value_median vm
    CROSS JOIN loyalty_median lm
),
levelled AS (
    SELECT s.*, p.value_split, p.loyalty_split,
           CASE WHEN s.revenue_12m >= p.value_split THEN 'high' ELSE 'low' END AS value_level,
           CASE WHEN s.loyalty >= p.loyalty_split THEN 'high' ELSE 'low' END   AS loyalty_level
    FROM scored s
    CROSS JOIN splits p
),
quadrants AS (
    SELECT 'Strategic partner' AS quadrant, 1 AS quadrant_order, 'high' AS value_level, 'high' AS loyalty_level
    UNION ALL SELECT 'Retain', 2, 'high', 'low'
    UNION ALL SELECT 'Develop', 3, 'low', 'high'
    UNION ALL SELECT 'Build relationship', 4, 'low', 'low'
)
INSERT INTO mart_customer_value_loyalty (as_of_date, customer_key, customer_id, first_order_date, revenue_12m,
                                         months_counted, active_months, loyalty, value_split, loyalty_split,
                                         value_level, loyalty_level, quadrant, quadrant_order)
SELECT :as_of, l.customer_key, c.customer_id, l.first_order_date, l.revenue_12m,
       l.months_counted, l.active_months, l.loyalty, l.value_split, l.loyalty_split,
       l.value_level, l.loyalty_level, q.quadrant, q.quadrant_order
FROM levelled l
JOIN dim_customer c ON c.customer_key = l.customer_key AND {{is_true(c.is_current)}}
JOIN quadrants q ON q.value_level = l.value_level AND q.loyalty_level = l.loyalty_level;
