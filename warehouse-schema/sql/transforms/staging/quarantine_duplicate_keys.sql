-- A natural key that appears more than once in one extract: the first row (by position in the
-- extract) is kept, the others are quarantined and removed from staging.
WITH numbered AS (
    SELECT 'customers' AS entity, customer_id AS natural_key, source_row,
           CONCAT('customer_id=', customer_id, '; name=', COALESCE(name, ''), '; email=', COALESCE(email, ''), '; country=', COALESCE(country, '')) AS raw_row,
           ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY source_row) AS occurrence
    FROM stg_customers
    UNION ALL
    SELECT 'products', product_id, source_row,
           CONCAT('product_id=', product_id, '; name=', COALESCE(name, ''), '; category=', COALESCE(category, '')),
           ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY source_row)
    FROM stg_products
    UNION ALL
    SELECT 'campaigns', campaign_id, source_row,
           CONCAT('campaign_id=', campaign_id, '; name=', COALESCE(name, '')),
           ROW_NUMBER() OVER (PARTITION BY campaign_id ORDER BY source_row)
    FROM stg_campaigns
    UNION ALL
    SELECT 'orders', order_id, source_row,
           CONCAT('order_id=', order_id, '; customer_id=', COALESCE(customer_id, ''), '; status=', status),
           ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY source_row)
    FROM stg_orders
    UNION ALL
    SELECT 'order_lines', CONCAT(order_id, '/', line_number), source_row,
           CONCAT('order_id=', order_id, '; line_number=', line_number, '; product_id=', COALESCE(product_id, ''),
                  '; quantity=', quantity, '; unit_price=', unit_price),
           ROW_NUMBER() OVER (PARTITION BY order_id, line_number ORDER BY source_row)
    FROM stg_order_lines
)
INSERT INTO etl_quarantine (run_id, source_entity, source_location, raw_row, reason_code, message)
SELECT :run_id, entity, CONCAT('row ', source_row), raw_row, 'duplicate_key',
       CONCAT('key ', natural_key, ' appears more than once in the extract; its first row was kept')
FROM numbered
WHERE occurrence > 1;
DELETE FROM stg_customers WHERE source_row IN (
    SELECT source_row FROM (SELECT source_row, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY source_row) AS occurrence FROM stg_customers) d WHERE occurrence > 1);
DELETE FROM stg_products WHERE source_row IN (
    SELECT source_row FROM (SELECT source_row, ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY source_row) AS occurrence FROM stg_products) d WHERE occurrence > 1);
DELETE FROM stg_campaigns WHERE source_row IN (
    SELECT source_row FROM (SELECT source_row, ROW_NUMBER() OVER (PARTITION BY campaign_id ORDER BY source_row) AS occurrence FROM stg_campaigns) d WHERE occurrence > 1);
DELETE FROM stg_orders WHERE source_row IN (
    SELECT source_row FROM (SELECT source_row, ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY source_row) AS occurrence FROM stg_orders) d WHERE occurrence > 1);
DELETE FROM stg_order_lines WHERE source_row IN (
    SELECT source_row FROM (SELECT source_row, ROW_NUMBER() OVER (PARTITION BY order_id, line_number ORDER BY source_row) AS occurrence FROM stg_order_lines) d WHERE occurrence > 1);
