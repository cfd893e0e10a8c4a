-- A publish still marked publishing when a new run or publish starts was killed: latest.json
-- still names the previous complete publish, so BI reads older data than the run loaded.
UPDATE etl_publish
SET status = 'abandoned', error = 'the process ended before the publish finished; latest.json names the previous complete publish'
WHERE status = 'publishing';
