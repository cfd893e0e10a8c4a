-- Grain: one (acquisition cohort, months since acquisition) per as-of date, for every month the
-- cohort has reached (k = 0 is the cohort's first month), zeros included.
CREATE TABLE mart_cohort_retention (
    as_of_date         DATE          NOT NULL,
    cohort_month       DATE          NOT NULL,   -- month of the customers' first qualifying order
    months_since       INTEGER       NOT NULL,   -- k
    cohort_size        BIGINT        NOT NULL,
    active_customers   BIGINT        NOT NULL,   -- cohort customers with a qualifying order in month cohort + k
    active_share       DECIMAL(38,8),            -- active_customers / cohort_size
    revenue            DECIMAL(38,8) NOT NULL,   -- the cohort's revenue in month cohort + k
    revenue_to_month0  DECIMAL(38,8),            -- revenue / the cohort's month-0 revenue
    PRIMARY KEY (as_of_date, cohort_month, months_since)
);
