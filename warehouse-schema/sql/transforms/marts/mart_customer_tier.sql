-- Pyramid tier of every customer at the as-of date and at the two dates it is compared with (a
-- month and a year earlier). For a period end M the window is (M - 12 months, M]:
--   active customers (revenue > 0 in the window) ranked by revenue descending, then natural key;
--   with N active: Top if rank <= ceil(top% N), Big if <= ceil(big% N), Medium if <= ceil(medium% N),
--   else Small (cut-offs in basis points, cumulative);
--   Inactive: a qualifying order before the window, none in it;
--   Prospect: in the customer master, signed up on or before M, no qualifying order on or before M.
DELETE FROM mart_customer_tier
WHERE as_of_date IN (:as_of, {{months_before(:as_of, 1)}}, {{months_before(:as_of, 12)}});
WITH period_ends AS (
    SELECT CAST(:as_of AS DATE) AS period_end
    UNION
    SELECT {{months_before(:as_of, 1)}}
    UNION
    SELECT {{months_before(:as_of, 12)}}
),
customer_period AS (
    SELECT p.period_end,
           q.customer_key,
           SUM(CASE WHEN q.order_date > {{months_before(p.period_end, 12)}} THEN q.net_amount ELSE 0 END) AS revenue_12m
    FROM period_ends p
    JOIN qualifying_order q ON q.order_date <= p.period_end
    GROUP BY p.period_end, q.customer_key
),
ranked AS (
    SELECT cp.period_end, cp.customer_key, c.customer_id, cp.revenue_12m,
           ROW_NUMBER() OVER (PARTITION BY cp.period_end ORDER BY cp.revenue_12m DESC, c.customer_id) AS revenue_rank,
           COUNT(*) OVER (PARTITION BY cp.period_end) AS active_customers
    FROM customer_period cp
    JOIN dim_customer c ON c.customer_key = cp.customer_key AND {{is_true(c.is_current)}}
    WHERE cp.revenue_12m > 0
),
tiered AS (
    SELECT period_end, customer_key, customer_id, revenue_12m, revenue_rank,
           CASE WHEN revenue_rank <= {{ceil_div(CAST(active_customers AS BIGINT) * :tier_top_bp, 10000)}} THEN 'Top'
                WHEN revenue_rank <= {{ceil_div(CAST(active_customers AS BIGINT) * :tier_big_bp, 10000)}} THEN 'Big'
                WHEN revenue_rank <= {{ceil_div(CAST(active_customers AS BIGINT) * :tier_medium_bp, 10000)}} THEN 'Medium'
                ELSE 'Small' END AS tier
    FROM ranked
    UNION ALL
    SELECT cp.period_end, cp.customer_key, c.customer_id, cp.revenue_12m, NULL, 'Inactive'
    FROM customer_period cp
    JOIN dim_customer c ON c.customer_key = cp.customer_key AND {{is_true(c.is_current)}}
    WHERE cp.revenue_12m = 0
    UNION ALL
    SELECT p.period_end, c.customer_key, c.customer_id, 0, NULL, 'Prospect'
    FROM period_ends p
    JOIN dim_customer c ON COALESCE(c.signup_date, p.period_end) <= p.period_end AND {{is_true(c.is_current)}}
    WHERE NOT EXISTS (SELECT 1 FROM customer_period cp
                      WHERE cp.period_end = p.period_end AND cp.customer_key = c.customer_key)
)
INSERT INTO mart_customer_tier (as_of_date, customer_key, customer_id, tier, tier_order, revenue_12m, revenue_rank)
SELECT t.period_end, t.customer_key, t.customer_id, t.tier, r.tier_order, t.revenue_12m, t.revenue_rank
FROM tiered t
JOIN ref_pyramid_tier r ON r.tier = t.tier;
