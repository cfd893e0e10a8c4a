-- The campaigns this run adds or changes (name, channel, dates or cost). touched_from: the earliest
-- as-of date whose marts can see the change (the earlier of the old and new start dates;
-- 1900-01-01 when either is unknown).
CREATE TABLE stg_affected_campaign (
    campaign_id  VARCHAR(100) NOT NULL,
    touched_from DATE         NOT NULL
);
