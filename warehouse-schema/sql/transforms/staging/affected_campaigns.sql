-- The staged campaigns that are new or differ from the campaign dimension (see
-- tables/staging/stg_affected_campaign), compared before the dimension merge. A campaign extracted
-- again unchanged touches no mart snapshot.
DELETE FROM stg_affected_campaign;
INSERT INTO stg_affected_campaign (campaign_id, touched_from)
SELECT s.campaign_id,
       CASE WHEN s.start_date IS NULL THEN CAST('1900-01-01' AS DATE)
            WHEN c.campaign_id IS NULL THEN s.start_date
            WHEN c.start_date IS NULL THEN CAST('1900-01-01' AS DATE)
            WHEN c.start_date < s.start_date THEN c.start_date
            ELSE s.start_date
       END
FROM stg_campaigns s
LEFT JOIN dim_campaign c ON c.campaign_id = s.campaign_id AND c.campaign_key > 0
WHERE c.campaign_id IS NULL
   OR c.campaign_name <> COALESCE(s.name, s.campaign_id)
   OR NOT (c.channel = s.channel OR (c.channel IS NULL AND s.channel IS NULL))
   OR NOT (c.start_date = s.start_date OR (c.start_date IS NULL AND s.start_date IS NULL))
   OR NOT (c.end_date = s.end_date OR (c.end_date IS NULL AND s.end_date IS NULL))
   OR NOT (c.cost = s.cost OR (c.cost IS NULL AND s.cost IS NULL));
