-- Rows quarantined by a run, per source entity and reason code (for the run's summary).
SELECT source_entity, reason_code, COUNT(*) FROM etl_quarantine WHERE run_id = :run_id
GROUP BY source_entity, reason_code
ORDER BY source_entity, reason_code;
