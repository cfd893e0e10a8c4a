-- How customers moved between tiers: tier at the earlier date (a month and a year before) x tier
-- at the as-of date. 'New' = no tier at the earlier date (not yet signed up, no order). Every
-- customer with a tier at the earlier date has one at the as-of date, so each from-row sums to the
-- from-tier's count at the earlier date.
DELETE FROM mart_pyramid_migration WHERE as_of_date = :as_of;
WITH comparisons AS (
    SELECT 'prior_month' AS comparison, {{months_before(:as_of, 1)}} AS compared_to
    UNION ALL
    SELECT 'prior_year', {{months_before(:as_of, 12)}}
),
from_tiers AS (
    SELECT tier, tier_order FROM ref_pyramid_tier
    UNION ALL
    SELECT 'New', 0
),
moves AS (
    SELECT c.comparison, COALESCE(e.tier, 'New') AS from_tier, n.tier AS to_tier, COUNT(*) AS customers
    FROM comparisons c
    CROSS JOIN mart_customer_tier n
    LEFT JOIN mart_customer_tier e ON e.as_of_date = c.compared_to AND e.customer_key = n.customer_key
    WHERE n.as_of_date = :as_of
    GROUP BY c.comparison, COALESCE(e.tier, 'New'), n.tier
)
INSERT INTO mart_pyramid_migration (as_of_date, comparison, compared_to, from_tier, from_order, to_tier, to_order, customers)
SELECT :as_of, c.comparison, c.compared_to, f.tier, f.tier_order, t.tier, t.tier_order, COALESCE(m.customers, 0)
FROM comparisons c
CROSS JOIN from_tiers f
CROSS JOIN ref_pyramid_tier t
LEFT JOIN moves m ON m.comparison = c.comparison AND m.from_tier = f.tier AND m.to_tier = t.tier;
