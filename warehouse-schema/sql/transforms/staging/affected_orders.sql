-- The orders this run's extract touches: those extracted and those of the lines extracted, each
-- with the earlier of its date before this run (in the store) and in the extract, so that moving
-- an order from one month to another touches both. An order may be listed more than once.
INSERT INTO stg_affected_order (order_id, order_date)
SELECT order_id, CAST(order_ts AS DATE) FROM stg_orders
UNION ALL
SELECT DISTINCT order_id, CAST(NULL AS DATE) FROM stg_order_lines
UNION ALL
SELECT o.order_id, CAST(o.order_ts AS DATE)
FROM ods_orders o
WHERE o.order_id IN (SELECT order_id FROM stg_orders)
   OR o.order_id IN (SELECT order_id FROM stg_order_lines);
