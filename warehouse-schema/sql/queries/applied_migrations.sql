SELECT version, checksum FROM schema_version ORDER BY version;
