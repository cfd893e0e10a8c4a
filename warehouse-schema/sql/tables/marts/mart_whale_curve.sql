-- Grain: one point p = 5, 10, ..., 100 (percent of customers) per as-of date D (always 20 rows).
-- Customers with a qualifying order in the trailing 12 months (D - 12 months, D] are ranked by
-- their trailing-12-month margin descending, ties by customer_id; the top ceil(p% x N) of them
-- hold cumulative_margin. margin_share exceeds 1 when the customers below the top lose money.
CREATE TABLE mart_whale_curve (
    as_of_date        DATE          NOT NULL,
    customer_percent  SMALLINT      NOT NULL,   -- p
    customers_in_top  BIGINT        NOT NULL,   -- ceil(p x N / 100), in integers
    customer_share    DECIMAL(38,8),            -- customers_in_top / N; NULL when N = 0
    cumulative_margin DECIMAL(38,8) NOT NULL,   -- trailing-12-month margin of the top customers_in_top customers
    margin_share      DECIMAL(38,8),            -- cumulative_margin / total_margin; NULL when total_margin = 0
    total_customers   BIGINT        NOT NULL,   -- N
    total_margin      DECIMAL(38,8) NOT NULL,   -- trailing-12-month margin of all N customers
    PRIMARY KEY (as_of_date, customer_percent)
);
