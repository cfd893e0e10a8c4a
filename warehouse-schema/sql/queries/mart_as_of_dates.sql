-- The as-of dates the marts hold snapshots for (from runs and backfills), oldest first.
-- (mart_customer_tier is left out: it also keeps the tiers of the periods a snapshot compares with.)
SELECT as_of_date FROM (
    SELECT as_of_date FROM mart_customer_rfm
    UNION SELECT as_of_date FROM mart_retention_monthly
    UNION SELECT as_of_date FROM mart_cohort_retention
    UNION SELECT as_of_date FROM mart_crr
    UNION SELECT as_of_date FROM mart_customer_value
    UNION SELECT as_of_date FROM mart_customer_value_loyalty
    UNION SELECT as_of_date FROM mart_segment_performance
    UNION SELECT as_of_date FROM mart_campaign_roi
    UNION SELECT as_of_date FROM mart_whale_curve
) held
ORDER BY as_of_date;
