-- For each k, the average over the cohorts that have reached month k, weighted by cohort size:
-- sum of active customers / sum of cohort sizes (cohorts at 0% included).
DELETE FROM mart_cohort_retention_average WHERE as_of_date = :as_of;
INSERT INTO mart_cohort_retention_average (as_of_date, months_since, cohorts, cohort_customers, active_customers, active_share)
SELECT :as_of, months_since, COUNT(*), SUM(cohort_size), SUM(active_customers),
       {{ratio(SUM(active_customers), SUM(cohort_size))}}
FROM mart_cohort_retention
WHERE as_of_date = :as_of
GROUP BY months_since;
