-- Staging holds one run's extract at a time.
DELETE FROM stg_customers;
DELETE FROM stg_products;
DELETE FROM stg_orders;
DELETE FROM stg_order_lines;
DELETE FROM stg_campaigns;
DELETE FROM stg_flat_order_lines;
DELETE FROM stg_affected_order;
DELETE FROM stg_affected_line;
DELETE FROM stg_affected_customer;
DELETE FROM stg_affected_campaign;
