-- The four score thresholds per as-of date, in the units users read.
-- A customer scores 1 + the number of k whose threshold they beat: recency_days < recency_days_k,
-- frequency > frequency_k, monetary > monetary_k.
CREATE TABLE mart_rfm_thresholds (
    as_of_date   DATE          NOT NULL,
    k            SMALLINT      NOT NULL,   -- 1..4: the k/5 quantile
    recency_days INTEGER       NOT NULL,
    frequency    INTEGER       NOT NULL,
    monetary     DECIMAL(38,8) NOT NULL,
    PRIMARY KEY (as_of_date, k)
);
