-- OAuth 2.0 API clients (client credentials): each belongs to a user and
-- acts with that user's grants. The secret is kept only as an Argon2 hash;
-- a revoked client stays listed (with when it was revoked) but can no
-- longer get or use tokens. The key that signs tokens and the local
-- certificate authority live in `settings`, so every server on the
-- database shares them. Times are milliseconds since the Unix epoch.

CREATE TABLE api_clients (
    id          TEXT PRIMARY KEY,
    user_name   TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    name        TEXT,
    secret_hash TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);

CREATE INDEX api_clients_by_user ON api_clients (user_name, id);
