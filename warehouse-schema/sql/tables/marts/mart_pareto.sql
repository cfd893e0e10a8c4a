-- Grain: one row per as-of date: the share of trailing-12-month revenue from the top customers.
CREATE TABLE mart_pareto (
    as_of_date        DATE          NOT NULL PRIMARY KEY,
    active_customers  BIGINT        NOT NULL,
    top_share_percent DECIMAL(5,2)  NOT NULL,   -- 20.00 by default
    top_customers     BIGINT        NOT NULL,   -- ceil(share x active customers)
    top_revenue       DECIMAL(38,8) NOT NULL,
    total_revenue     DECIMAL(38,8) NOT NULL,
    top_revenue_share DECIMAL(38,8)
);
