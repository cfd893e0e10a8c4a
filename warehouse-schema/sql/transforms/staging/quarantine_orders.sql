-- Orders that cannot be loaded are quarantined and removed from staging: no customer, a date
-- after tomorrow (a clock or entry error), or a date before the first version date (the macro
-- first_version_date, SqlDialect.FirstVersionDate: the day every dimension member's first version
-- starts, so such an order would find no customer or product version): date_out_of_range. An
-- order naming a customer the master does not have (yet) is loaded against an inferred member
-- of dim_customer, completed when the customer arrives.
INSERT INTO etl_quarantine (run_id, source_entity, source_location, raw_row, reason_code, message)
SELECT :run_id, 'orders', CONCAT('order_id=', order_id),
       CONCAT('order_id=', order_id, '; customer_id=', COALESCE(customer_id, ''), '; order_ts=', CAST(order_ts AS VARCHAR(30)),
              '; sales_channel=', COALESCE(sales_channel, ''), '; campaign_id=', COALESCE(campaign_id, ''), '; status=', status),
       reason,
       CASE reason WHEN 'missing_customer' THEN 'the order has no customer id'
                   WHEN 'date_out_of_range' THEN CONCAT('the order is dated ', CAST(order_ts AS VARCHAR(30)), ', before ',
                        {{first_version_date}}, ', the earliest date the warehouse holds (dimension versions start then)')
                   ELSE CONCAT('the order is dated ', CAST(order_ts AS VARCHAR(30)), ', after tomorrow') END
FROM (
    SELECT o.*,
           CASE WHEN o.customer_id IS NULL THEN 'missing_customer'
                WHEN CAST(o.order_ts AS DATE) > {{add_days({{today}}, 1)}} THEN 'date_in_future'
                WHEN CAST(o.order_ts AS DATE) < CAST({{first_version_date}} AS DATE) THEN 'date_out_of_range'
           END AS reason
    FROM stg_orders o
) checked
WHERE reason IS NOT NULL;
DELETE FROM stg_orders
WHERE customer_id IS NULL
   OR CAST(order_ts AS DATE) > {{add_days({{today}}, 1)}}
   OR CAST(order_ts AS DATE) < CAST({{first_version_date}} AS DATE);
