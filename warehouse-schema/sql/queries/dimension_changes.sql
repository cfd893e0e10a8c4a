-- Before the dimension merge (after the staging checks): per dimension entity, the staged rows new
-- to the warehouse and those that differ from their current version in any attribute (an inferred
-- member being completed counts as changed; campaigns: those affected_campaigns found), and all
-- staged rows. The rest were read again unchanged (the look-back).
SELECT 'customers' AS source_entity,
       CAST(COALESCE(SUM(CASE WHEN c.customer_id IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS new_rows,
       CAST(COALESCE(SUM(CASE WHEN c.customer_id IS NOT NULL
                          AND ({{is_true(c.is_inferred)}}
                               OR NOT (c.name = s.name OR (c.name IS NULL AND s.name IS NULL))
                               OR NOT (c.email = s.email OR (c.email IS NULL AND s.email IS NULL))
                               OR NOT (c.country = s.country OR (c.country IS NULL AND s.country IS NULL))
                               OR NOT (c.city = s.city OR (c.city IS NULL AND s.city IS NULL))
                               OR NOT (c.signup_date = s.signup_date OR (c.signup_date IS NULL AND s.signup_date IS NULL))
                               OR NOT (c.acquisition_channel = s.acquisition_channel OR (c.acquisition_channel IS NULL AND s.acquisition_channel IS NULL))
                               OR NOT (c.acquisition_cost = s.acquisition_cost OR (c.acquisition_cost IS NULL AND s.acquisition_cost IS NULL))
                               OR NOT (c.referred_by_customer_id = s.referred_by OR (c.referred_by_customer_id IS NULL AND s.referred_by IS NULL)))
                         THEN 1 ELSE 0 END), 0) AS BIGINT) AS changed_rows,
       CAST(COUNT(*) AS BIGINT) AS staged_rows
FROM stg_customers s
LEFT JOIN dim_customer c ON c.customer_id = s.customer_id AND {{is_true(c.is_current)}}
UNION ALL
SELECT 'products',
       CAST(COALESCE(SUM(CASE WHEN p.product_id IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT),
       CAST(COALESCE(SUM(CASE WHEN p.product_id IS NOT NULL
                          AND (NOT (p.product_name = s.name OR (p.product_name IS NULL AND s.name IS NULL))
                               OR NOT (p.category = s.category OR (p.category IS NULL AND s.category IS NULL))
                               OR NOT (p.unit_cost = s.unit_cost OR (p.unit_cost IS NULL AND s.unit_cost IS NULL))
                               OR NOT (p.list_price = s.list_price OR (p.list_price IS NULL AND s.list_price IS NULL)))
                         THEN 1 ELSE 0 END), 0) AS BIGINT),
       CAST(COUNT(*) AS BIGINT)
FROM stg_products s
LEFT JOIN dim_product p ON p.product_id = s.product_id AND {{is_true(p.is_current)}}
UNION ALL
SELECT 'campaigns',
       CAST(COALESCE(SUM(CASE WHEN a.campaign_id IS NOT NULL AND c.campaign_id IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT),
       CAST(COALESCE(SUM(CASE WHEN a.campaign_id IS NOT NULL AND c.campaign_id IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT),
       CAST(COUNT(*) AS BIGINT)
FROM stg_campaigns s
LEFT JOIN stg_affected_campaign a ON a.campaign_id = s.campaign_id
LEFT JOIN dim_campaign c ON c.campaign_id = s.campaign_id AND c.campaign_key > 0;
