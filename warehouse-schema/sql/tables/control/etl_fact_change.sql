-- The order dates whose fact rows (fact_order_line, fact_order) each run deleted or wrote: the
-- dates of the orders it rebuilt, before and after (stg_affected_order), in the run's own
-- transaction. A publish asks which dates changed after the run it last published and hashes
-- only those months of the facts; the other months are carried over as they were. A NULL date
-- means "not known": every month is hashed again.
CREATE TABLE etl_fact_change (
    run_id     BIGINT NOT NULL,
    order_date DATE
);
