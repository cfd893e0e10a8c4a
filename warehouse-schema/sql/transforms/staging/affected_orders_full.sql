-- affected_orders for a full extract (and a refresh): replace_ods emptied the operational data
-- store (listing every order the facts held, with its date, as affected), so every checked staged
-- order is new to it and changed: the same rows affected_orders would add, without comparing
-- every staged order and line with an empty store. (After the staging checks every staged line's
-- order is staged, and every staged order has a line.)
INSERT INTO stg_affected_order (order_id, order_date)
SELECT order_id, CAST(order_ts AS DATE)
FROM stg_orders;
