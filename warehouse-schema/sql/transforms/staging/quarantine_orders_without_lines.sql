-- An order with no lines carries no amount and cannot be a fact row: it is recorded, not loaded.
INSERT INTO etl_quarantine (run_id, source_entity, source_location, raw_row, reason_code, message)
SELECT :run_id, 'orders', CONCAT('order_id=', o.order_id),
       CONCAT('order_id=', o.order_id, '; customer_id=', COALESCE(o.customer_id, ''), '; status=', o.status),
       'order_without_lines', CONCAT('order ', o.order_id, ' has no order lines')
FROM stg_orders o
WHERE EXISTS (SELECT 1 FROM stg_customers c WHERE c.customer_id = o.customer_id)
  AND NOT EXISTS (SELECT 1 FROM stg_order_lines l
                  JOIN stg_products p ON p.product_id = l.product_id
                  WHERE l.order_id = o.order_id);
