-- Order lines that cannot be loaded are quarantined and removed from staging: their order was
-- quarantined or is neither in this extract nor loaded before, their product is neither in this
-- extract nor in dim_product, their quantity is 0 or their price negative, or their quantity
-- times the product's unit cost (from this extract, else the current version in dim_product)
-- would not fit fact_order_line's cost_amount or margin_amount (limits :cost_amount_limit and
-- :margin_amount_limit, from that table's declared types; gross and net amounts were checked as
-- the lines were staged) (the first of these reasons that applies is recorded). (Negative quantities are returns and load; a price of 0
-- loads and adds nothing.) One pass over the lines looks each order and product up once; only
-- the lines that fail a check (usually none) get their reason, and the lines removed are those
-- just quarantined.
INSERT INTO etl_quarantine (run_id, source_entity, source_location, raw_row, reason_code, message)
SELECT :run_id, 'order_lines', CONCAT('order_id=', order_id, '; line_number=', line_number),
       CONCAT('order_id=', order_id, '; line_number=', line_number, '; product_id=', COALESCE(product_id, ''),
              '; quantity=', quantity, '; unit_price=', unit_price, '; discount_rate=', discount_rate),
       reason,
       CASE reason WHEN 'order_quarantined' THEN CONCAT('order ', order_id, ' was quarantined')
                   WHEN 'unknown_order' THEN CONCAT('order ', order_id, ' is neither in the orders extract nor loaded before')
                   WHEN 'unknown_product' THEN CONCAT('product ', COALESCE(product_id, '(none)'), ' is neither in the product extract nor loaded before')
                   WHEN 'quantity_not_allowed' THEN 'a quantity of 0 is not an order line'
                   WHEN 'number_out_of_range' THEN CONCAT('quantity ', quantity, ' x unit cost ', unit_cost,
                        ' is out of range for fact_order_line.cost_amount or margin_amount')
                   ELSE CONCAT('the unit price ', unit_price, ' is negative') END
FROM (
    SELECT f.order_id, f.line_number, f.product_id, f.quantity, f.unit_price, f.discount_rate, f.unit_cost,
           CASE WHEN f.order_known = 0
                     AND EXISTS (SELECT 1 FROM etl_quarantine q
                                 WHERE q.run_id = :run_id AND q.source_entity = 'orders'
                                   AND q.source_location = CONCAT('order_id=', f.order_id)) THEN 'order_quarantined'
                WHEN f.order_known = 0 THEN 'unknown_order'
                WHEN f.product_known = 0 THEN 'unknown_product'
                WHEN f.quantity = 0 THEN 'quantity_not_allowed'
                WHEN f.unit_price < 0 THEN 'price_not_allowed'
                ELSE 'number_out_of_range'
           END AS reason
    FROM (
        SELECT l.order_id, l.line_number, l.product_id, l.quantity, l.unit_price, l.discount_rate,
               COALESCE(sp.unit_cost, dp.unit_cost, 0) AS unit_cost,
               CASE WHEN l.order_id IN (SELECT order_id FROM stg_orders)
                      OR l.order_id IN (SELECT order_id FROM ods_orders) THEN 1 ELSE 0 END AS order_known,
               CASE WHEN l.product_id IN (SELECT product_id FROM stg_products)
                      OR l.product_id IN (SELECT product_id FROM dim_product) THEN 1 ELSE 0 END AS product_known
        FROM stg_order_lines l
        -- Each product's cost looked up once (joined, not a subquery per line).
        LEFT JOIN (SELECT product_id, MAX(unit_cost) AS unit_cost FROM stg_products GROUP BY product_id) sp
               ON sp.product_id = l.product_id
        LEFT JOIN (SELECT product_id, MAX(unit_cost) AS unit_cost FROM dim_product
                   WHERE {{is_true(is_current)}} GROUP BY product_id) dp
               ON dp.product_id = l.product_id
    ) f
    WHERE f.order_known = 0 OR f.product_known = 0 OR f.quantity = 0 OR f.unit_price < 0
       OR ABS(CAST(f.quantity AS DECIMAL(38,4)) * f.unit_cost) >= :cost_amount_limit
       OR ABS(CAST(f.quantity AS DECIMAL(38,4)) * f.unit_price * (1 - f.discount_rate)
              - CAST(f.quantity AS DECIMAL(38,4)) * f.unit_cost) >= :margin_amount_limit
) checked;
DELETE FROM stg_order_lines
WHERE CONCAT('order_id=', order_id, '; line_number=', line_number) IN (
    SELECT source_location FROM etl_quarantine
    WHERE run_id = :run_id AND source_entity = 'order_lines'
      AND reason_code IN ('order_quarantined', 'unknown_order', 'unknown_product', 'quantity_not_allowed', 'price_not_allowed', 'number_out_of_range'));
