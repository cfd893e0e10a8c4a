-- One product per product id; name, category and cost from its latest order line.
WITH ranked AS (
    SELECT product_id, product_name, category, unit_cost, unit_price, order_ts, source_row,
           ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY order_ts DESC, source_row DESC) AS latest,
           MIN(source_row) OVER (PARTITION BY product_id) AS first_row
    FROM stg_flat_order_lines
    WHERE customer_id IS NOT NULL AND product_id IS NOT NULL
)
INSERT INTO stg_products (product_id, name, category, unit_cost, list_price, updated_at, source_row)
SELECT product_id, product_name, category, unit_cost, NULL, order_ts, first_row
FROM ranked
WHERE latest = 1;
