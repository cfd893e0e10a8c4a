-- One row: this warehouse's identity, a random id given when its first run starts. A publish
-- records it in its manifest; the next publish trusts the warehouse's record of what changed
-- since then (etl_fact_change, etl_mart_snapshot) only for the same warehouse.
CREATE TABLE etl_warehouse (
    warehouse_id VARCHAR(36)   NOT NULL PRIMARY KEY,
    created_at   {{timestamp}} NOT NULL
);
