-- Idempotency keys of safe retries (`Idempotency-Key` on POST/PUT/PATCH):
-- one row per (scope, key), where scope is `account:ID` or `user:NAME`.
-- The primary key is what lets exactly one request claim a key, on one
-- server or many. `status` is NULL while the first request is being
-- answered; then the answer (status, Content-Type, Location, body) is kept
-- to be replayed. Rows older than --idempotency-ttl are purged. Times are
-- milliseconds since the Unix epoch on the service's clock.

CREATE TABLE idempotency_keys (
    scope        TEXT NOT NULL,
    idem_key     TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    token        TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    status       INTEGER,
    content_type TEXT,
    location     TEXT,
    body         BLOB,
    PRIMARY KEY (scope, idem_key)
);

CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
