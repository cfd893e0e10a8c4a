-- The columns of a staging table, in order: the extract is converted to these types (a DECIMAL
-- column's precision and scale bound the values it takes; NULL for other types).
SELECT column_name, data_type, is_nullable, numeric_precision, numeric_scale
FROM information_schema.columns
WHERE table_name = :table_name
ORDER BY ordinal_position;
