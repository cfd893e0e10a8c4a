-- --full-refresh: the warehouse is rebuilt from the source. Facts, dimensions (their history
-- too), the operational data store, watermarks and the list of loaded files are emptied, in the
-- run's transaction, so a refresh that fails leaves the warehouse as it was. The marts are then
-- rebuilt for every as-of date they hold.
DELETE FROM fact_order;
DELETE FROM fact_order_line;
DELETE FROM ods_orders;
DELETE FROM ods_order_lines;
DELETE FROM dim_customer;
DELETE FROM dim_product;
DELETE FROM dim_channel;
DELETE FROM dim_campaign;
DELETE FROM dim_date;
DELETE FROM etl_watermark;
DELETE FROM etl_loaded_file;
