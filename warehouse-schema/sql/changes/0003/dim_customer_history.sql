-- dim_customer keeps history: one row per version of a customer. customer_key is the durable key
-- (one per customer, used by the marts); customer_version_key is the row's key, carried by the
-- facts. country, city and acquisition_channel are type 2 (a change opens a new version, valid
-- from the source's updated_at); the other attributes are type 1 (overwritten on every version).
-- The first version is valid from 1900-01-01, the current one to 9999-12-31 (exclusive bounds
-- [valid_from, valid_to)). An inferred member (is_inferred) stands in for a customer an order
-- names before the customer master has it, and is completed in place when the customer arrives.
CREATE TABLE dim_customer_v3 (
    customer_version_key    INTEGER       NOT NULL PRIMARY KEY,
    customer_key            INTEGER       NOT NULL,   -- durable key
    customer_id             VARCHAR(100)  NOT NULL,   -- natural key
    name                    VARCHAR(400),
    email                   VARCHAR(400),
    country                 VARCHAR(100),
    city                    VARCHAR(100),
    signup_date             DATE,
    acquisition_channel     VARCHAR(100),
    acquisition_cost        DECIMAL(18,4),
    referred_by_customer_id VARCHAR(100),
    valid_from              {{timestamp}} NOT NULL,
    valid_to                {{timestamp}} NOT NULL,
    is_current              {{boolean}}   NOT NULL,
    is_inferred             {{boolean}}   NOT NULL,
    run_id                  BIGINT                    -- the run that wrote the version
);
INSERT INTO dim_customer_v3 (customer_version_key, customer_key, customer_id, name, email, country, city, signup_date,
                             acquisition_channel, acquisition_cost, referred_by_customer_id, valid_from, valid_to,
                             is_current, is_inferred, run_id)
SELECT customer_key, customer_key, customer_id, name, email, country, city, signup_date,
       acquisition_channel, acquisition_cost, referred_by_customer_id,
       CAST('1900-01-01' AS {{timestamp}}), CAST('9999-12-31' AS {{timestamp}}), {{true}}, {{false}}, NULL
FROM dim_customer;
DROP TABLE dim_customer;
{{rename_table(dim_customer_v3, dim_customer)}};
