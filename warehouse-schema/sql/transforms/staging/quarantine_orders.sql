-- Orders whose customer is not in the customer master are not loaded.
INSERT INTO etl_quarantine (run_id, source_entity, source_location, raw_row, reason_code, message)
SELECT :run_id, 'orders', CONCAT('order_id=', o.order_id),
       CONCAT('order_id=', o.order_id, '; customer_id=', COALESCE(o.customer_id, ''), '; order_ts=', CAST(o.order_ts AS VARCHAR(30)),
              '; sales_channel=', COALESCE(o.sales_channel, ''), '; campaign_id=', COALESCE(o.campaign_id, ''), '; status=', o.status),
       CASE WHEN o.customer_id IS NULL THEN 'missing_customer' ELSE 'unknown_customer' END,
       CASE WHEN o.customer_id IS NULL THEN 'the order has no customer id'
            ELSE CONCAT('customer ', o.customer_id, ' is not in the customer master') END
FROM stg_orders o
WHERE NOT EXISTS (SELECT 1 FROM stg_customers c WHERE c.customer_id = o.customer_id);
