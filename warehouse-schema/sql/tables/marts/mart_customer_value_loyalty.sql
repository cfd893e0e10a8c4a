-- Grain: one active customer per as-of date D (revenue > 0 in the trailing 12 months
-- (D - 12 months, D]), with their value, loyalty and value x loyalty quadrant.
CREATE TABLE mart_customer_value_loyalty (
    as_of_date       DATE          NOT NULL,
    customer_key     INTEGER       NOT NULL,
    customer_id      VARCHAR(100)  NOT NULL,
    first_order_date DATE          NOT NULL,   -- first qualifying order ever (on or before D)
    revenue_12m      DECIMAL(38,8) NOT NULL,   -- value: revenue in (D - 12 months, D], > 0
    months_counted   INTEGER       NOT NULL,   -- calendar months from max(first order's month, D's month - 11) to D's month: 1..12
    active_months    INTEGER       NOT NULL,   -- of those months, the ones with a qualifying order (on or before D)
    loyalty          DECIMAL(38,8) NOT NULL,   -- active_months / months_counted
    value_split      DECIMAL(38,9) NOT NULL,   -- the value split used (:value_split, or the median revenue_12m)
    loyalty_split    DECIMAL(38,9) NOT NULL,   -- the loyalty split used (:loyalty_split, or the median loyalty)
    value_level      VARCHAR(4)    NOT NULL,   -- high (revenue_12m >= value_split) | low
    loyalty_level    VARCHAR(4)    NOT NULL,   -- high (loyalty >= loyalty_split) | low
    quadrant         VARCHAR(20)   NOT NULL,   -- Strategic partner | Retain | Develop | Build relationship
    quadrant_order   SMALLINT      NOT NULL,   -- 1..4 in that order
    PRIMARY KEY (as_of_date, customer_key)
);
