-- Grain: one RFM segment per as-of date (every segment, empty ones with zero customers).
CREATE TABLE mart_rfm_segment_summary (
    as_of_date       DATE          NOT NULL,
    segment          VARCHAR(40)   NOT NULL,
    segment_order    SMALLINT      NOT NULL,
    customers        BIGINT        NOT NULL,
    customer_share   DECIMAL(38,8),
    revenue          DECIMAL(38,8) NOT NULL,
    revenue_share    DECIMAL(38,8),
    avg_monetary     DECIMAL(38,8),
    avg_recency_days DECIMAL(38,8),
    avg_frequency    DECIMAL(38,8),
    PRIMARY KEY (as_of_date, segment)
);
