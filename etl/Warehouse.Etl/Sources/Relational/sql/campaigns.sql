SELECT campaign_id, name, channel, start_date, end_date, cost, updated_at
FROM campaigns
