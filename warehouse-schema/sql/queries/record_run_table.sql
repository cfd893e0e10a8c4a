INSERT INTO etl_run_table (run_id, source_entity, target_table, rows_read, rows_written, rows_quarantined)
VALUES (:run_id, :source_entity, :target_table, :rows_read, :rows_written, :rows_quarantined);
