-- Records a file this run loaded (in the run's transaction); a file reloaded after a change
-- replaces its earlier entry.
DELETE FROM etl_loaded_file WHERE file_path = :file_path;
INSERT INTO etl_loaded_file (file_path, file_size, file_hash, run_id, loaded_at)
VALUES (:file_path, :file_size, :file_hash, :run_id, :loaded_at);
