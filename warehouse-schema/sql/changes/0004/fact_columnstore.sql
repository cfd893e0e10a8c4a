-- The fact tables stored column-wise where the engine needs to be told (SQL Server: a clustered
-- columnstore index, the storage for scans and aggregates over many rows; DuckDB stores every
-- table so, PostgreSQL has no such index: nothing there).
{{columnstore_index(fact_order_line)}};
{{columnstore_index(fact_order)}};
