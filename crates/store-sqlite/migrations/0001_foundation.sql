-- Accounts, users, sites, SIP peers, and the numbers that are not plainly
-- available (one row per number that is reserved, in service, aging,
-- porting...). Times are milliseconds since the Unix epoch.

CREATE TABLE accounts (
    id           TEXT PRIMARY KEY,
    company_name TEXT NOT NULL,
    created_at   INTEGER NOT NULL
);

CREATE TABLE users (
    name          TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);

CREATE TABLE user_accounts (
    user_name  TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (user_name, account_id)
);

CREATE TABLE sites (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id           TEXT NOT NULL REFERENCES accounts (id),
    name                 TEXT NOT NULL,
    description          TEXT,
    customer_name        TEXT,
    customer_provided_id TEXT,
    address              TEXT NOT NULL, -- JSON of core::address::Address
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
);
CREATE INDEX sites_by_account ON sites (account_id, id);

CREATE TABLE sip_peers (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id  TEXT NOT NULL REFERENCES accounts (id),
    site_id     INTEGER NOT NULL REFERENCES sites (id),
    name        TEXT NOT NULL,
    description TEXT,
    is_default  INTEGER NOT NULL DEFAULT 0,
    settings    TEXT NOT NULL, -- JSON of core::sippeer::PeerSettings
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX sip_peers_name_in_site ON sip_peers (site_id, name);
-- At most one default per site; the domain keeps it at exactly one.
CREATE UNIQUE INDEX sip_peers_one_default ON sip_peers (site_id) WHERE is_default = 1;

-- The primary key on tn is what guarantees a number is never sold twice.
CREATE TABLE numbers (
    tn         TEXT PRIMARY KEY,
    status     TEXT NOT NULL,
    account_id TEXT REFERENCES accounts (id),
    site_id    INTEGER REFERENCES sites (id),
    peer_id    INTEGER REFERENCES sip_peers (id),
    updated_at INTEGER NOT NULL
);
CREATE INDEX numbers_by_site ON numbers (site_id);
CREATE INDEX numbers_by_peer ON numbers (peer_id);
CREATE INDEX numbers_by_account ON numbers (account_id, tn);
