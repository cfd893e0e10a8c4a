-- Grain: one value x loyalty quadrant per as-of date (all four, empty ones with zeros), with the
-- split points that defined them.
CREATE TABLE mart_value_loyalty (
    as_of_date           DATE          NOT NULL,
    quadrant             VARCHAR(20)   NOT NULL,   -- Strategic partner | Retain | Develop | Build relationship
    quadrant_order       SMALLINT      NOT NULL,   -- 1..4 in that order
    value_level          VARCHAR(4)    NOT NULL,   -- high | low
    loyalty_level        VARCHAR(4)    NOT NULL,   -- high | low
    customers            BIGINT        NOT NULL,
    customer_share       DECIMAL(38,8),            -- customers / active customers
    revenue              DECIMAL(38,8) NOT NULL,   -- trailing-12-month revenue of the quadrant's customers
    revenue_share        DECIMAL(38,8),            -- revenue / trailing-12-month revenue of all active customers
    value_split          DECIMAL(38,9),            -- NULL only with no active customer and no :value_split
    value_split_source   VARCHAR(10)   NOT NULL,   -- median | parameter
    loyalty_split        DECIMAL(38,9),            -- NULL only with no active customer and no :loyalty_split
    loyalty_split_source VARCHAR(10)   NOT NULL,   -- median | parameter
    PRIMARY KEY (as_of_date, quadrant)
);
