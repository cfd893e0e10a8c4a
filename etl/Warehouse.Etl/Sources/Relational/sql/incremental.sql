-- An entity's extraction query restricted to the rows above the watermark. RelationalSource puts
-- the query and the watermark column (checked to be a plain identifier) in the braces; the value
-- is a parameter.
SELECT *
FROM (
{query}
) extract_query
WHERE extract_query.{column} > @watermark
