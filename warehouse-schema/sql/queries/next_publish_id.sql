SELECT COALESCE(MAX(publish_id), 0) + 1 FROM etl_publish;
