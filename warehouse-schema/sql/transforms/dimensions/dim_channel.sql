-- Key 0: an order without a sales channel. New channels get the next keys (existing keys never
-- change, so facts loaded earlier stay valid).
INSERT INTO dim_channel (channel_key, channel_code, channel_name)
SELECT 0, '(unknown)', '(unknown)'
WHERE NOT EXISTS (SELECT 1 FROM dim_channel WHERE channel_key = 0);
INSERT INTO dim_channel (channel_key, channel_code, channel_name)
SELECT k.last_key + ROW_NUMBER() OVER (ORDER BY c.sales_channel), c.sales_channel, c.sales_channel
FROM (SELECT DISTINCT sales_channel FROM stg_orders WHERE sales_channel IS NOT NULL) c
CROSS JOIN (SELECT COALESCE(MAX(channel_key), 0) AS last_key FROM dim_channel) k
WHERE NOT EXISTS (SELECT 1 FROM dim_channel d WHERE d.channel_code = c.sales_channel);
