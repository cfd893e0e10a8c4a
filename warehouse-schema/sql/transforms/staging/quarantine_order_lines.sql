-- Order lines that cannot be loaded are quarantined and removed from staging: their order was
-- quarantined or is neither in this extract nor loaded before, their product is neither in this
-- extract nor in dim_product, their quantity is 0 or their price negative.
-- (Negative quantities are returns and load; a price of 0 loads and adds nothing.)
INSERT INTO etl_quarantine (run_id, source_entity, source_location, raw_row, reason_code, message)
SELECT :run_id, 'order_lines', CONCAT('order_id=', order_id, '; line_number=', line_number),
       CONCAT('order_id=', order_id, '; line_number=', line_number, '; product_id=', COALESCE(product_id, ''),
              '; quantity=', quantity, '; unit_price=', unit_price, '; discount_rate=', discount_rate),
       reason,
       CASE reason WHEN 'order_quarantined' THEN CONCAT('order ', order_id, ' was quarantined')
                   WHEN 'unknown_order' THEN CONCAT('order ', order_id, ' is neither in the orders extract nor loaded before')
                   WHEN 'unknown_product' THEN CONCAT('product ', COALESCE(product_id, '(none)'), ' is neither in the product extract nor loaded before')
                   WHEN 'quantity_not_allowed' THEN 'a quantity of 0 is not an order line'
                   ELSE CONCAT('the unit price ', unit_price, ' is negative') END
FROM (
    SELECT l.*,
           CASE WHEN NOT EXISTS (SELECT 1 FROM stg_orders o WHERE o.order_id = l.order_id)
                     AND NOT EXISTS (SELECT 1 FROM ods_orders o WHERE o.order_id = l.order_id)
                     AND EXISTS (SELECT 1 FROM etl_quarantine q
                                 WHERE q.run_id = :run_id AND q.source_entity = 'orders'
                                   AND q.source_location = CONCAT('order_id=', l.order_id)) THEN 'order_quarantined'
                WHEN NOT EXISTS (SELECT 1 FROM stg_orders o WHERE o.order_id = l.order_id)
                     AND NOT EXISTS (SELECT 1 FROM ods_orders o WHERE o.order_id = l.order_id) THEN 'unknown_order'
                WHEN NOT EXISTS (SELECT 1 FROM stg_products p WHERE p.product_id = l.product_id)
                     AND NOT EXISTS (SELECT 1 FROM dim_product p WHERE p.product_id = l.product_id) THEN 'unknown_product'
                WHEN l.quantity = 0 THEN 'quantity_not_allowed'
                WHEN l.unit_price < 0 THEN 'price_not_allowed'
           END AS reason
    FROM stg_order_lines l
) checked
WHERE reason IS NOT NULL;
DELETE FROM stg_order_lines
WHERE (NOT EXISTS (SELECT 1 FROM stg_orders o WHERE o.order_id = stg_order_lines.order_id)
       AND NOT EXISTS (SELECT 1 FROM ods_orders o WHERE o.order_id = stg_order_lines.order_id))
   OR (NOT EXISTS (SELECT 1 FROM stg_products p WHERE p.product_id = stg_order_lines.product_id)
       AND NOT EXISTS (SELECT 1 FROM dim_product p WHERE p.product_id = stg_order_lines.product_id))
   OR quantity = 0
   OR unit_price < 0;
