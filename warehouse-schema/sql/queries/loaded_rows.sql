-- Rows of this run's staging (what is left after the checks) that the warehouse now holds, per
-- source entity: a customer or product with a current version, a campaign, an order, an order
-- line by natural key. With the rows quarantined, this must add up to the rows read.
SELECT 'customers', COUNT(*) FROM stg_customers s
WHERE EXISTS (SELECT 1 FROM dim_customer d WHERE d.customer_id = s.customer_id AND {{is_true(d.is_current)}})
UNION ALL
SELECT 'products', COUNT(*) FROM stg_products s
WHERE EXISTS (SELECT 1 FROM dim_product d WHERE d.product_id = s.product_id AND {{is_true(d.is_current)}})
UNION ALL
SELECT 'campaigns', COUNT(*) FROM stg_campaigns s
WHERE EXISTS (SELECT 1 FROM dim_campaign d WHERE d.campaign_id = s.campaign_id AND d.campaign_key > 0)
UNION ALL
SELECT 'orders', COUNT(*) FROM stg_orders s
WHERE EXISTS (SELECT 1 FROM fact_order f WHERE f.order_id = s.order_id)
UNION ALL
SELECT 'order_lines', COUNT(*) FROM stg_order_lines s
WHERE EXISTS (SELECT 1 FROM fact_order_line f WHERE f.order_id = s.order_id AND f.line_number = s.line_number);
