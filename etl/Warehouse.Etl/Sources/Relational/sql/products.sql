SELECT product_id, name, category, unit_cost, list_price, updated_at
FROM products
