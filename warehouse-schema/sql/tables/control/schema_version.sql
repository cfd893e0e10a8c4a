-- One row per applied migration. Created by the migrator before anything else.
CREATE TABLE schema_version (
    version     INTEGER      NOT NULL PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    checksum    VARCHAR(64)  NOT NULL,
    applied_at  {{timestamp}} NOT NULL
);
