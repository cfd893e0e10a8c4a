-- Active in month m: at least one qualifying order in m (orders up to the as-of date).
--   retained = active in m-1 and m; new = first-ever qualifying order in m;
--   reactivated = active in m, not in m-1, not new; churned = active in m-1, not in m;
--   retention_rate = retained / active(m-1); churn_rate = churned / active(m-1).
-- active = retained + new + reactivated and active(m-1) = retained + churned hold by construction.
-- Every month from the first qualifying order's to the as-of date's appears, zeros included.
DELETE FROM mart_retention_monthly WHERE as_of_date = :as_of;
WITH activity AS (
    SELECT DISTINCT customer_key, {{month_start(order_date)}} AS month_start
    FROM qualifying_order
    WHERE order_date <= :as_of
),
first_months AS (
    SELECT customer_key, MIN(month_start) AS first_month FROM activity GROUP BY customer_key
),
per_month AS (
    SELECT a.month_start,
           COUNT(*) AS active,
           SUM(CASE WHEN p.customer_key IS NOT NULL THEN 1 ELSE 0 END) AS retained,
           SUM(CASE WHEN f.first_month = a.month_start THEN 1 ELSE 0 END) AS new_customers
    FROM activity a
    JOIN first_months f ON f.customer_key = a.customer_key
    LEFT JOIN activity p ON p.customer_key = a.customer_key AND p.month_start = {{add_months(a.month_start, -1)}}
    GROUP BY a.month_start
),
churn AS (
    SELECT {{add_months(a.month_start, 1)}} AS month_start, COUNT(*) AS churned
    FROM activity a
    LEFT JOIN activity n ON n.customer_key = a.customer_key AND n.month_start = {{add_months(a.month_start, 1)}}
    WHERE n.customer_key IS NULL
    GROUP BY {{add_months(a.month_start, 1)}}
),
bounds AS (
    SELECT MIN(month_start) AS first_month, {{month_start(:as_of)}} AS last_month FROM activity HAVING COUNT(*) > 0
),
months AS (
    {{month_series(bounds, first_month, last_month, month_start)}}
)
INSERT INTO mart_retention_monthly (as_of_date, month_start, active, retained, new_customers, reactivated, churned,
                                    previous_active, retention_rate, churn_rate)
SELECT :as_of,
       m.month_start,
       COALESCE(p.active, 0),
       COALESCE(p.retained, 0),
       COALESCE(p.new_customers, 0),
       COALESCE(p.active, 0) - COALESCE(p.retained, 0) - COALESCE(p.new_customers, 0),
       COALESCE(c.churned, 0),
       COALESCE(prev.active, 0),
       {{ratio(COALESCE(p.retained, 0), prev.active)}},
       {{ratio(COALESCE(c.churned, 0), prev.active)}}
FROM months m
LEFT JOIN per_month p    ON p.month_start = m.month_start
LEFT JOIN per_month prev ON prev.month_start = {{add_months(m.month_start, -1)}}
LEFT JOIN churn c        ON c.month_start = m.month_start;
