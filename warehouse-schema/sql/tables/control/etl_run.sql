-- One row per run of the job: when, how it ended, and for which as-of date.
CREATE TABLE etl_run (
    run_id       BIGINT        NOT NULL PRIMARY KEY,
    started_at   {{timestamp}} NOT NULL,
    finished_at  {{timestamp}},
    status       VARCHAR(20)   NOT NULL,   -- running | succeeded | failed | abandoned
    error        VARCHAR(4000),
    as_of_date   DATE,
    source       VARCHAR(400)  NOT NULL,
    software_version VARCHAR(40) NOT NULL
);
