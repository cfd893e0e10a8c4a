-- Grain: one order (header), summed from its lines. Built from fact_order_line on every run; the
-- customer-value marts read orders from here rather than re-aggregating the lines each time.
CREATE TABLE fact_order (
    order_id      VARCHAR(100)  NOT NULL,   -- unique
    date_key      INTEGER       NOT NULL,
    customer_key  INTEGER       NOT NULL,
    channel_key   INTEGER       NOT NULL,
    campaign_key  INTEGER       NOT NULL,
    order_date    DATE          NOT NULL,
    order_ts      {{timestamp}} NOT NULL,
    order_status  VARCHAR(20)   NOT NULL,
    line_count    INTEGER       NOT NULL,
    gross_amount  DECIMAL(38,4) NOT NULL,
    net_amount    DECIMAL(38,8) NOT NULL,
    cost_amount   DECIMAL(38,4) NOT NULL,
    margin_amount DECIMAL(38,8) NOT NULL
);
