-- Marketing campaigns. Key 0 is "no campaign".
CREATE TABLE dim_campaign (
    campaign_key  INTEGER       NOT NULL PRIMARY KEY,
    campaign_id   VARCHAR(100)  NOT NULL,   -- natural key
    campaign_name VARCHAR(400)  NOT NULL,
    channel       VARCHAR(100),
    start_date    DATE,
    end_date      DATE,
    cost          DECIMAL(18,4)
);
