-- A publish ended: published (with its run folder) or failed (with the error).
UPDATE etl_publish
SET finished_at = :finished_at, status = :status, run_folder = :run_folder, error = :error
WHERE publish_id = :publish_id;
