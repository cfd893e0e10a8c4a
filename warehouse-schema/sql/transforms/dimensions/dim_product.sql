-- History (type 2) for category and unit cost; product_name and list_price are type 1. Keys as in
-- dim_customer. Order lines naming an unknown product are quarantined, so there are no inferred
-- products (is_inferred is always false here).
-- 1. A product whose category or unit cost changed: its current version closes at the change.
UPDATE dim_product
SET valid_to = CASE WHEN s.updated_at > dim_product.valid_from THEN s.updated_at ELSE :run_started END,
    is_current = {{false}}
FROM stg_products s
WHERE s.product_id = dim_product.product_id
  AND {{is_true(dim_product.is_current)}}
  AND (COALESCE(s.category, '') <> COALESCE(dim_product.category, '')
       OR COALESCE(s.unit_cost, -1) <> COALESCE(dim_product.unit_cost, -1));
-- 2. ... and a new current version opens where the old one closed.
INSERT INTO dim_product (product_version_key, product_key, product_id, product_name, category, unit_cost, list_price,
                         valid_from, valid_to, is_current, is_inferred, run_id)
SELECT k.last_version + ROW_NUMBER() OVER (ORDER BY s.product_id), d.product_key, s.product_id, s.name, s.category,
       s.unit_cost, s.list_price, d.closed_at, CAST('9999-12-31' AS {{timestamp}}), {{true}}, {{false}}, :run_id
FROM stg_products s
JOIN (SELECT product_id, MAX(product_key) AS product_key, MAX(valid_to) AS closed_at
      FROM dim_product
      GROUP BY product_id
      HAVING SUM(CASE WHEN {{is_true(is_current)}} THEN 1 ELSE 0 END) = 0) d ON d.product_id = s.product_id
CROSS JOIN (SELECT COALESCE(MAX(product_version_key), 0) AS last_version FROM dim_product) k;
-- 3. Type 1 attributes on every version.
UPDATE dim_product
SET product_name = s.name,
    list_price = s.list_price
FROM stg_products s
WHERE s.product_id = dim_product.product_id;
-- 4. Products seen for the first time.
INSERT INTO dim_product (product_version_key, product_key, product_id, product_name, category, unit_cost, list_price,
                         valid_from, valid_to, is_current, is_inferred, run_id)
SELECT k.last_version + ROW_NUMBER() OVER (ORDER BY s.product_id), k.last_key + ROW_NUMBER() OVER (ORDER BY s.product_id),
       s.product_id, s.name, s.category, s.unit_cost, s.list_price,
       CAST({{first_version_date}} AS {{timestamp}}), CAST('9999-12-31' AS {{timestamp}}), {{true}}, {{false}}, :run_id
FROM stg_products s
CROSS JOIN (SELECT COALESCE(MAX(product_version_key), 0) AS last_version, COALESCE(MAX(product_key), 0) AS last_key
            FROM dim_product) k
WHERE NOT EXISTS (SELECT 1 FROM dim_product p WHERE p.product_id = s.product_id);
