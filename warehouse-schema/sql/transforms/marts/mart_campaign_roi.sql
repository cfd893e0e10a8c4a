-- Per campaign (key > 0) as of D, over qualifying orders dated <= D:
--   orders, customers, revenue, margin: the orders carrying the campaign;
--   new_customers: customers whose first qualifying order (earliest order_ts, then order_id)
--   carries it; cost: the campaign's whole cost; cost_per_new_customer = cost / new_customers;
--   roi = (margin - cost) / cost, NULL when the cost is 0 or unknown.
-- Campaigns that start after D and that no order up to D carries are left out.
DELETE FROM mart_campaign_roi WHERE as_of_date = :as_of;
WITH orders AS (
    SELECT q.order_id, q.customer_key, q.campaign_key, q.net_amount, q.margin_amount, f.order_ts
    FROM qualifying_order q
    JOIN fact_order f ON f.order_id = q.order_id
    WHERE q.order_date <= :as_of
),
first_orders AS (
    SELECT customer_key, campaign_key
    FROM (SELECT customer_key, campaign_key,
                 ROW_NUMBER() OVER (PARTITION BY customer_key ORDER BY order_ts, order_id) AS order_rank
          FROM orders) ranked
    WHERE order_rank = 1
),
per_campaign AS (
    SELECT campaign_key, COUNT(*) AS orders, COUNT(DISTINCT customer_key) AS customers,
           SUM(net_amount) AS revenue, SUM(margin_amount) AS margin
    FROM orders
    GROUP BY campaign_key
),
acquired AS (
    SELECT campaign_key, COUNT(*) AS new_customers FROM first_orders GROUP BY campaign_key
)
INSERT INTO mart_campaign_roi (as_of_date, campaign_key, campaign_id, campaign_name, channel, start_date, end_date,
                               orders, customers, new_customers, revenue, margin, cost, cost_per_new_customer, roi)
SELECT :as_of,
       c.campaign_key,
       c.campaign_id,
       c.campaign_name,
       c.channel,
       c.start_date,
       c.end_date,
       COALESCE(p.orders, 0),
       COALESCE(p.customers, 0),
       COALESCE(a.new_customers, 0),
       COALESCE(p.revenue, 0),
       COALESCE(p.margin, 0),
       c.cost,
       {{ratio(c.cost, COALESCE(a.new_customers, 0))}},
       {{ratio(COALESCE(p.margin, 0) - c.cost, c.cost)}}
FROM dim_campaign c
LEFT JOIN per_campaign p ON p.campaign_key = c.campaign_key
LEFT JOIN acquired a     ON a.campaign_key = c.campaign_key
WHERE c.campaign_key > 0
  AND (c.start_date IS NULL OR c.start_date <= :as_of OR p.campaign_key IS NOT NULL);
