-- Rows each source entity contributed to the warehouse (special members excluded).
SELECT 'customers', COUNT(*) FROM dim_customer
UNION ALL SELECT 'products', COUNT(*) FROM dim_product
UNION ALL SELECT 'campaigns', COUNT(*) FROM dim_campaign WHERE campaign_key > 0
UNION ALL SELECT 'orders', COUNT(*) FROM fact_order
UNION ALL SELECT 'order_lines', COUNT(*) FROM fact_order_line;
