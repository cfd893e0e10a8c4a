-- Grain: one customer of dim_customer per as-of date D: every customer who signed up on or before
-- D (or has no signup date) or has a qualifying order on or before D. Historical (to-date) value:
-- orders after D never count. The referral network of a customer is the customers they referred,
-- the customers those referred, ... down to referral_depth levels (the customer themself excluded,
-- cycles cut), counting only customers who are in this mart at D.
CREATE TABLE mart_customer_value (
    as_of_date               DATE          NOT NULL,
    customer_key             INTEGER       NOT NULL,
    customer_id              VARCHAR(100)  NOT NULL,
    signup_date              DATE,
    first_order_date         DATE,                     -- first qualifying order on or before D; NULL if none
    last_order_date          DATE,                     -- last qualifying order on or before D; NULL if none
    tenure_months            INTEGER,                  -- calendar months from first_order_date's month to D's month (0 = same month); NULL if none
    orders                   BIGINT        NOT NULL,   -- qualifying orders on or before D
    revenue                  DECIMAL(38,8) NOT NULL,   -- their net amount
    margin                   DECIMAL(38,8) NOT NULL,   -- their margin amount
    acquisition_cost         DECIMAL(18,4) NOT NULL,   -- dim_customer.acquisition_cost, NULL as 0
    direct_referrals         BIGINT        NOT NULL,   -- customers (in this mart at D) whose referrer is this customer
    direct_referral_revenue  DECIMAL(38,8) NOT NULL,   -- their revenue to D
    direct_referral_margin   DECIMAL(38,8) NOT NULL,   -- their margin to D
    referral_depth           INTEGER       NOT NULL,   -- levels of the referral network counted (:referral_depth; 1 = direct only)
    network_referrals        BIGINT        NOT NULL,   -- customers in the referral network to referral_depth levels
    network_revenue          DECIMAL(38,8) NOT NULL,   -- their revenue to D
    network_margin           DECIMAL(38,8) NOT NULL,   -- their margin to D
    network_acquisition_cost DECIMAL(38,4) NOT NULL,   -- their acquisition cost (NULL as 0)
    value_basis              VARCHAR(10)   NOT NULL,   -- margin | revenue (:clv_value_basis): what "value" means below
    own_value                DECIMAL(38,8) NOT NULL,   -- margin or revenue, per value_basis
    network_value            DECIMAL(38,8) NOT NULL,   -- network_margin or network_revenue, per value_basis
    historical_clv           DECIMAL(38,8) NOT NULL,   -- own_value - acquisition_cost + network_value - network_acquisition_cost
    PRIMARY KEY (as_of_date, customer_key)
);
