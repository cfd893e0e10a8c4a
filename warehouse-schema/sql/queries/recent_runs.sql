-- The latest runs with their row counts and their latest publish, newest first.
SELECT {{top(:limit)}} r.run_id, r.started_at, r.finished_at, r.status, r.as_of_date, r.source,
       CAST(COALESCE(SUM(t.rows_read), 0) AS BIGINT)        AS rows_read,
       CAST(COALESCE(SUM(t.rows_quarantined), 0) AS BIGINT) AS rows_quarantined,
       r.error, r.load_mode,
       p.status AS publish_status, p.started_at AS publish_started_at, p.finished_at AS publish_finished_at,
       p.run_folder AS publish_folder, p.error AS publish_error
FROM etl_run r
LEFT JOIN etl_run_table t ON t.run_id = r.run_id
LEFT JOIN (SELECT run_id, MAX(publish_id) AS publish_id FROM etl_publish GROUP BY run_id) lp ON lp.run_id = r.run_id
LEFT JOIN etl_publish p ON p.publish_id = lp.publish_id
GROUP BY r.run_id, r.started_at, r.finished_at, r.status, r.as_of_date, r.source, r.error, r.load_mode,
         p.status, p.started_at, p.finished_at, p.run_folder, p.error
ORDER BY r.run_id DESC
{{limit(:limit)}};
