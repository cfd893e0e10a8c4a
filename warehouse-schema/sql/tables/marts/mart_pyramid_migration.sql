-- Grain: one (from tier, to tier) pair per as-of date and comparison: how many customers moved from
-- their tier at the earlier date (compared_to) to their tier at the as-of date. The full grid is
-- stored, zeros included; from_tier also has 'New' (no tier at the earlier date).
CREATE TABLE mart_pyramid_migration (
    as_of_date  DATE        NOT NULL,
    comparison  VARCHAR(20) NOT NULL,   -- prior_month | prior_year
    compared_to DATE        NOT NULL,
    from_tier   VARCHAR(20) NOT NULL,
    from_order  SMALLINT    NOT NULL,   -- 0 = New
    to_tier     VARCHAR(20) NOT NULL,
    to_order    SMALLINT    NOT NULL,
    customers   BIGINT      NOT NULL,
    PRIMARY KEY (as_of_date, comparison, from_tier, to_tier)
);
