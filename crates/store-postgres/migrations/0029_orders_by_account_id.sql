-- An account's orders newest (or oldest) first, whatever their kind: the
-- console's orders list and the API's lists without a kind. Without this
-- index the planner read every order of the account through another index
-- and sorted them all by id for a page of 50 (about 0.8 s for 100,000
-- orders on SQLite); with it, a page is a walk of 51 index entries from
-- the cursor (BENCHMARKS.md, "Web console render time").

CREATE INDEX orders_by_account_id ON orders (account_id, id);
