CREATE TABLE stg_campaigns (
    campaign_id VARCHAR(100) NOT NULL,
    name        VARCHAR(400),
    channel     VARCHAR(100),
    start_date  DATE,
    end_date    DATE,
    cost        DECIMAL(18,4),
    updated_at  {{timestamp}},
    source_row          BIGINT       NOT NULL   -- the row's position in its extract, 1-based
);
