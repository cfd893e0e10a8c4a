-- Per run and source entity: rows read from the source = rows written to the warehouse table +
-- rows quarantined. The job refuses to commit a run where this does not hold.
CREATE TABLE etl_run_table (
    run_id           BIGINT       NOT NULL,
    source_entity    VARCHAR(100) NOT NULL,
    target_table     VARCHAR(100) NOT NULL,
    rows_read        BIGINT       NOT NULL,
    rows_written     BIGINT       NOT NULL,
    rows_quarantined BIGINT       NOT NULL,
    PRIMARY KEY (run_id, source_entity)
);
