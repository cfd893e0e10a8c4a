-- The lines of one order in a flat file must name one customer and be dated within
-- :order_time_tolerance_minutes (Source:Flat:OrderTimeToleranceMinutes) of each other; otherwise
-- the order cannot be told apart (its first line's customer would get every line's revenue) and
-- every line of it that names a customer is quarantined: order_customer_conflict when the lines
-- name different customers, else order_timestamp_conflict when their timestamps are further apart
-- than the tolerance. Lines without a customer were quarantined missing_customer before and are
-- neither looked at nor counted again. In a run that merges into the store (:merges_into_store = 1,
-- an incremental run), a line naming another customer than the order already loaded has is
-- order_customer_conflict too: an order never moves to another customer by the timing of the runs
-- (a full refresh reads every file at once, where the first check settles it). The lines
-- quarantined are removed from the extract, so no customer, product, order or line is derived
-- from them.
INSERT INTO etl_quarantine (run_id, source_entity, source_location, raw_row, reason_code, message)
SELECT :run_id, 'order_lines', CONCAT('row ', l.source_row),
       CONCAT('order_id=', l.order_id, '; customer_id=', l.customer_id, '; product_id=', COALESCE(l.product_id, ''),
              '; quantity=', l.quantity, '; unit_price=', l.unit_price, '; order_ts=', CAST(l.order_ts AS VARCHAR(30))),
       c.reason_code,
       CASE c.reason_code
           WHEN 'order_customer_conflict' THEN
               CONCAT('order ', c.order_id, ' names ', CAST(c.customers AS VARCHAR(20)), ' different customers (',
                      c.first_customer, CASE WHEN c.customers = 2 THEN ' and ' ELSE ', ..., ' END, c.last_customer,
                      '): its lines cannot be attributed to one customer')
           ELSE CONCAT('order ', c.order_id, ' has lines dated from ', CAST(c.first_ts AS VARCHAR(30)), ' to ',
                       CAST(c.last_ts AS VARCHAR(30)), ', more than ', CAST(:order_time_tolerance_minutes AS VARCHAR(20)),
                       ' minutes apart (Source:Flat:OrderTimeToleranceMinutes)')
       END
FROM stg_flat_order_lines l
JOIN (
    SELECT order_id,
           COUNT(DISTINCT customer_id) AS customers,
           MIN(customer_id) AS first_customer,
           MAX(customer_id) AS last_customer,
           MIN(order_ts) AS first_ts,
           MAX(order_ts) AS last_ts,
           CASE WHEN COUNT(DISTINCT customer_id) > 1 THEN 'order_customer_conflict' ELSE 'order_timestamp_conflict' END AS reason_code
    FROM stg_flat_order_lines
    WHERE customer_id IS NOT NULL
    GROUP BY order_id
    HAVING COUNT(DISTINCT customer_id) > 1
        OR MAX(order_ts) > {{add_minutes(MIN(order_ts), :order_time_tolerance_minutes)}}
) c ON c.order_id = l.order_id
WHERE l.customer_id IS NOT NULL;
INSERT INTO etl_quarantine (run_id, source_entity, source_location, raw_row, reason_code, message)
SELECT :run_id, 'order_lines', CONCAT('row ', l.source_row),
       CONCAT('order_id=', l.order_id, '; customer_id=', l.customer_id, '; product_id=', COALESCE(l.product_id, ''),
              '; quantity=', l.quantity, '; unit_price=', l.unit_price, '; order_ts=', CAST(l.order_ts AS VARCHAR(30))),
       'order_customer_conflict',
       CONCAT('order ', l.order_id, ' was loaded before for customer ', o.customer_id, ' and this extract names ', l.customer_id,
              ': an order is not moved to another customer by a later file (a full refresh reads every file together)')
FROM stg_flat_order_lines l
JOIN ods_orders o ON o.order_id = l.order_id
WHERE :merges_into_store = 1
  AND l.customer_id IS NOT NULL
  AND o.customer_id <> l.customer_id
  AND NOT EXISTS (SELECT 1 FROM etl_quarantine q
                  WHERE q.run_id = :run_id AND q.source_entity = 'order_lines'
                    AND q.source_location = CONCAT('row ', l.source_row)
                    AND q.reason_code IN ('order_customer_conflict', 'order_timestamp_conflict'));
DELETE FROM stg_flat_order_lines
WHERE customer_id IS NOT NULL
  AND CONCAT('row ', source_row) IN (
    SELECT source_location FROM etl_quarantine
    WHERE run_id = :run_id AND source_entity = 'order_lines'
      AND reason_code IN ('order_customer_conflict', 'order_timestamp_conflict'));
