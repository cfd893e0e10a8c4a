-- Per source entity: the highest watermark value (an updated_at timestamp or a rising id) of the
-- rows extracted by the last committed run. The next incremental run extracts the rows above it,
-- less the look-back. Written in the run's transaction, so a failed or killed run moves nothing.
CREATE TABLE etl_watermark (
    source_entity    VARCHAR(100)  NOT NULL PRIMARY KEY,
    watermark_column VARCHAR(100)  NOT NULL,
    watermark_value  VARCHAR(100)  NOT NULL,   -- invariant text: yyyy-MM-dd HH:mm:ss.fffffff or an integer
    run_id           BIGINT        NOT NULL,
    updated_at       {{timestamp}} NOT NULL
);
