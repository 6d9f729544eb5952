-- Idempotency keys of safe retries: the same table as SQLite's 0008, in
-- PostgreSQL's dialect. One row per (scope, key); the primary key lets
-- exactly one request claim a key, whichever server it reached. `status`
-- is NULL while the first request is being answered; then its answer is
-- kept to be replayed. Rows older than --idempotency-ttl are purged.

CREATE TABLE idempotency_keys (
    scope        TEXT COLLATE "C" NOT NULL,
    idem_key     TEXT COLLATE "C" NOT NULL,
    fingerprint  TEXT NOT NULL,
    token        TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    status       INTEGER,
    content_type TEXT,
    location     TEXT,
    body         BYTEA,
    PRIMARY KEY (scope, idem_key)
);

CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
