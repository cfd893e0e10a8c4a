-- Score = 1 + the number of thresholds the customer's value beats (equal values, equal scores);
-- the segment follows from the R and F scores (ref_rfm_segment).
UPDATE mart_customer_rfm
SET r_score = 1 + (SELECT COUNT(*) FROM mart_rfm_thresholds t
                   WHERE t.as_of_date = mart_customer_rfm.as_of_date AND mart_customer_rfm.recency_days < t.recency_days),
    f_score = 1 + (SELECT COUNT(*) FROM mart_rfm_thresholds t
                   WHERE t.as_of_date = mart_customer_rfm.as_of_date AND mart_customer_rfm.frequency > t.frequency),
    m_score = 1 + (SELECT COUNT(*) FROM mart_rfm_thresholds t
                   WHERE t.as_of_date = mart_customer_rfm.as_of_date AND mart_customer_rfm.monetary > t.monetary)
WHERE as_of_date = :as_of;
UPDATE mart_customer_rfm
SET rfm_cell = CONCAT(r_score, f_score, m_score),
    segment  = (SELECT s.segment FROM ref_rfm_segment s
                WHERE s.r_score = mart_customer_rfm.r_score AND s.f_score = mart_customer_rfm.f_score)
WHERE as_of_date = :as_of;
