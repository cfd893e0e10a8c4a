-- A natural key that appears more than once in one extract: the first row (by position in the
-- extract, source_row, unique within a staging table) is kept, the others are quarantined and
-- removed from staging. Each table is grouped once by its key; only the keys seen more than once
-- (usually none) are joined back to their rows, and the rows removed are those just quarantined.
INSERT INTO etl_quarantine (run_id, source_entity, source_location, raw_row, reason_code, message)
SELECT :run_id, entity, CONCAT('row ', source_row), raw_row, 'duplicate_key',
       CONCAT('key ', natural_key, ' appears more than once in the extract; its first row was kept')
FROM (
    SELECT 'customers' AS entity, s.customer_id AS natural_key, s.source_row,
           CONCAT('customer_id=', s.customer_id, '; name=', COALESCE(s.name, ''), '; email=', COALESCE(s.email, ''), '; country=', COALESCE(s.country, '')) AS raw_row
    FROM stg_customers s
    JOIN (SELECT customer_id, MIN(source_row) AS first_row FROM stg_customers GROUP BY customer_id HAVING COUNT(*) > 1) d
      ON d.customer_id = s.customer_id AND s.source_row > d.first_row
    UNION ALL
    SELECT 'products', s.product_id, s.source_row,
           CONCAT('product_id=', s.product_id, '; name=', COALESCE(s.name, ''), '; category=', COALESCE(s.category, ''))
    FROM stg_products s
    JOIN (SELECT product_id, MIN(source_row) AS first_row FROM stg_products GROUP BY product_id HAVING COUNT(*) > 1) d
      ON d.product_id = s.product_id AND s.source_row > d.first_row
    UNION ALL
    SELECT 'campaigns', s.campaign_id, s.source_row,
           CONCAT('campaign_id=', s.campaign_id, '; name=', COALESCE(s.name, ''))
    FROM stg_campaigns s
    JOIN (SELECT campaign_id, MIN(source_row) AS first_row FROM stg_campaigns GROUP BY campaign_id HAVING COUNT(*) > 1) d
      ON d.campaign_id = s.campaign_id AND s.source_row > d.first_row
    UNION ALL
    SELECT 'orders', s.order_id, s.source_row,
           CONCAT('order_id=', s.order_id, '; customer_id=', COALESCE(s.customer_id, ''), '; status=', s.status)
    FROM stg_orders s
    JOIN (SELECT order_id, MIN(source_row) AS first_row FROM stg_orders GROUP BY order_id HAVING COUNT(*) > 1) d
      ON d.order_id = s.order_id AND s.source_row > d.first_row
    UNION ALL
    SELECT 'order_lines', CONCAT(s.order_id, '/', s.line_number), s.source_row,
           CONCAT('order_id=', s.order_id, '; line_number=', s.line_number, '; product_id=', COALESCE(s.product_id, ''),
                  '; quantity=', s.quantity, '; unit_price=', s.unit_price)
    FROM stg_order_lines s
    JOIN (SELECT order_id, line_number, MIN(source_row) AS first_row FROM stg_order_lines GROUP BY order_id, line_number HAVING COUNT(*) > 1) d
      ON d.order_id = s.order_id AND d.line_number = s.line_number AND s.source_row > d.first_row
) duplicates;
DELETE FROM stg_customers WHERE CONCAT('row ', source_row) IN (
    SELECT source_location FROM etl_quarantine
    WHERE run_id = :run_id AND source_entity = 'customers' AND reason_code = 'duplicate_key');
DELETE FROM stg_products WHERE CONCAT('row ', source_row) IN (
    SELECT source_location FROM etl_quarantine
    WHERE run_id = :run_id AND source_entity = 'products' AND reason_code = 'duplicate_key');
DELETE FROM stg_campaigns WHERE CONCAT('row ', source_row) IN (
    SELECT source_location FROM etl_quarantine
    WHERE run_id = :run_id AND source_entity = 'campaigns' AND reason_code = 'duplicate_key');
DELETE FROM stg_orders WHERE CONCAT('row ', source_row) IN (
    SELECT source_location FROM etl_quarantine
    WHERE run_id = :run_id AND source_entity = 'orders' AND reason_code = 'duplicate_key');
DELETE FROM stg_order_lines WHERE CONCAT('row ', source_row) IN (
    SELECT source_location FROM etl_quarantine
    WHERE run_id = :run_id AND source_entity = 'order_lines' AND reason_code = 'duplicate_key');
