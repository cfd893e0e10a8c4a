-- Grain: months since acquisition k per as-of date: the cohort-size-weighted average retention
-- over the cohorts that have reached month k (cohorts at 0% included).
CREATE TABLE mart_cohort_retention_average (
    as_of_date       DATE          NOT NULL,
    months_since     INTEGER       NOT NULL,
    cohorts          BIGINT        NOT NULL,
    cohort_customers BIGINT        NOT NULL,   -- sum of those cohorts' sizes
    active_customers BIGINT        NOT NULL,
    active_share     DECIMAL(38,8),            -- active_customers / cohort_customers
    PRIMARY KEY (as_of_date, months_since)
);
