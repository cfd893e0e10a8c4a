-- A full extract replaces the operational data store: an order or line the source no longer has
-- leaves the warehouse with this run. Every order the facts hold is affected (rebuilt or removed).
INSERT INTO stg_affected_order (order_id, order_date)
SELECT order_id, order_date FROM fact_order;
DELETE FROM ods_orders;
DELETE FROM ods_order_lines;
