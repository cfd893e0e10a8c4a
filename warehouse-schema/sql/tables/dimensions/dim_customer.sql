CREATE TABLE dim_customer (
    customer_key            INTEGER       NOT NULL PRIMARY KEY,
    customer_id             VARCHAR(100)  NOT NULL,   -- natural key
    name                    VARCHAR(400),
    email                   VARCHAR(400),
    country                 VARCHAR(100),
    city                    VARCHAR(100),
    signup_date             DATE,
    acquisition_channel     VARCHAR(100),
    acquisition_cost        DECIMAL(18,4),
    referred_by_customer_id VARCHAR(100)
);
