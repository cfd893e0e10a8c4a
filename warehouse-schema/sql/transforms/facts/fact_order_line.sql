-- One row per order line whose order, customer and product are known (the rest is quarantined by
-- the staging checks, so loaded + quarantined = read). Money keeps the source's precision.
DELETE FROM fact_order_line;
INSERT INTO fact_order_line (date_key, customer_key, product_key, channel_key, campaign_key, order_id, line_number,
                             order_date, order_ts, quantity, unit_price, discount_rate, gross_amount, net_amount,
                             cost_amount, margin_amount, order_status)
SELECT {{date_key({{to_date(o.order_ts)}})}},
       c.customer_key,
       p.product_key,
       COALESCE(ch.channel_key, 0),
       CASE WHEN o.campaign_id IS NULL THEN 0 ELSE COALESCE(cp.campaign_key, -1) END,
       l.order_id,
       l.line_number,
       {{to_date(o.order_ts)}},
       o.order_ts,
       l.quantity,
       l.unit_price,
       l.discount_rate,
       CAST(l.quantity * l.unit_price AS DECIMAL(18,4)),
       CAST(l.quantity * l.unit_price * (1 - l.discount_rate) AS DECIMAL(18,8)),
       CAST(l.quantity * COALESCE(p.unit_cost, 0) AS DECIMAL(18,4)),
       CAST(l.quantity * l.unit_price * (1 - l.discount_rate) - l.quantity * COALESCE(p.unit_cost, 0) AS DECIMAL(18,8)),
       o.status
FROM stg_order_lines l
JOIN stg_orders o     ON o.order_id = l.order_id
JOIN dim_customer c   ON c.customer_id = o.customer_id
JOIN dim_product p    ON p.product_id = l.product_id
LEFT JOIN dim_channel ch  ON ch.channel_code = o.sales_channel
LEFT JOIN dim_campaign cp ON cp.campaign_id = o.campaign_id;
