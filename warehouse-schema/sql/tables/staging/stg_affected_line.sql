-- Work table: the current lines of the orders this run rebuilds, each with its order's header,
-- from the operational data store. The facts join it to the dimension versions valid at
-- order_ts (a separate table so that every version join pairs a key equality with the range).
CREATE TABLE stg_affected_line (
    order_id      VARCHAR(100)  NOT NULL,
    line_number   INTEGER       NOT NULL,
    product_id    VARCHAR(100)  NOT NULL,
    quantity      INTEGER       NOT NULL,
    unit_price    DECIMAL(18,4) NOT NULL,
    discount_rate DECIMAL(9,4)  NOT NULL,
    customer_id   VARCHAR(100)  NOT NULL,
    order_ts      {{timestamp}} NOT NULL,
    sales_channel VARCHAR(100),
    campaign_id   VARCHAR(100),
    status        VARCHAR(20)   NOT NULL
);
