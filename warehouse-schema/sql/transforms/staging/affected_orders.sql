-- The orders this run's extract changes: an order new to the store or differing from its stored
-- version in any column, and an order with a line new to the store or differing from it
-- (merge_ods then replaces exactly these orders' extracted rows in the store). Each is listed
-- with its date in the extract and its date before this run (in the store), so that moving an
-- order from one month to another touches both. An order
-- extracted again unchanged (by the look-back, say) is not affected: its facts stay as they are
-- and no mart snapshot is rebuilt for it. An order may be listed more than once.
-- After the staging checks every staged line's order is staged or in the store.
WITH changed AS (
    SELECT s.order_id
    FROM stg_orders s
    LEFT JOIN ods_orders o ON o.order_id = s.order_id
    WHERE o.order_id IS NULL
       OR s.customer_id <> o.customer_id
       OR s.order_ts <> o.order_ts
       OR COALESCE(s.sales_channel, '') <> COALESCE(o.sales_channel, '')
       OR COALESCE(s.campaign_id, '') <> COALESCE(o.campaign_id, '')
       OR s.status <> o.status
       OR COALESCE(s.updated_at, CAST('1900-01-01' AS {{timestamp}})) <> COALESCE(o.updated_at, CAST('1900-01-01' AS {{timestamp}}))
    UNION
    SELECT s.order_id
    FROM stg_order_lines s
    LEFT JOIN ods_order_lines l ON l.order_id = s.order_id AND l.line_number = s.line_number
    WHERE l.order_id IS NULL
       OR s.product_id <> l.product_id
       OR s.quantity <> l.quantity
       OR s.unit_price <> l.unit_price
       OR s.discount_rate <> l.discount_rate
       OR COALESCE(s.updated_at, CAST('1900-01-01' AS {{timestamp}})) <> COALESCE(l.updated_at, CAST('1900-01-01' AS {{timestamp}}))
)
INSERT INTO stg_affected_order (order_id, order_date)
SELECT s.order_id, CAST(s.order_ts AS DATE)
FROM stg_orders s
WHERE s.order_id IN (SELECT order_id FROM changed)
UNION ALL
SELECT o.order_id, CAST(o.order_ts AS DATE)
FROM ods_orders o
WHERE o.order_id IN (SELECT order_id FROM changed);
