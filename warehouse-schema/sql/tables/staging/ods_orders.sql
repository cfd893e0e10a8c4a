-- The operational data store: the latest version of every source order loaded so far (upserted
-- on order_id from each run's staging; replaced on a full extract). The facts of the orders a
-- run touches are rebuilt from here, so an order whose header changed without its lines (or the
-- other way round) is rebuilt whole.
CREATE TABLE ods_orders (
    order_id      VARCHAR(100)  NOT NULL,
    customer_id   VARCHAR(100)  NOT NULL,
    order_ts      {{timestamp}} NOT NULL,
    sales_channel VARCHAR(100),
    campaign_id   VARCHAR(100),
    status        VARCHAR(20)   NOT NULL,
    updated_at    {{timestamp}}
);
