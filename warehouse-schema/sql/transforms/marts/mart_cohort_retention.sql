-- A customer's cohort is the month of their first qualifying order. For each cohort and each month
-- k = 0, 1, ... it has reached (cohort month + k <= the as-of date's month): the cohort's customers
-- with a qualifying order in month cohort + k, their share of the cohort, the cohort's revenue in
-- that month and its ratio to the cohort's month-0 revenue. Months with nobody appear with zeros.
DELETE FROM mart_cohort_retention WHERE as_of_date = :as_of;
WITH customer_months AS (
    SELECT customer_key, {{month_start(order_date)}} AS month_start, SUM(net_amount) AS revenue
    FROM qualifying_order
    WHERE order_date <= :as_of
    GROUP BY customer_key, {{month_start(order_date)}}
),
cohorts AS (
    SELECT customer_key, MIN(month_start) AS cohort_month FROM customer_months GROUP BY customer_key
),
cohort_sizes AS (
    SELECT cohort_month, COUNT(*) AS cohort_size FROM cohorts GROUP BY cohort_month
),
cohort_activity AS (
    SELECT c.cohort_month, m.month_start, COUNT(*) AS active_customers, SUM(m.revenue) AS revenue
    FROM customer_months m
    JOIN cohorts c ON c.customer_key = m.customer_key
    GROUP BY c.cohort_month, m.month_start
),
bounds AS (
    SELECT MIN(cohort_month) AS first_month, {{month_start(:as_of)}} AS last_month FROM cohorts HAVING COUNT(*) > 0
),
months AS (
    {{month_series(bounds, first_month, last_month, month_start)}}
)
INSERT INTO mart_cohort_retention (as_of_date, cohort_month, months_since, cohort_size, active_customers, active_share,
                                   revenue, revenue_to_month0)
SELECT :as_of,
       s.cohort_month,
       {{months_between(s.cohort_month, m.month_start)}},
       s.cohort_size,
       COALESCE(a.active_customers, 0),
       {{ratio(COALESCE(a.active_customers, 0), s.cohort_size)}},
       COALESCE(a.revenue, 0),
       {{ratio(COALESCE(a.revenue, 0), m0.revenue)}}
FROM cohort_sizes s
JOIN months m ON m.month_start >= s.cohort_month
LEFT JOIN cohort_activity a  ON a.cohort_month = s.cohort_month AND a.month_start = m.month_start
LEFT JOIN cohort_activity m0 ON m0.cohort_month = s.cohort_month AND m0.month_start = s.cohort_month;
