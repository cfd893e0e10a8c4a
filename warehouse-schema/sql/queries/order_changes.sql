-- In an incremental run, after affected_orders and before merge_ods: the staged orders and lines
-- new to the operational data store and those that differ from their stored version (orders:
-- those affected_orders found changed, in a column or a line). The rest were read again unchanged (the look-back).
SELECT 'orders' AS source_entity,
       CAST(COALESCE(SUM(CASE WHEN o.order_id IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS new_rows,
       CAST(COALESCE(SUM(CASE WHEN o.order_id IS NOT NULL
                          AND a.order_id IS NOT NULL
                         THEN 1 ELSE 0 END), 0) AS BIGINT) AS changed_rows,
       CAST(COUNT(*) AS BIGINT) AS staged_rows
FROM stg_orders s
LEFT JOIN ods_orders o ON o.order_id = s.order_id
LEFT JOIN (SELECT DISTINCT order_id FROM stg_affected_order) a ON a.order_id = s.order_id
UNION ALL
SELECT 'order_lines',
       CAST(COALESCE(SUM(CASE WHEN l.order_id IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT),
       CAST(COALESCE(SUM(CASE WHEN l.order_id IS NOT NULL
                          AND (s.product_id <> l.product_id OR s.quantity <> l.quantity OR s.unit_price <> l.unit_price
                               OR s.discount_rate <> l.discount_rate
                               OR COALESCE(s.updated_at, CAST('1900-01-01' AS {{timestamp}})) <> COALESCE(l.updated_at, CAST('1900-01-01' AS {{timestamp}})))
                         THEN 1 ELSE 0 END), 0) AS BIGINT),
       CAST(COUNT(*) AS BIGINT)
FROM stg_order_lines s
LEFT JOIN ods_order_lines l ON l.order_id = s.order_id AND l.line_number = s.line_number;
