-- What committed runs left for incremental loads: saved watermarks and recorded files.
SELECT CAST((SELECT COUNT(*) FROM etl_watermark) AS BIGINT), CAST((SELECT COUNT(*) FROM etl_loaded_file) AS BIGINT);
