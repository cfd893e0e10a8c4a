-- One row per calendar day over the data's range (whole years).
CREATE TABLE dim_date (
    date_key      INTEGER     NOT NULL PRIMARY KEY,   -- yyyymmdd
    calendar_date DATE        NOT NULL,
    year          SMALLINT    NOT NULL,
    quarter       SMALLINT    NOT NULL,
    month         SMALLINT    NOT NULL,
    month_name    VARCHAR(10) NOT NULL,
    month_start   DATE        NOT NULL,
    month_end     DATE        NOT NULL,
    iso_year      SMALLINT    NOT NULL,
    iso_week      SMALLINT    NOT NULL,
    day_of_week   SMALLINT    NOT NULL,               -- ISO: 1 = Monday .. 7 = Sunday
    day_name      VARCHAR(10) NOT NULL,
    is_weekend    {{boolean}} NOT NULL
);
