-- OAuth 2.0 API clients (client credentials): the same table as SQLite's
-- 0009, in PostgreSQL's dialect. Each belongs to a user and acts with that
-- user's grants; the secret is kept only as an Argon2 hash; a revoked
-- client stays listed but can no longer get or use tokens. The token
-- signing key and the local certificate authority live in `settings`.

CREATE TABLE api_clients (
    id          TEXT COLLATE "C" PRIMARY KEY,
    user_name   TEXT COLLATE "C" NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    name        TEXT,
    secret_hash TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    revoked_at  BIGINT
);

CREATE INDEX api_clients_by_user ON api_clients (user_name, id);
