-- merge_ods for a full extract (and a refresh): replace_ods emptied the operational data store
-- at the start of the run, so every checked staged order and line is new to it and the upsert is
-- a plain insert (the same rows merge_ods would write, without comparing against an empty store).
INSERT INTO ods_orders (order_id, customer_id, order_ts, sales_channel, campaign_id, status, updated_at)
SELECT order_id, customer_id, order_ts, sales_channel, campaign_id, status, updated_at
FROM stg_orders;
INSERT INTO ods_order_lines (order_id, line_number, product_id, quantity, unit_price, discount_rate, updated_at)
SELECT order_id, line_number, product_id, quantity, unit_price, discount_rate, updated_at
FROM stg_order_lines;
