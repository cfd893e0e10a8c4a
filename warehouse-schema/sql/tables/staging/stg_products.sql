CREATE TABLE stg_products (
    product_id  VARCHAR(100) NOT NULL,
    name        VARCHAR(400),
    category    VARCHAR(100),
    unit_cost   DECIMAL(18,4),
    list_price  DECIMAL(18,4),
    updated_at  {{timestamp}},
    source_row          BIGINT       NOT NULL   -- the row's position in its extract, 1-based
);
