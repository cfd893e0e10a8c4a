-- The orders every customer-value metric counts: status completed and net amount above zero.
-- Revenue is net amount.
CREATE VIEW qualifying_order AS
SELECT order_id, customer_key, order_date, channel_key, campaign_key, net_amount, margin_amount
FROM fact_order
WHERE order_status = 'completed'
  AND net_amount > 0;
