-- Saves one entity's watermark, in the run's transaction (so only a committed run moves it).
DELETE FROM etl_watermark WHERE source_entity = :source_entity;
INSERT INTO etl_watermark (source_entity, watermark_column, watermark_value, run_id, updated_at)
VALUES (:source_entity, :watermark_column, :watermark_value, :run_id, :updated_at);
