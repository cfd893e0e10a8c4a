UPDATE etl_run
SET finished_at = :finished_at, status = :status, error = :error, as_of_date = :as_of, load_mode = :load_mode
WHERE run_id = :run_id;
