-- Orders that a customer or product version opened by this run now covers (placed at or after
-- the version's valid_from): their facts are rebuilt to point at the version valid at their time.
-- The product versions are first matched to the lines naming them (per order, the earliest
-- version opened), so that no join compares one table's timestamps with another's keys.
INSERT INTO stg_affected_order (order_id, order_date)
SELECT o.order_id, CAST(o.order_ts AS DATE)
FROM ods_orders o
JOIN dim_customer c ON c.customer_id = o.customer_id AND c.run_id = :run_id AND o.order_ts >= c.valid_from
WHERE c.valid_from > CAST({{first_version_date}} AS {{timestamp}})
UNION ALL
SELECT o.order_id, CAST(o.order_ts AS DATE)
FROM ods_orders o
JOIN (SELECT l.order_id, MIN(p.valid_from) AS valid_from
      FROM ods_order_lines l
      JOIN dim_product p ON p.product_id = l.product_id AND p.run_id = :run_id
      WHERE p.valid_from > CAST({{first_version_date}} AS {{timestamp}})
      GROUP BY l.order_id) v ON v.order_id = o.order_id
WHERE o.order_ts >= v.valid_from;
