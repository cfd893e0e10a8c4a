INSERT INTO etl_run (run_id, started_at, finished_at, status, error, as_of_date, source, software_version)
VALUES (:run_id, :started_at, NULL, 'running', NULL, NULL, :source, :software_version);
