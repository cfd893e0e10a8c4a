-- Per tier: customers, their share of active customers, trailing-12-month revenue, its share,
-- average, minimum and maximum customer revenue. All six tiers, empty ones with zeros.
DELETE FROM mart_pyramid WHERE as_of_date = :as_of;
WITH per_tier AS (
    SELECT tier, COUNT(*) AS customers, SUM(revenue_12m) AS revenue,
           MIN(revenue_12m) AS min_revenue, MAX(revenue_12m) AS max_revenue
    FROM mart_customer_tier
    WHERE as_of_date = :as_of
    GROUP BY tier
),
totals AS (
    SELECT COUNT(*) AS active_customers, COALESCE(SUM(revenue_12m), 0) AS revenue
    FROM mart_customer_tier
    WHERE as_of_date = :as_of AND revenue_rank IS NOT NULL
)
INSERT INTO mart_pyramid (as_of_date, tier, tier_order, customers, active_share, revenue, revenue_share,
                          avg_revenue, min_revenue, max_revenue)
SELECT :as_of, r.tier, r.tier_order,
       COALESCE(p.customers, 0),
       CASE WHEN {{is_true(r.is_active)}} THEN {{ratio(COALESCE(p.customers, 0), t.active_customers)}} END,
       COALESCE(p.revenue, 0),
       {{ratio(COALESCE(p.revenue, 0), t.revenue)}},
       {{ratio(p.revenue, p.customers)}},
       p.min_revenue,
       p.max_revenue
FROM ref_pyramid_tier r
CROSS JOIN totals t
LEFT JOIN per_tier p ON p.tier = r.tier;
