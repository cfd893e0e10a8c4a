-- Grain: one calendar month per as-of date, from the first month with a qualifying order to the
-- as-of date's month; months without orders appear with zeros.
CREATE TABLE mart_retention_monthly (
    as_of_date      DATE          NOT NULL,
    month_start     DATE          NOT NULL,
    active          BIGINT        NOT NULL,   -- customers with a qualifying order in the month
    retained        BIGINT        NOT NULL,   -- active in the previous month and in this one
    new_customers   BIGINT        NOT NULL,   -- first-ever qualifying order in this month
    reactivated     BIGINT        NOT NULL,   -- active, not in the previous month, not new
    churned         BIGINT        NOT NULL,   -- active in the previous month, not in this one
    previous_active BIGINT        NOT NULL,
    retention_rate  DECIMAL(38,8),            -- retained / previous_active
    churn_rate      DECIMAL(38,8),            -- churned / previous_active
    PRIMARY KEY (as_of_date, month_start)
);
