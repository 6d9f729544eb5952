-- Leases on callback deliveries, on real time and with a token.
--
-- A deliverer leasing a due delivery writes a fresh token and the real
-- (wall-clock) instant the lease ends; it records the attempt's outcome
-- only while its token is still on the row, so one whose lease ran out (and
-- whose delivery another deliverer took) cannot overwrite the newer state.
-- Due times (`next_attempt_at`) stay on the sandbox clock: moving it
-- forward makes retries due, but no longer ends leases of callbacks still
-- being sent.

ALTER TABLE deliveries ADD COLUMN lease_token TEXT;
ALTER TABLE deliveries ADD COLUMN lease_until BIGINT;
