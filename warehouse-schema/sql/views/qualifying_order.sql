-- The orders every customer-value metric counts: one row per order whose status is completed and
-- whose net amount is above zero. Revenue is net amount.
CREATE VIEW qualifying_order AS
SELECT order_id,
       MIN(customer_key)  AS customer_key,
       MIN(order_date)    AS order_date,
       MIN(channel_key)   AS channel_key,
       MIN(campaign_key)  AS campaign_key,
       SUM(net_amount)    AS net_amount,
       SUM(margin_amount) AS margin_amount
FROM fact_order_line
WHERE order_status = 'completed'
GROUP BY order_id
HAVING SUM(net_amount) > 0;
