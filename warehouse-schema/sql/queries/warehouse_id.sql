-- The warehouse's identity (none before its first run).
SELECT warehouse_id FROM etl_warehouse;
