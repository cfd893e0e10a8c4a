SELECT source_entity, target_table, rows_read, rows_written, rows_quarantined
FROM etl_run_table
WHERE run_id = :run_id
ORDER BY source_entity;
