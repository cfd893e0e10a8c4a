-- The earliest as-of date whose marts this run's data can change: the affected orders' dates (old
-- and new; they include the orders a new customer or product version now covers), and for each
-- customer changed in what the marts read (stg_affected_customer) and each campaign added or
-- changed (stg_affected_campaign), the earlier of its touched_from and its first order. Snapshots
-- as of earlier dates cannot have changed and are kept. NULL: nothing touched.
SELECT MIN(d) FROM (
    SELECT MIN(order_date) AS d FROM stg_affected_order
    UNION ALL
    SELECT MIN(touched_from) FROM stg_affected_customer
    UNION ALL
    SELECT MIN(f.order_date) FROM fact_order f
    JOIN dim_customer c ON c.customer_key = f.customer_key AND {{is_true(c.is_current)}}
    WHERE c.customer_id IN (SELECT customer_id FROM stg_affected_customer)
    UNION ALL
    SELECT MIN(touched_from) FROM stg_affected_campaign
    UNION ALL
    SELECT MIN(f.order_date) FROM fact_order f
    JOIN dim_campaign cp ON cp.campaign_key = f.campaign_key
    WHERE cp.campaign_id IN (SELECT campaign_id FROM stg_affected_campaign)
) touched;
