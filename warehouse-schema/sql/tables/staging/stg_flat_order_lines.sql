-- A flat order-line extract (one row per order line, with the order's, customer's and product's
-- attributes on every row), as read from a file; the entity staging tables are derived from it.
CREATE TABLE stg_flat_order_lines (
    order_id            VARCHAR(100)  NOT NULL,
    order_ts            {{timestamp}} NOT NULL,
    customer_id         VARCHAR(100),
    customer_name       VARCHAR(400),
    email               VARCHAR(400),
    country             VARCHAR(100),
    city                VARCHAR(100),
    product_id          VARCHAR(100),
    product_name        VARCHAR(400),
    category            VARCHAR(100),
    unit_cost           DECIMAL(18,4),
    sales_channel       VARCHAR(100),
    campaign_id         VARCHAR(100),
    status              VARCHAR(20),
    quantity            INTEGER       NOT NULL,
    unit_price          DECIMAL(18,4) NOT NULL,
    discount_rate       DECIMAL(9,4),
    source_row          BIGINT        NOT NULL   -- the row's position in its extract, 1-based
);
