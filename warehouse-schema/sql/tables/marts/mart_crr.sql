-- Grain: one period (calendar month or year) per as-of date. Period p covers (start - 1 day, end];
-- the customer base at a date t is the customers with a qualifying order in (t - 12 months, t].
CREATE TABLE mart_crr (
    as_of_date    DATE          NOT NULL,
    period_type   VARCHAR(10)   NOT NULL,   -- month | year
    period_start  DATE          NOT NULL,
    period_end    DATE          NOT NULL,   -- the period's last day, or the as-of date if earlier
    base_start    BIGINT        NOT NULL,   -- S: the base at the day before period_start
    base_end      BIGINT        NOT NULL,   -- E: the base at period_end
    new_customers BIGINT        NOT NULL,   -- N: first qualifying order within the period
    crr           DECIMAL(38,8),            -- (E - N) / S
    PRIMARY KEY (as_of_date, period_type, period_start)
);
