-- A run still marked running when a new one starts was killed: its work was rolled back.
UPDATE etl_run
SET status = 'abandoned', error = 'the process ended before the run committed; nothing of it was kept'
WHERE status = 'running';
