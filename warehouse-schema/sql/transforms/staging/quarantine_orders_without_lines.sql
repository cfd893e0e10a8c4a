-- An order left with no lines (in this extract or loaded before) carries no amount and cannot be
-- a fact row: recorded, not loaded. The orders removed from staging are those just quarantined.
INSERT INTO etl_quarantine (run_id, source_entity, source_location, raw_row, reason_code, message)
SELECT :run_id, 'orders', CONCAT('order_id=', o.order_id),
       CONCAT('order_id=', o.order_id, '; customer_id=', COALESCE(o.customer_id, ''), '; status=', o.status),
       'order_without_lines', CONCAT('order ', o.order_id, ' has no order lines that could be loaded')
FROM stg_orders o
WHERE NOT EXISTS (SELECT 1 FROM stg_order_lines l WHERE l.order_id = o.order_id)
  AND NOT EXISTS (SELECT 1 FROM ods_order_lines l WHERE l.order_id = o.order_id);
DELETE FROM stg_orders
WHERE CONCAT('order_id=', order_id) IN (
    SELECT source_location FROM etl_quarantine
    WHERE run_id = :run_id AND source_entity = 'orders' AND reason_code = 'order_without_lines');
