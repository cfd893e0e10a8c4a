-- Grain: one customer with a qualifying order in the window, per as-of date.
CREATE TABLE mart_customer_rfm (
    as_of_date      DATE          NOT NULL,
    customer_key    INTEGER       NOT NULL,
    customer_id     VARCHAR(100)  NOT NULL,
    last_order_date DATE          NOT NULL,
    recency_days    INTEGER       NOT NULL,
    frequency       INTEGER       NOT NULL,
    monetary        DECIMAL(38,8) NOT NULL,
    r_score         SMALLINT,
    f_score         SMALLINT,
    m_score         SMALLINT,
    rfm_cell        VARCHAR(3),
    segment         VARCHAR(40),
    PRIMARY KEY (as_of_date, customer_key)
);
