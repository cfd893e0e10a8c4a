-- The files loaded by committed runs: path, size and SHA-256.
SELECT file_path, file_size, file_hash FROM etl_loaded_file;
