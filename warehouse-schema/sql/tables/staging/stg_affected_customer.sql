-- The customers this run changes in a way the marts read: new customers (or inferred members
-- completed), and changes of signup date, acquisition cost or referrer (country, city and channel
-- open a new version instead, and the orders that version covers are in stg_affected_order).
-- touched_from: the earliest as-of date whose marts can see the change (the earlier of the old
-- and new signup dates; 1900-01-01 when either is unknown, as such a customer counts everywhere).
CREATE TABLE stg_affected_customer (
    customer_id  VARCHAR(100) NOT NULL,
    touched_from DATE         NOT NULL
);
