-- Flat order lines without a customer cannot be attributed to anyone: quarantined, not loaded.
INSERT INTO etl_quarantine (run_id, source_entity, source_location, raw_row, reason_code, message)
SELECT :run_id, 'order_lines', CONCAT('row ', source_row),
       CONCAT('order_id=', order_id, '; product_id=', COALESCE(product_id, ''), '; quantity=', quantity,
              '; unit_price=', unit_price, '; order_ts=', CAST(order_ts AS VARCHAR(30))),
       'missing_customer', 'the order line has no customer id'
FROM stg_flat_order_lines
WHERE customer_id IS NULL;
