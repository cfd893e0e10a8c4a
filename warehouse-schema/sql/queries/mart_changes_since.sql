-- The as-of dates whose rows in the mart table :table runs (and backfills) after :since_run_id
-- wrote: every snapshot they built and, for mart_customer_tier and mart_pareto, the two dates each
-- snapshot compares with (a month and a year earlier), whose rows it rewrites too (see
-- transforms/marts/mart_customer_tier, mart_pareto).
SELECT as_of_date FROM etl_mart_snapshot WHERE run_id > :since_run_id
UNION
SELECT {{months_before(as_of_date, 1)}} FROM etl_mart_snapshot WHERE run_id > :since_run_id AND :table IN ('mart_customer_tier', 'mart_pareto')
UNION
SELECT {{months_before(as_of_date, 12)}} FROM etl_mart_snapshot WHERE run_id > :since_run_id AND :table IN ('mart_customer_tier', 'mart_pareto');
