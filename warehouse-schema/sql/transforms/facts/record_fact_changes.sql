-- Records the order dates whose facts this run deleted or wrote (every date of stg_affected_order:
-- the orders' dates before and after this run) for the publisher (see tables/control/etl_fact_change).
INSERT INTO etl_fact_change (run_id, order_date)
SELECT :run_id, d.order_date
FROM (SELECT DISTINCT order_date FROM stg_affected_order) d;
