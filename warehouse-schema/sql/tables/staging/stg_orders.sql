CREATE TABLE stg_orders (
    order_id      VARCHAR(100) NOT NULL,
    customer_id   VARCHAR(100),
    order_ts      {{timestamp}} NOT NULL,
    sales_channel VARCHAR(100),
    campaign_id   VARCHAR(100),
    status        VARCHAR(20)  NOT NULL,
    updated_at    {{timestamp}},
    source_row          BIGINT       NOT NULL   -- the row's position in its extract, 1-based
);
