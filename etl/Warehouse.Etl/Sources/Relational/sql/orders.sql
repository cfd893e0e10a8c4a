SELECT order_id, customer_id, order_ts, sales_channel, campaign_id, status, updated_at
FROM orders
