-- The operational data store: the latest version of every source order line loaded so far
-- (upserted on order_id, line_number). See ods_orders.
CREATE TABLE ods_order_lines (
    order_id      VARCHAR(100)  NOT NULL,
    line_number   INTEGER       NOT NULL,
    product_id    VARCHAR(100)  NOT NULL,
    quantity      INTEGER       NOT NULL,
    unit_price    DECIMAL(18,4) NOT NULL,
    discount_rate DECIMAL(9,4)  NOT NULL,
    updated_at    {{timestamp}}
);
