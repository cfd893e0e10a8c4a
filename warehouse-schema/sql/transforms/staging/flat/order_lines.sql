-- Order lines numbered by their order in the file within each order, so identical rows stay
-- separate lines.
INSERT INTO stg_order_lines (order_id, line_number, product_id, quantity, unit_price, discount_rate, updated_at, source_row)
SELECT order_id,
       ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY source_row),
       product_id, quantity, unit_price, COALESCE(discount_rate, 0), order_ts, source_row
FROM stg_flat_order_lines
WHERE customer_id IS NOT NULL;
