-- One order per order id: its earliest timestamp, its first line's customer and channel; status
-- from the file, or cancelled when the id starts with :cancelled_prefix, else completed.
WITH ranked AS (
    SELECT order_id, customer_id, sales_channel, campaign_id, status, source_row,
           ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY source_row) AS first_line,
           MIN(order_ts) OVER (PARTITION BY order_id) AS order_ts
    FROM stg_flat_order_lines
    WHERE customer_id IS NOT NULL
)
INSERT INTO stg_orders (order_id, customer_id, order_ts, sales_channel, campaign_id, status, updated_at, source_row)
SELECT order_id, customer_id, order_ts, sales_channel, campaign_id,
       CASE WHEN :cancelled_prefix IS NOT NULL AND order_id LIKE CONCAT(:cancelled_prefix, '%') THEN 'cancelled'
            ELSE COALESCE(status, 'completed') END,
       order_ts, source_row
FROM ranked
WHERE first_line = 1;
