-- Key 0: an order without a sales channel.
DELETE FROM dim_channel;
INSERT INTO dim_channel (channel_key, channel_code, channel_name)
SELECT 0, '(unknown)', '(unknown)'
UNION ALL
SELECT ROW_NUMBER() OVER (ORDER BY sales_channel), sales_channel, sales_channel
FROM (SELECT DISTINCT sales_channel FROM stg_orders WHERE sales_channel IS NOT NULL) AS channels;
