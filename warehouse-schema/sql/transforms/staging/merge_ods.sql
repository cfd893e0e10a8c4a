-- Upsert on the natural keys: an extracted order or line that is new, or differs from the stored
-- version in any column, replaces it; one that is the same is left alone, so loading the same
-- rows twice changes nothing. (A line deleted at the source is seen only by a full extract, which
-- replaces the store.) Only the stored lines of orders with lines in the extract are compared.
DELETE FROM ods_orders
WHERE order_id IN (
    SELECT s.order_id
    FROM stg_orders s
    JOIN ods_orders o ON o.order_id = s.order_id
    WHERE s.customer_id <> o.customer_id
       OR s.order_ts <> o.order_ts
       OR COALESCE(s.sales_channel, '') <> COALESCE(o.sales_channel, '')
       OR COALESCE(s.campaign_id, '') <> COALESCE(o.campaign_id, '')
       OR s.status <> o.status
       OR COALESCE(s.updated_at, CAST('1900-01-01' AS {{timestamp}})) <> COALESCE(o.updated_at, CAST('1900-01-01' AS {{timestamp}})));
INSERT INTO ods_orders (order_id, customer_id, order_ts, sales_channel, campaign_id, status, updated_at)
SELECT order_id, customer_id, order_ts, sales_channel, campaign_id, status, updated_at
FROM stg_orders s
WHERE NOT EXISTS (SELECT 1 FROM ods_orders o WHERE o.order_id = s.order_id);
DELETE FROM ods_order_lines
WHERE order_id IN (SELECT order_id FROM stg_order_lines)
  AND EXISTS (
    SELECT 1
    FROM stg_order_lines s
    WHERE s.order_id = ods_order_lines.order_id
      AND s.line_number = ods_order_lines.line_number
      AND (s.product_id <> ods_order_lines.product_id
           OR s.quantity <> ods_order_lines.quantity
           OR s.unit_price <> ods_order_lines.unit_price
           OR s.discount_rate <> ods_order_lines.discount_rate
           OR COALESCE(s.updated_at, CAST('1900-01-01' AS {{timestamp}})) <> COALESCE(ods_order_lines.updated_at, CAST('1900-01-01' AS {{timestamp}}))));
INSERT INTO ods_order_lines (order_id, line_number, product_id, quantity, unit_price, discount_rate, updated_at)
SELECT order_id, line_number, product_id, quantity, unit_price, discount_rate, updated_at
FROM stg_order_lines s
WHERE NOT EXISTS (SELECT 1 FROM ods_order_lines o WHERE o.order_id = s.order_id AND o.line_number = s.line_number);
