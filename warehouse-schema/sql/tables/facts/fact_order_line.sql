-- Grain: one order line; (order_id, line_number) is unique (staging quarantines duplicates).
-- Amounts are kept at the source's precision: nothing is rounded here.
CREATE TABLE fact_order_line (
    date_key      INTEGER       NOT NULL,
    customer_key  INTEGER       NOT NULL,
    product_key   INTEGER       NOT NULL,
    channel_key   INTEGER       NOT NULL,
    campaign_key  INTEGER       NOT NULL,
    order_id      VARCHAR(100)  NOT NULL,
    line_number   INTEGER       NOT NULL,
    order_date    DATE          NOT NULL,
    order_ts      {{timestamp}} NOT NULL,
    quantity      INTEGER       NOT NULL,
    unit_price    DECIMAL(18,4) NOT NULL,
    discount_rate DECIMAL(9,4)  NOT NULL,
    gross_amount  DECIMAL(18,4) NOT NULL,   -- quantity * unit_price
    net_amount    DECIMAL(18,8) NOT NULL,   -- quantity * unit_price * (1 - discount_rate)
    cost_amount   DECIMAL(18,4) NOT NULL,   -- quantity * product unit cost
    margin_amount DECIMAL(18,8) NOT NULL,   -- net_amount - cost_amount
    order_status  VARCHAR(20)   NOT NULL    -- completed | cancelled | returned
);
