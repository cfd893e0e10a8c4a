-- Files a flat-file source has loaded: an incremental run skips a file whose path, size and
-- SHA-256 are all here (a file that changed is read again and its rows upserted).
CREATE TABLE etl_loaded_file (
    file_path  VARCHAR(1000) NOT NULL,
    file_size  BIGINT        NOT NULL,
    file_hash  VARCHAR(64)   NOT NULL,
    run_id     BIGINT        NOT NULL,
    loaded_at  {{timestamp}} NOT NULL
);
