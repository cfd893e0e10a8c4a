-- How a run loaded: full_refresh (the warehouse rebuilt from the source), full (a complete
-- extract merged in), incremental (rows above the watermarks, files not loaded before), or
-- backfill (marts only).
ALTER TABLE etl_run ADD load_mode VARCHAR(20);
