-- Gives the warehouse its identity the first time (a no-op afterwards).
INSERT INTO etl_warehouse (warehouse_id, created_at)
SELECT :warehouse_id, :created_at
WHERE NOT EXISTS (SELECT 1 FROM etl_warehouse);
