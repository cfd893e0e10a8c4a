-- The lines of the orders this run touches (stg_affected_order) are replaced by their current
-- version from the operational data store; all other lines stay as they are. Each line carries
-- the durable customer and product keys and the versions valid at the order's time (a key
-- equality plus the range: DuckDB runs it as a hash join on the key, the range checked on each
-- match, as fast as an equality join). Lines whose order, customer and product are known only
-- (the rest is quarantined by the staging checks, so loaded + quarantined = read). Money keeps
-- the source's precision. The lines and their orders are read from the store in the same
-- statement: copying them to the work table stg_affected_line first (no longer filled) cost
-- as much as the fact insert itself.
DELETE FROM fact_order_line WHERE order_id IN (SELECT order_id FROM stg_affected_order);
INSERT INTO fact_order_line (date_key, customer_key, customer_version_key, product_key, product_version_key, channel_key,
                             campaign_key, order_id, line_number, order_date, order_ts, quantity, unit_price, discount_rate,
                             gross_amount, net_amount, cost_amount, margin_amount, order_status)
SELECT {{date_key({{to_date(l.order_ts)}})}},
       c.customer_key,
       c.customer_version_key,
       p.product_key,
       p.product_version_key,
       COALESCE(ch.channel_key, 0),
       CASE WHEN l.campaign_id IS NULL THEN 0 ELSE COALESCE(cp.campaign_key, -1) END,
       l.order_id,
       l.line_number,
       {{to_date(l.order_ts)}},
       l.order_ts,
       l.quantity,
       l.unit_price,
       l.discount_rate,
       CAST(l.quantity * l.unit_price AS DECIMAL(18,4)),
       CAST(l.quantity * l.unit_price * (1 - l.discount_rate) AS DECIMAL(18,8)),
       CAST(l.quantity * COALESCE(p.unit_cost, 0) AS DECIMAL(18,4)),
       CAST(l.quantity * l.unit_price * (1 - l.discount_rate) - l.quantity * COALESCE(p.unit_cost, 0) AS DECIMAL(18,8)),
       l.status
FROM (SELECT l.order_id, l.line_number, l.product_id, l.quantity, l.unit_price, l.discount_rate, o.customer_id, o.order_ts,
             o.sales_channel, o.campaign_id, o.status
      FROM ods_order_lines l
      JOIN ods_orders o ON o.order_id = l.order_id
      WHERE l.order_id IN (SELECT order_id FROM stg_affected_order)) l
JOIN dim_customer c   ON c.customer_id = l.customer_id AND l.order_ts >= c.valid_from AND l.order_ts < c.valid_to
JOIN dim_product p    ON p.product_id = l.product_id AND l.order_ts >= p.valid_from AND l.order_ts < p.valid_to
LEFT JOIN dim_channel ch  ON ch.channel_code = l.sales_channel
LEFT JOIN dim_campaign cp ON cp.campaign_id = l.campaign_id;
