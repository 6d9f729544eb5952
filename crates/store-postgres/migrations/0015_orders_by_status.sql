-- The console's overview counts orders by kind and status, and by day of
-- creation, for some accounts or all: this index answers both grouped
-- queries without reading the orders themselves.

CREATE INDEX orders_by_status ON orders (account_id, kind, status, created_at);
