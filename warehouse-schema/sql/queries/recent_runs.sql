-- The latest runs with their row counts, newest first.
SELECT {{top(:limit)}} r.run_id, r.started_at, r.finished_at, r.status, r.as_of_date, r.source,
       CAST(COALESCE(SUM(t.rows_read), 0) AS BIGINT)        AS rows_read,
       CAST(COALESCE(SUM(t.rows_quarantined), 0) AS BIGINT) AS rows_quarantined,
       r.error, r.load_mode
FROM etl_run r
LEFT JOIN etl_run_table t ON t.run_id = r.run_id
GROUP BY r.run_id, r.started_at, r.finished_at, r.status, r.as_of_date, r.source, r.error, r.load_mode
ORDER BY r.run_id DESC
{{limit(:limit)}};
