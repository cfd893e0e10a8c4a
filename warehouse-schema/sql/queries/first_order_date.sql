-- The earliest as-of date the marts can describe: the date of the first order in the warehouse,
-- whatever its status (NULL when it holds no order).
SELECT MIN(order_date) FROM fact_order_line;
