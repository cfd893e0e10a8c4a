-- Records that the marts as of :as_of were built now, with the key of what they were built with
-- (in the transaction that built them).
DELETE FROM etl_mart_snapshot WHERE as_of_date = :as_of;
INSERT INTO etl_mart_snapshot (as_of_date, settings_key, run_id, built_at)
VALUES (:as_of, :settings_key, :run_id, :built_at);
