-- The share of trailing-12-month revenue that comes from the top :pareto_bp basis points (20% by
-- default) of active customers: ranks r <= ceil(share x N), ranks as in mart_customer_tier. Built
-- for the as-of date and for the two dates mart_customer_tier also ranks (a month and a year
-- earlier: the month ends when the as-of date is one), so the retention workbook can set the
-- as-of month's share beside the prior month's and that of the same month a year earlier.
DELETE FROM mart_pareto
WHERE as_of_date IN (:as_of, {{months_before(:as_of, 1)}}, {{months_before(:as_of, 12)}});
WITH period_ends AS (
    SELECT CAST(:as_of AS DATE) AS period_end
    UNION
    SELECT {{months_before(:as_of, 1)}}
    UNION
    SELECT {{months_before(:as_of, 12)}}
),
active AS (
    SELECT t.as_of_date, t.revenue_rank, t.revenue_12m
    FROM mart_customer_tier t
    JOIN period_ends p ON p.period_end = t.as_of_date
    WHERE t.revenue_rank IS NOT NULL
),
cut AS (
    SELECT p.period_end,
           COUNT(a.revenue_rank) AS active_customers,
           {{ceil_div(CAST(COUNT(a.revenue_rank) AS BIGINT) * :pareto_bp, 10000)}} AS top_customers,
           COALESCE(SUM(a.revenue_12m), 0) AS total_revenue
    FROM period_ends p
    LEFT JOIN active a ON a.as_of_date = p.period_end
    GROUP BY p.period_end
),
top_share AS (
    SELECT c.period_end, c.active_customers, c.top_customers, c.total_revenue,
           COALESCE((SELECT SUM(a.revenue_12m) FROM active a
                     WHERE a.as_of_date = c.period_end AND a.revenue_rank <= c.top_customers), 0) AS top_revenue
    FROM cut c
)
INSERT INTO mart_pareto (as_of_date, active_customers, top_share_percent, top_customers, top_revenue, total_revenue, top_revenue_share)
SELECT t.period_end, t.active_customers, CAST(CAST(:pareto_bp AS DECIMAL(9,2)) * CAST(0.01 AS DECIMAL(3,2)) AS DECIMAL(5,2)), t.top_customers,
       t.top_revenue, t.total_revenue, {{ratio(t.top_revenue, t.total_revenue)}}
FROM top_share t;
