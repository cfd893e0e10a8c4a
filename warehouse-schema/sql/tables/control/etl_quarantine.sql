-- Source rows that were not loaded, each with the reason.
CREATE TABLE etl_quarantine (
    run_id          BIGINT        NOT NULL,
    source_entity   VARCHAR(100)  NOT NULL,
    source_location VARCHAR(400)  NOT NULL,   -- natural key, or file and line
    raw_row         VARCHAR(4000) NOT NULL,
    reason_code     VARCHAR(50)   NOT NULL,
    message         VARCHAR(1000) NOT NULL
);
