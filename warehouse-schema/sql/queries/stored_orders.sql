-- The orders the operational data store holds (before a full extract replaces them).
SELECT COUNT(*) FROM ods_orders;
