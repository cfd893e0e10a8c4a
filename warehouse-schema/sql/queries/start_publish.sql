-- A publish begins (committed at once, so a killed publish leaves a trace).
INSERT INTO etl_publish (publish_id, run_id, started_at, finished_at, status, run_folder, error)
VALUES (:publish_id, :run_id, :started_at, NULL, 'publishing', NULL, NULL);
