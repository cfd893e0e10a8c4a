-- Key 0: an order placed without a campaign. Key -1: an order naming a campaign the master lacks.
-- Campaigns are type 1: a campaign extracted again overwrites its attributes; new ones get the
-- next keys.
INSERT INTO dim_campaign (campaign_key, campaign_id, campaign_name, channel, start_date, end_date, cost)
SELECT 0, '(none)', '(no campaign)', NULL, NULL, NULL, NULL
WHERE NOT EXISTS (SELECT 1 FROM dim_campaign WHERE campaign_key = 0);
INSERT INTO dim_campaign (campaign_key, campaign_id, campaign_name, channel, start_date, end_date, cost)
SELECT -1, '(unknown)', '(unknown campaign)', NULL, NULL, NULL, NULL
WHERE NOT EXISTS (SELECT 1 FROM dim_campaign WHERE campaign_key = -1);
UPDATE dim_campaign
SET campaign_name = COALESCE(s.name, s.campaign_id),
    channel = s.channel,
    start_date = s.start_date,
    end_date = s.end_date,
    cost = s.cost
FROM stg_campaigns s
WHERE s.campaign_id = dim_campaign.campaign_id AND dim_campaign.campaign_key > 0;
INSERT INTO dim_campaign (campaign_key, campaign_id, campaign_name, channel, start_date, end_date, cost)
SELECT k.last_key + ROW_NUMBER() OVER (ORDER BY s.campaign_id), s.campaign_id, COALESCE(s.name, s.campaign_id),
       s.channel, s.start_date, s.end_date, s.cost
FROM stg_campaigns s
CROSS JOIN (SELECT COALESCE(MAX(campaign_key), 0) AS last_key FROM dim_campaign) k
WHERE NOT EXISTS (SELECT 1 FROM dim_campaign d WHERE d.campaign_id = s.campaign_id);
