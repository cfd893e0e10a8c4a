-- The watermarks saved by the last committed runs, per source entity.
SELECT source_entity, watermark_column, watermark_value FROM etl_watermark;
