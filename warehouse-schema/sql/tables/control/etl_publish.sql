-- One row per publish of a run's data (by `warehouse run`, or again by `warehouse publish`):
-- when it started and ended, how it ended and where it went. Written outside the run's
-- transaction (the publish follows the commit): a killed publish leaves its row 'publishing'.
CREATE TABLE etl_publish (
    publish_id   BIGINT         NOT NULL PRIMARY KEY,
    run_id       BIGINT         NOT NULL,   -- the run whose data was published
    started_at   {{timestamp}}  NOT NULL,
    finished_at  {{timestamp}},
    status       VARCHAR(20)    NOT NULL,   -- publishing | published | failed | abandoned
    run_folder   VARCHAR(1000),             -- the published run folder (and blob prefix, if any)
    error        VARCHAR(4000)
);
