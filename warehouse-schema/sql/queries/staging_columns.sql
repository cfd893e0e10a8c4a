-- The columns of a staging table, in order: the extract is converted to these types.
SELECT column_name, data_type, is_nullable
FROM information_schema.columns
WHERE table_name = :table_name
ORDER BY ordinal_position;
