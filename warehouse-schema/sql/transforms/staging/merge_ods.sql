-- Upsert on the natural keys. affected_orders has compared every extracted order and line with
-- the stored version and listed in stg_affected_order the orders that are new or differ in any
-- column of the order or of a line; their extracted order and lines replace the stored ones
-- (stored lines the extract does not repeat stay). Everything else extracted is the same as
-- stored and is left alone, so loading the same rows twice changes nothing. Only the key columns
-- of the store are read here. (A line deleted at the source is seen only by a full extract, which
-- replaces the store.)
DELETE FROM ods_orders
WHERE order_id IN (SELECT order_id FROM stg_affected_order)
  AND order_id IN (SELECT order_id FROM stg_orders);
INSERT INTO ods_orders (order_id, customer_id, order_ts, sales_channel, campaign_id, status, updated_at)
SELECT order_id, customer_id, order_ts, sales_channel, campaign_id, status, updated_at
FROM stg_orders
WHERE order_id IN (SELECT order_id FROM stg_affected_order);
DELETE FROM ods_order_lines
WHERE order_id IN (SELECT order_id FROM stg_affected_order)
  AND EXISTS (
    SELECT 1
    FROM stg_order_lines s
    WHERE s.order_id = ods_order_lines.order_id
      AND s.line_number = ods_order_lines.line_number);
INSERT INTO ods_order_lines (order_id, line_number, product_id, quantity, unit_price, discount_rate, updated_at)
SELECT order_id, line_number, product_id, quantity, unit_price, discount_rate, updated_at
FROM stg_order_lines
WHERE order_id IN (SELECT order_id FROM stg_affected_order);
