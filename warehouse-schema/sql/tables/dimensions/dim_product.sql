CREATE TABLE dim_product (
    product_key  INTEGER       NOT NULL PRIMARY KEY,
    product_id   VARCHAR(100)  NOT NULL,   -- natural key
    product_name VARCHAR(400),
    category     VARCHAR(100),
    unit_cost    DECIMAL(18,4),
    list_price   DECIMAL(18,4)
);
