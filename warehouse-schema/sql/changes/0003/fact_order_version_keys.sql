-- Orders carry the customer version valid at the order's time (customer_key stays durable).
ALTER TABLE fact_order ADD customer_version_key INTEGER;
UPDATE fact_order SET customer_version_key = customer_key;
