-- Rows in each entity's staging table (for entities derived from a flat extract).
SELECT 'customers', COUNT(*) FROM stg_customers
UNION ALL SELECT 'products', COUNT(*) FROM stg_products
UNION ALL SELECT 'campaigns', COUNT(*) FROM stg_campaigns
UNION ALL SELECT 'orders', COUNT(*) FROM stg_orders;
