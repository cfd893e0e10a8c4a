-- Recency, frequency and monetary value of every customer with a qualifying order in the window
-- (:as_of - :window_days, :as_of]. Scores are set by mart_customer_rfm_scores once the
-- thresholds (mart_rfm_thresholds) are known.
DELETE FROM mart_customer_rfm WHERE as_of_date = :as_of;
INSERT INTO mart_customer_rfm (as_of_date, customer_key, customer_id, last_order_date, recency_days, frequency, monetary)
SELECT :as_of,
       q.customer_key,
       c.customer_id,
       MAX(q.order_date),
       {{days_between(MAX(q.order_date), :as_of)}},
       COUNT(DISTINCT q.order_id),
       SUM(q.net_amount)
FROM qualifying_order q
JOIN dim_customer c ON c.customer_key = q.customer_key AND {{is_true(c.is_current)}}
WHERE q.order_date > {{add_days(:as_of, -:window_days)}}
  AND q.order_date <= :as_of
GROUP BY q.customer_key, c.customer_id;
