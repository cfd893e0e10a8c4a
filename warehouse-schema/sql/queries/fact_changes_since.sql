-- The order dates whose facts runs after :since_run_id rewrote (a NULL among them: not known).
SELECT DISTINCT order_date FROM etl_fact_change WHERE run_id > :since_run_id;
