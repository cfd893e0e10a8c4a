DELETE FROM dim_product;
INSERT INTO dim_product (product_key, product_id, product_name, category, unit_cost, list_price)
SELECT ROW_NUMBER() OVER (ORDER BY product_id),
       product_id, name, category, unit_cost, list_price
FROM stg_products;
