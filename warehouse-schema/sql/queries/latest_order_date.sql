-- The default as-of date: the date of the latest order in the warehouse, whatever its status.
SELECT MAX(order_date) FROM fact_order_line;
