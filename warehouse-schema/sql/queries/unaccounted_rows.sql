-- The first rows of one source entity's staging that the warehouse does not hold after the load:
-- staging checks remove the rows they quarantine, so a row left in staging must be in its target
-- table. A failed reconciliation (read <> loaded + quarantined) names these rows by key.
SELECT {{top(5)}} row_key
FROM (
    SELECT 'customers' AS source_entity, CONCAT('customer_id=', s.customer_id) AS row_key FROM stg_customers s
    WHERE NOT EXISTS (SELECT 1 FROM dim_customer d WHERE d.customer_id = s.customer_id AND {{is_true(d.is_current)}})
    UNION ALL
    SELECT 'products', CONCAT('product_id=', s.product_id) FROM stg_products s
    WHERE NOT EXISTS (SELECT 1 FROM dim_product d WHERE d.product_id = s.product_id AND {{is_true(d.is_current)}})
    UNION ALL
    SELECT 'campaigns', CONCAT('campaign_id=', s.campaign_id) FROM stg_campaigns s
    WHERE NOT EXISTS (SELECT 1 FROM dim_campaign d WHERE d.campaign_id = s.campaign_id AND d.campaign_key > 0)
    UNION ALL
    SELECT 'orders', CONCAT('order_id=', s.order_id) FROM stg_orders s
    WHERE NOT EXISTS (SELECT 1 FROM fact_order f WHERE f.order_id = s.order_id)
    UNION ALL
    SELECT 'order_lines', CONCAT('order_id=', s.order_id, '; line_number=', s.line_number) FROM stg_order_lines s
    WHERE NOT EXISTS (SELECT 1 FROM fact_order_line f WHERE f.order_id = s.order_id AND f.line_number = s.line_number)
) missing
WHERE source_entity = :source_entity
ORDER BY row_key
{{limit(5)}};
