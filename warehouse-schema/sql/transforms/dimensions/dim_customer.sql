-- Full reload: surrogate keys follow the natural key's order, so a rerun gives the same keys.
DELETE FROM dim_customer;
INSERT INTO dim_customer (customer_key, customer_id, name, email, country, city, signup_date,
                          acquisition_channel, acquisition_cost, referred_by_customer_id)
SELECT ROW_NUMBER() OVER (ORDER BY customer_id),
       customer_id, name, email, country, city, signup_date,
       acquisition_channel, acquisition_cost, referred_by
FROM stg_customers;
