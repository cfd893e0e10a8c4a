-- Order lines carry the customer and product versions valid at the order's time (customer_key
-- and product_key stay the durable keys). Rows loaded before history existed get version = key.
ALTER TABLE fact_order_line ADD customer_version_key INTEGER;
ALTER TABLE fact_order_line ADD product_version_key INTEGER;
UPDATE fact_order_line SET customer_version_key = customer_key, product_version_key = product_key;
