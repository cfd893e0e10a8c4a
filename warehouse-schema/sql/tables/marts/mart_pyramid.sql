-- Grain: one pyramid tier per as-of date (all six tiers, empty ones with zero customers).
CREATE TABLE mart_pyramid (
    as_of_date   DATE          NOT NULL,
    tier         VARCHAR(20)   NOT NULL,
    tier_order   SMALLINT      NOT NULL,
    customers    BIGINT        NOT NULL,
    active_share DECIMAL(38,8),            -- customers / active customers (active tiers only)
    revenue      DECIMAL(38,8) NOT NULL,   -- trailing-12-month revenue
    revenue_share DECIMAL(38,8),
    avg_revenue  DECIMAL(38,8),
    min_revenue  DECIMAL(38,8),
    max_revenue  DECIMAL(38,8),
    PRIMARY KEY (as_of_date, tier)
);
