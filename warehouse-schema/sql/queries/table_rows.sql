-- Row counts of the published tables, for the run summary.
SELECT 'dim_date' AS table_name, COUNT(*) AS row_count FROM dim_date
UNION ALL SELECT 'dim_customer', COUNT(*) FROM dim_customer
UNION ALL SELECT 'dim_product', COUNT(*) FROM dim_product
UNION ALL SELECT 'dim_channel', COUNT(*) FROM dim_channel
UNION ALL SELECT 'dim_campaign', COUNT(*) FROM dim_campaign
UNION ALL SELECT 'fact_order_line', COUNT(*) FROM fact_order_line
UNION ALL SELECT 'fact_order', COUNT(*) FROM fact_order
UNION ALL SELECT 'mart_customer_rfm', COUNT(*) FROM mart_customer_rfm WHERE as_of_date = :as_of
UNION ALL SELECT 'mart_rfm_thresholds', COUNT(*) FROM mart_rfm_thresholds WHERE as_of_date = :as_of
UNION ALL SELECT 'mart_rfm_segment_summary', COUNT(*) FROM mart_rfm_segment_summary WHERE as_of_date = :as_of;
