SELECT customer_id, name, email, country, city, signup_date, acquisition_channel, acquisition_cost,
       referred_by, updated_at
FROM customers
