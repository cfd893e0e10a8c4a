-- Revenue, margin, distinct orders and distinct customers by RFM segment x product category, x sales
-- channel and x customer country, over the lines of qualifying orders dated in (D - 12 months, D].
-- The segment is the customer's row in mart_customer_rfm at D; customers without one (its window is
-- :window_days, not 12 calendar months) are '(none)'. Missing category or country is '(unknown)'.
-- Category and country are those of the product and customer versions valid at the order's time.
-- Only combinations with at least one line appear.
DELETE FROM mart_segment_performance WHERE as_of_date = :as_of;
WITH lines AS (
    SELECT l.order_id,
           l.customer_key,
           l.net_amount,
           l.margin_amount,
           COALESCE(r.segment, '(none)')      AS segment,
           COALESCE(p.category, '(unknown)')  AS category,
           COALESCE(ch.channel_name, '(unknown)') AS channel,
           COALESCE(c.country, '(unknown)')   AS country
    FROM fact_order_line l
    JOIN qualifying_order q   ON q.order_id = l.order_id
    JOIN dim_customer c       ON c.customer_version_key = l.customer_version_key
    LEFT JOIN dim_product p   ON p.product_version_key = l.product_version_key
    LEFT JOIN dim_channel ch  ON ch.channel_key = l.channel_key
    LEFT JOIN mart_customer_rfm r ON r.as_of_date = :as_of AND r.customer_key = l.customer_key
    WHERE q.order_date > {{months_before(:as_of, 12)}}
      AND q.order_date <= :as_of
),
segment_orders AS (
    SELECT DISTINCT segment, segment_order FROM ref_rfm_segment
),
total AS (
    SELECT SUM(net_amount) AS revenue FROM lines
),
grouped AS (
    SELECT CASE WHEN GROUPING(category) = 0 THEN 'category' WHEN GROUPING(channel) = 0 THEN 'channel' ELSE 'country' END AS dimension,
           segment,
           CASE WHEN GROUPING(category) = 0 THEN category WHEN GROUPING(channel) = 0 THEN channel ELSE country END AS member,
           SUM(net_amount) AS revenue, SUM(margin_amount) AS margin,
           COUNT(DISTINCT order_id) AS orders, COUNT(DISTINCT customer_key) AS customers
    FROM lines
    GROUP BY GROUPING SETS ((segment, category), (segment, channel), (segment, country))
)
INSERT INTO mart_segment_performance (as_of_date, dimension, segment, segment_order, member, revenue, margin, orders,
                                      customers, revenue_share)
SELECT :as_of, g.dimension, g.segment, COALESCE(s.segment_order, 99), g.member, g.revenue, g.margin, g.orders, g.customers,
       {{ratio(g.revenue, t.revenue)}}
FROM grouped g
CROSS JOIN total t
LEFT JOIN segment_orders s ON s.segment = g.segment;
