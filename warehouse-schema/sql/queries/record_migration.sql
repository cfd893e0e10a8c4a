INSERT INTO schema_version (version, name, checksum, applied_at) VALUES (:version, :name, :checksum, :applied_at);
