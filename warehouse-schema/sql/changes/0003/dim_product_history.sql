-- dim_product keeps history like dim_customer: product_key is durable, product_version_key the
-- row's key; category and unit_cost are type 2, product_name and list_price type 1.
CREATE TABLE dim_product_v3 (
    product_version_key INTEGER       NOT NULL PRIMARY KEY,
    product_key         INTEGER       NOT NULL,   -- durable key
    product_id          VARCHAR(100)  NOT NULL,   -- natural key
    product_name        VARCHAR(400),
    category            VARCHAR(100),
    unit_cost           DECIMAL(18,4),
    list_price          DECIMAL(18,4),
    valid_from          {{timestamp}} NOT NULL,
    valid_to            {{timestamp}} NOT NULL,
    is_current          {{boolean}}   NOT NULL,
    is_inferred         {{boolean}}   NOT NULL,
    run_id              BIGINT
);
INSERT INTO dim_product_v3 (product_version_key, product_key, product_id, product_name, category, unit_cost, list_price,
                            valid_from, valid_to, is_current, is_inferred, run_id)
SELECT product_key, product_key, product_id, product_name, category, unit_cost, list_price,
       CAST('1900-01-01' AS {{timestamp}}), CAST('9999-12-31' AS {{timestamp}}), {{true}}, {{false}}, NULL
FROM dim_product;
DROP TABLE dim_product;
{{rename_table(dim_product_v3, dim_product)}};
