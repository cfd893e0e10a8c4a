-- Per value x loyalty quadrant (all four, empty ones with zeros): customers, trailing-12-month
-- revenue and their shares of the active customers' totals, and the split points used (from
-- mart_customer_value_loyalty; with no active customer only a given :value_split / :loyalty_split).
DELETE FROM mart_value_loyalty WHERE as_of_date = :as_of;
WITH quadrants AS (
    SELECT 'Strategic partner' AS quadrant, 1 AS quadrant_order, 'high' AS value_level, 'high' AS loyalty_level
    UNION ALL SELECT 'Retain', 2, 'high', 'low'
    UNION ALL SELECT 'Develop', 3, 'low', 'high'
    UNION ALL SELECT 'Build relationship', 4, 'low', 'low'
),
per_quadrant AS (
    SELECT quadrant, COUNT(*) AS customers, SUM(revenue_12m) AS revenue
    FROM mart_customer_value_loyalty
    WHERE as_of_date = :as_of
    GROUP BY quadrant
),
totals AS (
    SELECT COUNT(*) AS customers,
           COALESCE(SUM(revenue_12m), 0) AS revenue,
           COALESCE(MAX(value_split), CAST(:value_split AS DECIMAL(38,9)))     AS value_split,
           COALESCE(MAX(loyalty_split), CAST(:loyalty_split AS DECIMAL(38,9))) AS loyalty_split
    FROM mart_customer_value_loyalty
    WHERE as_of_date = :as_of
)
INSERT INTO mart_value_loyalty (as_of_date, quadrant, quadrant_order, value_level, loyalty_level, customers, customer_share,
                                revenue, revenue_share, value_split, value_split_source, loyalty_split, loyalty_split_source)
SELECT :as_of,
       q.quadrant,
       q.quadrant_order,
       q.value_level,
       q.loyalty_level,
       COALESCE(p.customers, 0),
       {{ratio(COALESCE(p.customers, 0), t.customers)}},
       COALESCE(p.revenue, 0),
       {{ratio(COALESCE(p.revenue, 0), t.revenue)}},
       t.value_split,
       CASE WHEN CAST(:value_split AS DECIMAL(38,9)) IS NULL THEN 'median' ELSE 'parameter' END,
       t.loyalty_split,
       CASE WHEN CAST(:loyalty_split AS DECIMAL(38,9)) IS NULL THEN 'median' ELSE 'parameter' END
FROM quadrants q
CROSS JOIN totals t
LEFT JOIN per_quadrant p ON p.quadrant = q.quadrant;
