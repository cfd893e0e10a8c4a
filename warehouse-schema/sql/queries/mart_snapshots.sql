-- The mart snapshots recorded as built, with the key of what they were built with.
SELECT as_of_date, settings_key FROM etl_mart_snapshot ORDER BY as_of_date;
