-- Per RFM segment: customers, revenue (monetary), their shares, and the segment's averages.
DELETE FROM mart_rfm_segment_summary WHERE as_of_date = :as_of;
WITH segments AS (
    SELECT DISTINCT segment, segment_order FROM ref_rfm_segment
),
per_segment AS (
    SELECT segment,
           COUNT(*)          AS customers,
           SUM(monetary)     AS revenue,
           SUM(recency_days) AS recency_days,
           SUM(frequency)    AS frequency
    FROM mart_customer_rfm
    WHERE as_of_date = :as_of
    GROUP BY segment
),
totals AS (
    SELECT COUNT(*) AS customers, SUM(monetary) AS revenue
    FROM mart_customer_rfm
    WHERE as_of_date = :as_of
)
INSERT INTO mart_rfm_segment_summary (as_of_date, segment, segment_order, customers, customer_share, revenue,
                                      revenue_share, avg_monetary, avg_recency_days, avg_frequency)
SELECT :as_of,
       s.segment,
       s.segment_order,
       COALESCE(p.customers, 0),
       {{ratio(COALESCE(p.customers, 0), t.customers)}},
       COALESCE(p.revenue, 0),
       {{ratio(COALESCE(p.revenue, 0), t.revenue)}},
       {{ratio(p.revenue, p.customers)}},
       {{ratio(p.recency_days, p.customers)}},
       {{ratio(p.frequency, p.customers)}}
FROM segments s
CROSS JOIN totals t
LEFT JOIN per_segment p ON p.segment = s.segment;
