SELECT order_id, line_number, product_id, quantity, unit_price, discount_rate, updated_at
FROM order_lines
