SELECT COUNT(*) FROM information_schema.tables WHERE table_name = :table_name;
