-- History (slowly changing dimension type 2) for country, city and acquisition channel; the other
-- attributes are type 1. Durable keys (customer_key) and version keys continue from the largest
-- in the table, in natural-key order, so a first load numbers customers 1..n by customer_id.
-- 1. A customer whose country, city or acquisition channel changed: its current version closes
--    at the change (the source's updated_at, or the run's start when that is not later).
UPDATE dim_customer
SET valid_to = CASE WHEN s.updated_at > dim_customer.valid_from THEN s.updated_at ELSE :run_started END,
    is_current = {{false}}
FROM stg_customers s
WHERE s.customer_id = dim_customer.customer_id
  AND {{is_true(dim_customer.is_current)}}
  AND NOT {{is_true(dim_customer.is_inferred)}}
  AND (COALESCE(s.country, '') <> COALESCE(dim_customer.country, '')
       OR COALESCE(s.city, '') <> COALESCE(dim_customer.city, '')
       OR COALESCE(s.acquisition_channel, '') <> COALESCE(dim_customer.acquisition_channel, ''));
-- 2. ... and a new current version opens where the old one closed.
INSERT INTO dim_customer (customer_version_key, customer_key, customer_id, name, email, country, city, signup_date,
                          acquisition_channel, acquisition_cost, referred_by_customer_id, valid_from, valid_to,
                          is_current, is_inferred, run_id)
SELECT k.last_version + ROW_NUMBER() OVER (ORDER BY s.customer_id), d.customer_key, s.customer_id, s.name, s.email,
       s.country, s.city, s.signup_date, s.acquisition_channel, s.acquisition_cost, s.referred_by,
       d.closed_at, CAST('9999-12-31' AS {{timestamp}}), {{true}}, {{false}}, :run_id
FROM stg_customers s
JOIN (SELECT customer_id, MAX(customer_key) AS customer_key, MAX(valid_to) AS closed_at
      FROM dim_customer
      GROUP BY customer_id
      HAVING SUM(CASE WHEN {{is_true(is_current)}} THEN 1 ELSE 0 END) = 0) d ON d.customer_id = s.customer_id
CROSS JOIN (SELECT COALESCE(MAX(customer_version_key), 0) AS last_version FROM dim_customer) k;
-- 3. Type 1 attributes on every version; an inferred member is completed in place (same keys).
UPDATE dim_customer
SET name = s.name,
    email = s.email,
    signup_date = s.signup_date,
    acquisition_cost = s.acquisition_cost,
    referred_by_customer_id = s.referred_by,
    country = CASE WHEN {{is_true(dim_customer.is_inferred)}} THEN s.country ELSE dim_customer.country END,
    city = CASE WHEN {{is_true(dim_customer.is_inferred)}} THEN s.city ELSE dim_customer.city END,
    acquisition_channel = CASE WHEN {{is_true(dim_customer.is_inferred)}} THEN s.acquisition_channel ELSE dim_customer.acquisition_channel END,
    is_inferred = {{false}}
FROM stg_customers s
WHERE s.customer_id = dim_customer.customer_id;
-- 4. Customers seen for the first time: one version, valid from the beginning of time.
INSERT INTO dim_customer (customer_version_key, customer_key, customer_id, name, email, country, city, signup_date,
                          acquisition_channel, acquisition_cost, referred_by_customer_id, valid_from, valid_to,
                          is_current, is_inferred, run_id)
SELECT k.last_version + ROW_NUMBER() OVER (ORDER BY s.customer_id), k.last_key + ROW_NUMBER() OVER (ORDER BY s.customer_id),
       s.customer_id, s.name, s.email, s.country, s.city, s.signup_date, s.acquisition_channel, s.acquisition_cost,
       s.referred_by, CAST({{first_version_date}} AS {{timestamp}}), CAST('9999-12-31' AS {{timestamp}}), {{true}}, {{false}}, :run_id
FROM stg_customers s
CROSS JOIN (SELECT COALESCE(MAX(customer_version_key), 0) AS last_version, COALESCE(MAX(customer_key), 0) AS last_key
            FROM dim_customer) k
WHERE NOT EXISTS (SELECT 1 FROM dim_customer c WHERE c.customer_id = s.customer_id);
-- 5. Inferred members: an order names a customer the master has not delivered (yet).
INSERT INTO dim_customer (customer_version_key, customer_key, customer_id, name, email, country, city, signup_date,
                          acquisition_channel, acquisition_cost, referred_by_customer_id, valid_from, valid_to,
                          is_current, is_inferred, run_id)
SELECT k.last_version + ROW_NUMBER() OVER (ORDER BY o.customer_id), k.last_key + ROW_NUMBER() OVER (ORDER BY o.customer_id),
       o.customer_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       CAST({{first_version_date}} AS {{timestamp}}), CAST('9999-12-31' AS {{timestamp}}), {{true}}, {{true}}, :run_id
FROM (SELECT DISTINCT customer_id FROM stg_orders) o
CROSS JOIN (SELECT COALESCE(MAX(customer_version_key), 0) AS last_version, COALESCE(MAX(customer_key), 0) AS last_key
            FROM dim_customer) k
WHERE NOT EXISTS (SELECT 1 FROM dim_customer c WHERE c.customer_id = o.customer_id);
