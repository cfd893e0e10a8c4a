-- Grain: one (dimension, RFM segment, member) per as-of date D, over the lines of qualifying orders
-- dated in the trailing 12 months (D - 12 months, D]. Only combinations with at least one line.
-- The segment is the customer's in mart_customer_rfm at D ('(none)' without an RFM row).
CREATE TABLE mart_segment_performance (
    as_of_date    DATE          NOT NULL,
    dimension     VARCHAR(10)   NOT NULL,   -- category | channel | country
    segment       VARCHAR(40)   NOT NULL,   -- RFM segment at D, or '(none)'
    segment_order SMALLINT      NOT NULL,   -- ref_rfm_segment's order; 99 for '(none)'
    member        VARCHAR(100)  NOT NULL,   -- product category, sales channel name or customer country; '(unknown)' if missing
    revenue       DECIMAL(38,8) NOT NULL,   -- sum of the lines' net amount
    margin        DECIMAL(38,8) NOT NULL,   -- sum of the lines' margin amount
    orders        BIGINT        NOT NULL,   -- distinct orders with a line here (an order can count under several categories)
    customers     BIGINT        NOT NULL,   -- distinct customers with a line here
    revenue_share DECIMAL(38,8),            -- revenue / all trailing-12-month revenue (each dimension sums to 1)
    PRIMARY KEY (as_of_date, dimension, segment, member)
);
