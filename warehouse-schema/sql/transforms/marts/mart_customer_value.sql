-- Historical customer lifetime value as of D, with the referral network.
--   Customers: dim_customer rows signed up on or before D (or with no signup date) or with a
--   qualifying order on or before D. Orders, revenue and margin: qualifying orders dated <= D.
--   value = margin, or revenue when :clv_value_basis = 'revenue'; acquisition cost NULL counts as 0.
--   Network: the customers a customer referred (referred_by_customer_id = their customer_id), the
--   customers those referred, ... to :referral_depth levels, among the customers above.
--   historical_clv = own value - own acquisition cost + sum over the network of (value - acquisition cost).
-- Cycles: every customer has at most one referrer, so the path from a customer down to anyone in
-- their network is unique, and the only cycle reachable from a customer runs through that customer;
-- the walk stops when it comes back to where it started (self-referrals are dropped outright), and
-- it never goes deeper than :referral_depth whatever the data.
DELETE FROM mart_customer_value WHERE as_of_date = :as_of;
{{with_recursive}} order_totals AS (
    SELECT customer_key,
           MIN(order_date)    AS first_order_date,
           MAX(order_date)    AS last_order_date,
           COUNT(*)           AS orders,
           SUM(net_amount)    AS revenue,
           SUM(margin_amount) AS margin
    FROM qualifying_order
    WHERE order_date <= :as_of
    GROUP BY customer_key
),
population AS (
    SELECT c.customer_key, c.customer_id, c.signup_date, c.referred_by_customer_id,
           o.first_order_date, o.last_order_date,
           COALESCE(o.orders, 0)            AS orders,
           COALESCE(o.revenue, 0)           AS revenue,
           COALESCE(o.margin, 0)            AS margin,
           COALESCE(c.acquisition_cost, 0)  AS acquisition_cost,
           CASE WHEN :clv_value_basis = 'revenue' THEN COALESCE(o.revenue, 0) ELSE COALESCE(o.margin, 0) END AS own_value
    FROM dim_customer c
    LEFT JOIN order_totals o ON o.customer_key = c.customer_key
    WHERE {{is_true(c.is_current)}} AND (c.signup_date <= :as_of OR c.signup_date IS NULL OR o.customer_key IS NOT NULL)
),
referral AS (
    SELECT r.customer_key AS referrer_key, p.customer_key AS referred_key
    FROM population p
    JOIN population r ON r.customer_id = p.referred_by_customer_id
    WHERE p.customer_key <> r.customer_key
),
network (root_key, member_key, depth) AS (
    SELECT referrer_key, referred_key, 1
    FROM referral
    UNION ALL
    SELECT n.root_key, r.referred_key, n.depth + 1
    FROM network n
    JOIN referral r ON r.referrer_key = n.member_key
    WHERE n.depth < :referral_depth
      AND r.referred_key <> n.root_key
),
network_totals AS (
    SELECT m.root_key,
           COUNT(*)                AS referrals,
           SUM(p.revenue)          AS revenue,
           SUM(p.margin)           AS margin,
           SUM(p.acquisition_cost) AS acquisition_cost,
           SUM(p.own_value)        AS network_value
    FROM (SELECT DISTINCT root_key, member_key FROM network) m
    JOIN population p ON p.customer_key = m.member_key
    GROUP BY m.root_key
),
direct_totals AS (
    SELECT r.referrer_key, COUNT(*) AS referrals, SUM(p.revenue) AS revenue, SUM(p.margin) AS margin
    FROM referral r
    JOIN population p ON p.customer_key = r.referred_key
    GROUP BY r.referrer_key
)
INSERT INTO mart_customer_value (as_of_date, customer_key, customer_id, signup_date, first_order_date, last_order_date,
                                 tenure_months, orders, revenue, margin, acquisition_cost,
                                 direct_referrals, direct_referral_revenue, direct_referral_margin,
                                 referral_depth, network_referrals, network_revenue, network_margin, network_acquisition_cost,
                                 value_basis, own_value, network_value, historical_clv)
SELECT :as_of,
       p.customer_key,
       p.customer_id,
       p.signup_date,
       p.first_order_date,
       p.last_order_date,
       CASE WHEN p.first_order_date IS NOT NULL
            THEN {{months_between({{month_start(p.first_order_date)}}, {{month_start(:as_of)}})}} END,
       p.orders,
       p.revenue,
       p.margin,
       p.acquisition_cost,
       COALESCE(d.referrals, 0),
       COALESCE(d.revenue, 0),
       COALESCE(d.margin, 0),
       :referral_depth,
       COALESCE(n.referrals, 0),
       COALESCE(n.revenue, 0),
       COALESCE(n.margin, 0),
       COALESCE(n.acquisition_cost, 0),
       CASE WHEN :clv_value_basis = 'revenue' THEN 'revenue' ELSE 'margin' END,
       p.own_value,
       COALESCE(n.network_value, 0),
       p.own_value - p.acquisition_cost + COALESCE(n.network_value, 0) - COALESCE(n.acquisition_cost, 0)
FROM population p
LEFT JOIN direct_totals d  ON d.referrer_key = p.customer_key
LEFT JOIN network_totals n ON n.root_key = p.customer_key;
