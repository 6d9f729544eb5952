-- Subscriptions to order status changes, and the durable outbox of
-- callbacks: each callback is a row written in the same transaction as the
-- change that caused it, so a crash can never lose one.

CREATE TABLE subscriptions (
    id             TEXT PRIMARY KEY,
    account_id     TEXT NOT NULL REFERENCES accounts (id),
    order_type     TEXT NOT NULL,
    order_id       TEXT,
    url            TEXT,
    expires_at     INTEGER,
    basic_user     TEXT,
    basic_password TEXT,
    public_key     TEXT,
    number_format  TEXT,
    email          TEXT,
    digest         TEXT,
    secret         TEXT NOT NULL,
    last_status    TEXT,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX subscriptions_by_account ON subscriptions (account_id, order_type);

CREATE TABLE deliveries (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    subscription_id  TEXT NOT NULL,
    account_id       TEXT NOT NULL,
    event            TEXT NOT NULL, -- JSON of core::subscription::Notification
    state            TEXT NOT NULL, -- pending, delivered, dead
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    last_status_code INTEGER,
    last_error       TEXT,
    created_at       INTEGER NOT NULL,
    delivered_at     INTEGER
);
CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at);
CREATE INDEX deliveries_by_subscription ON deliveries (subscription_id, id);

CREATE TABLE delivery_attempts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id INTEGER NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
    at          INTEGER NOT NULL,
    status_code INTEGER,
    latency_ms  INTEGER NOT NULL,
    error       TEXT
);
CREATE INDEX delivery_attempts_by_delivery ON delivery_attempts (delivery_id, id);
