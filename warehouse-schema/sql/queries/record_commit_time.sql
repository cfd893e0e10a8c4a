-- The moment a run's transaction committed (just after it): the end of its load time.
UPDATE etl_run SET finished_at = :finished_at WHERE run_id = :run_id;
