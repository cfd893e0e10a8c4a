-- One customer per customer id; their attributes are those of their latest order line.
WITH ranked AS (
    SELECT customer_id, customer_name, email, country, city, order_ts, source_row,
           ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY order_ts DESC, source_row DESC) AS latest,
           MIN(source_row) OVER (PARTITION BY customer_id) AS first_row,
           MAX(order_ts) OVER (PARTITION BY customer_id) AS last_ts
    FROM stg_flat_order_lines
    WHERE customer_id IS NOT NULL
)
INSERT INTO stg_customers (customer_id, name, email, country, city, signup_date, acquisition_channel,
                           acquisition_cost, referred_by, updated_at, source_row)
SELECT customer_id, customer_name, email, country, city, NULL, NULL, NULL, NULL, last_ts, first_row
FROM ranked
WHERE latest = 1;
