-- Grain: one campaign of dim_campaign (key > 0) per as-of date D: every campaign that had started
-- by D (or has no start date) or that a qualifying order on or before D carries. Counts qualifying
-- orders dated on or before D; the cost is the campaign's whole cost (not prorated).
CREATE TABLE mart_campaign_roi (
    as_of_date            DATE          NOT NULL,
    campaign_key          INTEGER       NOT NULL,
    campaign_id           VARCHAR(100)  NOT NULL,
    campaign_name         VARCHAR(400)  NOT NULL,
    channel               VARCHAR(100),
    start_date            DATE,
    end_date              DATE,
    orders                BIGINT        NOT NULL,   -- qualifying orders carrying the campaign, dated on or before D
    customers             BIGINT        NOT NULL,   -- distinct customers of those orders
    new_customers         BIGINT        NOT NULL,   -- customers whose first qualifying order carries the campaign
    revenue               DECIMAL(38,8) NOT NULL,   -- net amount of those orders
    margin                DECIMAL(38,8) NOT NULL,   -- margin amount of those orders
    cost                  DECIMAL(18,4),            -- dim_campaign.cost (NULL if unknown)
    cost_per_new_customer DECIMAL(38,8),            -- cost / new_customers; NULL if no new customer or no cost
    roi                   DECIMAL(38,8),            -- (margin - cost) / cost; NULL when cost is 0 or NULL
    PRIMARY KEY (as_of_date, campaign_key)
);
