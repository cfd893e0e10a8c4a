-- One row per as-of date the marts hold a snapshot for, written in the transaction that built it:
-- the run (or backfill) that built it and a key of what it was built with (the mart settings, the
-- marts enabled and the text of their SQL; see MartOptions.SettingsKey). A later run keeps a
-- snapshot whose key is unchanged and that its data does not reach (queries/touched_from).
CREATE TABLE etl_mart_snapshot (
    as_of_date   DATE         NOT NULL PRIMARY KEY,
    settings_key VARCHAR(64)  NOT NULL,
    run_id       BIGINT       NOT NULL,
    built_at     {{timestamp}} NOT NULL
);
