-- The earliest date this run's data touches: the affected orders' dates (old and new), and for
-- each customer and campaign extracted, the earlier of its signup (start) date and its first
-- order. Mart snapshots as of an earlier date cannot have changed. NULL: nothing touched.
SELECT MIN(d) FROM (
    SELECT MIN(order_date) AS d FROM stg_affected_order
    UNION ALL
    SELECT MIN(signup_date) FROM stg_customers
    UNION ALL
    SELECT MIN(f.order_date) FROM fact_order f
    JOIN dim_customer c ON c.customer_key = f.customer_key AND {{is_true(c.is_current)}}
    WHERE c.customer_id IN (SELECT customer_id FROM stg_customers)
    UNION ALL
    SELECT MIN(start_date) FROM stg_campaigns
    UNION ALL
    SELECT MIN(f.order_date) FROM fact_order f
    JOIN dim_campaign cp ON cp.campaign_key = f.campaign_key
    WHERE cp.campaign_id IN (SELECT campaign_id FROM stg_campaigns)
) touched;
