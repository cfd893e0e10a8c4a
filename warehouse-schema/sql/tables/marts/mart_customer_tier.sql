-- Grain: one customer per as-of date, with their pyramid tier. Holds the as-of date and the two
-- dates it is compared with (a month and a year earlier), which the migration mart reads.
CREATE TABLE mart_customer_tier (
    as_of_date   DATE          NOT NULL,
    customer_key INTEGER       NOT NULL,
    customer_id  VARCHAR(100)  NOT NULL,
    tier         VARCHAR(20)   NOT NULL,
    tier_order   SMALLINT      NOT NULL,
    revenue_12m  DECIMAL(38,8) NOT NULL,   -- revenue in (as_of - 12 months, as_of]
    revenue_rank INTEGER,                  -- 1 = highest revenue among active customers; NULL if not active
    PRIMARY KEY (as_of_date, customer_key)
);
