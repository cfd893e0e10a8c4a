-- Every day of every year the data touches (order dates and signup dates): the days of this
-- run's years that the table does not have yet are added.
WITH data_days AS (
    SELECT CAST(order_ts AS DATE) AS d FROM stg_orders
    UNION ALL
    SELECT signup_date FROM stg_customers WHERE signup_date IS NOT NULL
),
bounds AS (
    SELECT {{year_start(MIN(d))}} AS first_day, {{year_end(MAX(d))}} AS last_day FROM data_days
),
days AS (
    {{day_series(bounds, first_day, last_day, calendar_date)}}
)
INSERT INTO dim_date (date_key, calendar_date, year, quarter, month, month_name, month_start, month_end,
                      iso_year, iso_week, day_of_week, day_name, is_weekend)
SELECT {{date_key(calendar_date)}},
       calendar_date,
       {{year(calendar_date)}},
       {{quarter(calendar_date)}},
       {{month(calendar_date)}},
       {{month_name(calendar_date)}},
       {{month_start(calendar_date)}},
       {{month_end(calendar_date)}},
       {{iso_year(calendar_date)}},
       {{iso_week(calendar_date)}},
       {{iso_day_of_week(calendar_date)}},
       {{day_name(calendar_date)}},
       CASE WHEN {{iso_day_of_week(calendar_date)}} >= 6 THEN {{true}} ELSE {{false}} END
FROM days
WHERE NOT EXISTS (SELECT 1 FROM dim_date d WHERE d.calendar_date = days.calendar_date);
