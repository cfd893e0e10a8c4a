-- The rows each warehouse table holds, one pair (table, rows) each: what a full refresh empties
-- (counted before clear_warehouse, in the order its log line names them), and the totals the
-- workbooks' Run sheet shows beside a run's own counts (the dim_ and fact_ tables).
SELECT 'fact_order_line' AS table_name, CAST(COUNT(*) AS BIGINT) AS row_count FROM fact_order_line
UNION ALL SELECT 'fact_order', CAST(COUNT(*) AS BIGINT) FROM fact_order
UNION ALL SELECT 'dim_customer', CAST(COUNT(*) AS BIGINT) FROM dim_customer
UNION ALL SELECT 'dim_product', CAST(COUNT(*) AS BIGINT) FROM dim_product
UNION ALL SELECT 'dim_campaign', CAST(COUNT(*) AS BIGINT) FROM dim_campaign
UNION ALL SELECT 'dim_channel', CAST(COUNT(*) AS BIGINT) FROM dim_channel
UNION ALL SELECT 'dim_date', CAST(COUNT(*) AS BIGINT) FROM dim_date
UNION ALL SELECT 'ods_orders', CAST(COUNT(*) AS BIGINT) FROM ods_orders
UNION ALL SELECT 'etl_watermark', CAST(COUNT(*) AS BIGINT) FROM etl_watermark
UNION ALL SELECT 'etl_loaded_file', CAST(COUNT(*) AS BIGINT) FROM etl_loaded_file;
