-- Benchmark baseline (issue 7): the project's RFM scores and segments, customer value pyramid and
-- monthly retention, hand-written for DuckDB alone, straight from the sample generator's CSV files
-- (customers.csv, orders.csv, order_lines.csv). No warehouse, no staging, no history: one pass.
-- Definitions are the project's (docs/metrics.md); the SQL here is written independently of
-- warehouse-schema/sql and must give the same results.
--
-- Placeholders, substituted by Program.cs before the script runs:
--   {{csv_folder}}  the folder with the CSV files (single quotes already doubled)
--   {{as_of}}       the as-of date, yyyy-MM-dd
-- Parameters are the project's defaults (Marts:RfmWindowDays 365; pyramid 1 / 5 / 20 percent).
-- The last statements are SELECTs whose rows are the summary lines, first column the line's tag.

CREATE TEMP TABLE params AS
SELECT DATE '{{as_of}}' AS as_of,
       365              AS rfm_window_days,
       100              AS top_bp,      -- pyramid cut-offs, cumulative, in basis points of active customers
       500              AS big_bp,
       2000             AS medium_bp;

-- Money as exact decimals (never DOUBLE): the source has at most 2 decimals, the project keeps 4.
CREATE TEMP TABLE orders AS
SELECT order_id, customer_id, CAST(order_ts AS DATE) AS order_date, status
FROM read_csv('{{csv_folder}}/orders.csv', header = true, auto_detect = false,
              columns = {'order_id': 'BIGINT', 'customer_id': 'VARCHAR', 'order_ts': 'TIMESTAMP',
                         'sales_channel': 'VARCHAR', 'campaign_id': 'VARCHAR', 'status': 'VARCHAR',
                         'updated_at': 'TIMESTAMP'});

CREATE TEMP TABLE order_net AS
SELECT order_id, SUM(quantity * unit_price * (1 - discount_rate)) AS net_amount
FROM read_csv('{{csv_folder}}/order_lines.csv', header = true, auto_detect = false,
              columns = {'order_id': 'BIGINT', 'line_number': 'INTEGER', 'product_id': 'VARCHAR',
                         'quantity': 'INTEGER', 'unit_price': 'DECIMAL(18,4)', 'discount_rate': 'DECIMAL(9,4)',
                         'updated_at': 'TIMESTAMP'})
GROUP BY order_id;

CREATE TEMP TABLE customers AS
SELECT customer_id, signup_date
FROM read_csv('{{csv_folder}}/customers.csv', header = true, auto_detect = false,
              columns = {'customer_id': 'VARCHAR', 'name': 'VARCHAR', 'email': 'VARCHAR', 'country': 'VARCHAR',
                         'city': 'VARCHAR', 'signup_date': 'DATE', 'acquisition_channel': 'VARCHAR',
                         'acquisition_cost': 'DECIMAL(18,4)', 'referred_by': 'VARCHAR', 'updated_at': 'TIMESTAMP'});

-- Orders that count: completed, with a positive net amount (an order without lines has none).
CREATE TEMP TABLE sale AS
SELECT o.customer_id, o.order_id, o.order_date, n.net_amount
FROM orders o
JOIN order_net n USING (order_id)
WHERE o.status = 'completed' AND n.net_amount > 0;

-- Everyone the project knows as a customer: the master, plus anyone an order names (an inferred
-- customer has no signup date).
CREATE TEMP TABLE all_customers AS
SELECT customer_id, signup_date FROM customers
UNION ALL
SELECT DISTINCT o.customer_id, CAST(NULL AS DATE)
FROM orders o
WHERE o.customer_id NOT IN (SELECT customer_id FROM customers);

---------------------------------------------------------------------------------------------------
-- RFM over (as_of - 365 days, as_of]
CREATE TEMP TABLE rfm AS
SELECT s.customer_id,
       date_diff('day', MAX(s.order_date), p.as_of) AS recency_days,
       COUNT(*)                                      AS frequency,
       SUM(s.net_amount)                             AS monetary
FROM sale s, params p
WHERE s.order_date > p.as_of - p.rfm_window_days
  AND s.order_date <= p.as_of
GROUP BY s.customer_id, p.as_of;

-- Quintile threshold t_k (k = 1..4) of a value where higher is better: the value at 1-based
-- position ceil(k * n / 5) in ascending order (PERCENTILE_DISC(k / 5)); score = 1 + #{k : x > t_k}.
-- For recency "higher is better" is fewer days: ascending order of -recency_days.
CREATE TEMP TABLE rfm_sorted AS
SELECT COUNT(*) OVER () AS n,
       ROW_NUMBER() OVER (ORDER BY recency_days DESC) AS r_pos, -recency_days AS r_value,
       ROW_NUMBER() OVER (ORDER BY frequency)         AS f_pos, frequency     AS f_value,
       ROW_NUMBER() OVER (ORDER BY monetary)          AS m_pos, monetary      AS m_value
FROM rfm;

CREATE TEMP TABLE rfm_cut AS
SELECT k.k,
       (SELECT r_value FROM rfm_sorted WHERE r_pos = (k.k * c.n + 4) // 5 LIMIT 1) AS r_t,
       (SELECT f_value FROM rfm_sorted WHERE f_pos = (k.k * c.n + 4) // 5 LIMIT 1) AS f_t,
       (SELECT m_value FROM rfm_sorted WHERE m_pos = (k.k * c.n + 4) // 5 LIMIT 1) AS m_t
FROM range(1, 5) AS k(k), (SELECT COUNT(*) AS n FROM rfm) c;

CREATE TEMP TABLE rfm_scored AS
SELECT r.customer_id,
       1 + (SELECT COUNT(*) FROM rfm_cut t WHERE -r.recency_days > t.r_t) AS r_score,
       1 + (SELECT COUNT(*) FROM rfm_cut t WHERE r.frequency > t.f_t)     AS f_score,
       1 + (SELECT COUNT(*) FROM rfm_cut t WHERE r.monetary > t.m_t)      AS m_score
FROM rfm r;

-- Segments by R then F score, in the project's presentation order.
CREATE TEMP TABLE rfm_segment AS
SELECT * FROM (VALUES
    (1, 'Champions',          5, 5, 4, 5),
    (2, 'Loyal',              3, 4, 4, 5),
    (3, 'Potential Loyalist', 4, 5, 2, 3),
    (4, 'New',                5, 5, 1, 1),
    (5, 'Promising',          4, 4, 1, 1),
    (6, 'Need Attention',     3, 3, 3, 3),
    (7, 'About to Sleep',     3, 3, 1, 2),
    (8, 'At Risk',            1, 2, 3, 4),
    (9, 'Can''t Lose Them',   1, 2, 5, 5),
    (10, 'Hibernating',       1, 2, 1, 2)
) AS s(segment_order, segment, r_min, r_max, f_min, f_max);

---------------------------------------------------------------------------------------------------
-- Customer value pyramid at as_of: trailing 12 months (months_before(as_of, 12), as_of], where a
-- month end maps to the month end 12 months earlier and any other day to the same day (clamped).
CREATE TEMP TABLE pyramid_window AS
SELECT as_of,
       CASE WHEN as_of = last_day(as_of) THEN last_day(as_of - INTERVAL 12 MONTH)
            ELSE CAST(as_of - INTERVAL 12 MONTH AS DATE) END AS window_start   -- exclusive
FROM params;

CREATE TEMP TABLE buyer AS                -- customers with a qualifying order on or before as_of
SELECT s.customer_id,
       COALESCE(SUM(s.net_amount) FILTER (WHERE s.order_date > w.window_start), 0) AS revenue_12m
FROM sale s, pyramid_window w
WHERE s.order_date <= w.as_of
GROUP BY s.customer_id;

CREATE TEMP TABLE customer_tier AS
WITH active AS (
    SELECT customer_id, revenue_12m,
           ROW_NUMBER() OVER (ORDER BY revenue_12m DESC, customer_id) AS pos,
           COUNT(*) OVER () AS n
    FROM buyer
    WHERE revenue_12m > 0
)
SELECT a.customer_id, a.revenue_12m,
       CASE WHEN a.pos <= (a.n * p.top_bp + 9999) // 10000 THEN 'Top'
            WHEN a.pos <= (a.n * p.big_bp + 9999) // 10000 THEN 'Big'
            WHEN a.pos <= (a.n * p.medium_bp + 9999) // 10000 THEN 'Medium'
            ELSE 'Small' END AS tier
FROM active a, params p
UNION ALL
SELECT customer_id, 0, 'Inactive' FROM buyer WHERE revenue_12m = 0
UNION ALL
SELECT c.customer_id, 0, 'Prospect'
FROM all_customers c, params p
WHERE COALESCE(c.signup_date, p.as_of) <= p.as_of
  AND c.customer_id NOT IN (SELECT customer_id FROM buyer);

---------------------------------------------------------------------------------------------------
-- Monthly retention, from the month of the first qualifying order to as_of's month.
CREATE TEMP TABLE active_month AS
SELECT DISTINCT s.customer_id, CAST(date_trunc('month', s.order_date) AS DATE) AS month
FROM sale s, params p
WHERE s.order_date <= p.as_of;

CREATE TEMP TABLE active_flags AS        -- each active month with the customer's previous active month
SELECT customer_id, month,
       LAG(month) OVER (PARTITION BY customer_id ORDER BY month) AS previous_month
FROM active_month;

CREATE TEMP TABLE retention AS
WITH months AS (
    SELECT CAST(UNNEST(generate_series(MIN(a.month), CAST(date_trunc('month', MAX(p.as_of)) AS DATE), INTERVAL 1 MONTH)) AS DATE) AS month
    FROM active_month a, params p
),
per_month AS (
    SELECT month,
           COUNT(*) AS active,
           COUNT(*) FILTER (WHERE previous_month = CAST(month - INTERVAL 1 MONTH AS DATE)) AS retained,
           COUNT(*) FILTER (WHERE previous_month IS NULL) AS new_customers
    FROM active_flags
    GROUP BY month
)
SELECT m.month,
       COALESCE(c.active, 0)                                                     AS active,
       COALESCE(c.retained, 0)                                                   AS retained,
       COALESCE(c.new_customers, 0)                                              AS new_customers,
       COALESCE(c.active, 0) - COALESCE(c.retained, 0) - COALESCE(c.new_customers, 0) AS reactivated,
       COALESCE(prev.active, 0) - COALESCE(c.retained, 0)                        AS churned
FROM months m
LEFT JOIN per_month c    ON c.month = m.month
LEFT JOIN per_month prev ON prev.month = CAST(m.month - INTERVAL 1 MONTH AS DATE);

---------------------------------------------------------------------------------------------------
-- The summary: one result per table, every row a line "<tag> <key> <values...>".
SELECT 'rfm_segment' AS tag, replace(s.segment, ' ', '_') AS segment, COUNT(r.customer_id) AS customers
FROM rfm_segment s
LEFT JOIN rfm_scored r ON r.r_score BETWEEN s.r_min AND s.r_max AND r.f_score BETWEEN s.f_min AND s.f_max
GROUP BY s.segment_order, s.segment
ORDER BY s.segment_order;

SELECT tag, score, customers FROM (
    SELECT 1 AS o, 'r_score' AS tag, x.score, COUNT(r.customer_id) AS customers
    FROM range(1, 6) AS x(score) LEFT JOIN rfm_scored r ON r.r_score = x.score GROUP BY x.score
    UNION ALL
    SELECT 2, 'f_score', x.score, COUNT(r.customer_id)
    FROM range(1, 6) AS x(score) LEFT JOIN rfm_scored r ON r.f_score = x.score GROUP BY x.score
    UNION ALL
    SELECT 3, 'm_score', x.score, COUNT(r.customer_id)
    FROM range(1, 6) AS x(score) LEFT JOIN rfm_scored r ON r.m_score = x.score GROUP BY x.score
) ORDER BY o, score;

SELECT 'pyramid' AS tag, t.tier, COUNT(c.customer_id) AS customers,
       CAST(CAST(ROUND(COALESCE(SUM(c.revenue_12m), 0), 2) AS DECIMAL(38,2)) AS VARCHAR) AS revenue
FROM (VALUES (1, 'Top'), (2, 'Big'), (3, 'Medium'), (4, 'Small'), (5, 'Inactive'), (6, 'Prospect')) AS t(tier_order, tier)
LEFT JOIN customer_tier c ON c.tier = t.tier
GROUP BY t.tier_order, t.tier
ORDER BY t.tier_order;

SELECT 'retention' AS tag, strftime(month, '%Y-%m') AS month, active, retained, new_customers, reactivated, churned
FROM retention
ORDER BY month;
