CREATE TABLE stg_order_lines (
    order_id      VARCHAR(100)  NOT NULL,
    line_number   INTEGER       NOT NULL,
    product_id    VARCHAR(100),
    quantity      INTEGER       NOT NULL,
    unit_price    DECIMAL(18,4) NOT NULL,
    discount_rate DECIMAL(9,4)  NOT NULL,
    updated_at    {{timestamp}},
    source_row          BIGINT       NOT NULL   -- the row's position in its extract, 1-based
);
