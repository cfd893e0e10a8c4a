-- The as-of dates whose rows in the mart table :table runs (and backfills) after :since_run_id
-- wrote: every snapshot they built and, for mart_customer_tier, the two dates each snapshot
-- compares with (a month and a year earlier), whose rows it rewrites too (see
-- transforms/marts/mart_customer_tier).
SELECT as_of_date FROM etl_mart_snapshot WHERE run_id > :since_run_id
UNION
SELECT {{months_before(as_of_date, 1)}} FROM etl_mart_snapshot WHERE run_id > :since_run_id AND :table = 'mart_customer_tier'
UNION
SELECT {{months_before(as_of_date, 12)}} FROM etl_mart_snapshot WHERE run_id > :since_run_id AND :table = 'mart_customer_tier';
