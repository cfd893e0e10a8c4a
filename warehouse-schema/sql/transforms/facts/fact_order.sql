-- One row per order of fact_order_line, for the orders this run touches (the others stay). An
-- order's header values are the same on all its lines (all of them were written by this run's
-- fact_order_line from the order's one row in the store and the versions valid at its time), so
-- they are grouped on rather than aggregated: the same rows, with a smaller aggregate.
DELETE FROM fact_order WHERE order_id IN (SELECT order_id FROM stg_affected_order);
INSERT INTO fact_order (order_id, date_key, customer_key, customer_version_key, channel_key, campaign_key, order_date, order_ts,
                        order_status, line_count, gross_amount, net_amount, cost_amount, margin_amount)
SELECT order_id, date_key, customer_key, customer_version_key, channel_key, campaign_key, order_date, order_ts, order_status,
       COUNT(*), SUM(gross_amount), SUM(net_amount), SUM(cost_amount), SUM(margin_amount)
FROM fact_order_line
WHERE order_id IN (SELECT order_id FROM stg_affected_order)
GROUP BY order_id, date_key, customer_key, customer_version_key, channel_key, campaign_key, order_date, order_ts, order_status;
