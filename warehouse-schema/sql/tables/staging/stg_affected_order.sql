-- The orders whose facts this run rebuilds: every order of a full extract; in an incremental run
-- the orders (and lines) extracted, and the orders that a new customer or product version now
-- covers. Also the earliest order date touched, old or new (see transforms/staging/affected_orders).
CREATE TABLE stg_affected_order (
    order_id    VARCHAR(100) NOT NULL,
    order_date  DATE                      -- the earlier of the order's old and new date
);
