-- Key 0: an order placed without a campaign. Key -1: an order naming a campaign the master lacks.
DELETE FROM dim_campaign;
INSERT INTO dim_campaign (campaign_key, campaign_id, campaign_name, channel, start_date, end_date, cost)
SELECT 0, '(none)', '(no campaign)', NULL, NULL, NULL, NULL
UNION ALL
SELECT -1, '(unknown)', '(unknown campaign)', NULL, NULL, NULL, NULL
UNION ALL
SELECT ROW_NUMBER() OVER (ORDER BY campaign_id), campaign_id, COALESCE(name, campaign_id), channel, start_date, end_date, cost
FROM stg_campaigns;
