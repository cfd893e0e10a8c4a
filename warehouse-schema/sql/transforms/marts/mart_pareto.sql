-- The share of trailing-12-month revenue that comes from the top :pareto_bp basis points (20% by
-- default) of active customers: ranks r <= ceil(share x N), ranks as in mart_customer_tier.
DELETE FROM mart_pareto WHERE as_of_date = :as_of;
WITH active AS (
    SELECT revenue_rank, revenue_12m FROM mart_customer_tier
    WHERE as_of_date = :as_of AND revenue_rank IS NOT NULL
),
cut AS (
    SELECT COUNT(*) AS active_customers,
           {{ceil_div(CAST(COUNT(*) AS BIGINT) * :pareto_bp, 10000)}} AS top_customers,
           COALESCE(SUM(revenue_12m), 0) AS total_revenue
    FROM active
),
top_share AS (
    SELECT c.active_customers, c.top_customers, c.total_revenue,
           COALESCE((SELECT SUM(a.revenue_12m) FROM active a WHERE a.revenue_rank <= c.top_customers), 0) AS top_revenue
    FROM cut c
)
INSERT INTO mart_pareto (as_of_date, active_customers, top_share_percent, top_customers, top_revenue, total_revenue, top_revenue_share)
SELECT :as_of, t.active_customers, CAST(CAST(:pareto_bp AS DECIMAL(9,2)) * CAST(0.01 AS DECIMAL(3,2)) AS DECIMAL(5,2)), t.top_customers,
       t.top_revenue, t.total_revenue, {{ratio(t.top_revenue, t.total_revenue)}}
FROM top_share t;
