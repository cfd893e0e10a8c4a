-- Rows quarantined by a run, per source entity.
SELECT source_entity, COUNT(*) FROM etl_quarantine WHERE run_id = :run_id GROUP BY source_entity;
