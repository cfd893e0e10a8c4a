-- Order lines whose order was not loaded (missing, or quarantined) or whose product is unknown.
INSERT INTO etl_quarantine (run_id, source_entity, source_location, raw_row, reason_code, message)
SELECT :run_id, 'order_lines', CONCAT('order_id=', l.order_id, '; line_number=', l.line_number),
       CONCAT('order_id=', l.order_id, '; line_number=', l.line_number, '; product_id=', COALESCE(l.product_id, ''),
              '; quantity=', l.quantity, '; unit_price=', l.unit_price, '; discount_rate=', l.discount_rate),
       CASE WHEN o.order_id IS NULL THEN 'unknown_order'
            WHEN c.customer_id IS NULL THEN 'order_quarantined'
            ELSE 'unknown_product' END,
       CASE WHEN o.order_id IS NULL THEN CONCAT('order ', l.order_id, ' is not in the orders extract')
            WHEN c.customer_id IS NULL THEN CONCAT('order ', l.order_id, ' was quarantined')
            ELSE CONCAT('product ', COALESCE(l.product_id, '(none)'), ' is not in the product master') END
FROM stg_order_lines l
LEFT JOIN stg_orders o ON o.order_id = l.order_id
LEFT JOIN stg_customers c ON c.customer_id = o.customer_id
WHERE o.order_id IS NULL
   OR c.customer_id IS NULL
   OR NOT EXISTS (SELECT 1 FROM stg_products p WHERE p.product_id = l.product_id);
