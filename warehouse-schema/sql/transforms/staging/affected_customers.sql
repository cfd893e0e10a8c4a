-- The staged customers that change what the marts see (see tables/staging/stg_affected_customer),
-- compared with the current version before the dimension merge. A customer staged again with the
-- same signup date, acquisition cost and referrer (a new city, say) touches no snapshot.
DELETE FROM stg_affected_customer;
INSERT INTO stg_affected_customer (customer_id, touched_from)
SELECT s.customer_id,
       CASE WHEN s.signup_date IS NULL THEN CAST('1900-01-01' AS DATE)
            WHEN c.customer_id IS NULL THEN s.signup_date
            WHEN c.signup_date IS NULL OR {{is_true(c.is_inferred)}} THEN CAST('1900-01-01' AS DATE)
            WHEN c.signup_date < s.signup_date THEN c.signup_date
            ELSE s.signup_date
       END
FROM stg_customers s
LEFT JOIN dim_customer c ON c.customer_id = s.customer_id AND {{is_true(c.is_current)}}
WHERE c.customer_id IS NULL
   OR {{is_true(c.is_inferred)}}
   OR NOT (c.signup_date = s.signup_date OR (c.signup_date IS NULL AND s.signup_date IS NULL))
   OR NOT (c.acquisition_cost = s.acquisition_cost OR (c.acquisition_cost IS NULL AND s.acquisition_cost IS NULL))
   OR NOT (c.referred_by_customer_id = s.referred_by OR (c.referred_by_customer_id IS NULL AND s.referred_by IS NULL));
