-- The source's customer master as extracted this run. Natural keys are text: sources differ.
CREATE TABLE stg_customers (
    customer_id         VARCHAR(100) NOT NULL,
    name                VARCHAR(400),
    email               VARCHAR(400),
    country             VARCHAR(100),
    city                VARCHAR(100),
    signup_date         DATE,
    acquisition_channel VARCHAR(100),
    acquisition_cost    DECIMAL(18,4),
    referred_by         VARCHAR(100),
    updated_at          {{timestamp}},
    source_row          BIGINT       NOT NULL   -- the row's position in its extract, 1-based
);
