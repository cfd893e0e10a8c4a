SELECT {{top(1)}} run_id, as_of_date, source, software_version FROM etl_run
WHERE status = 'succeeded' ORDER BY run_id DESC {{limit(1)}};
