-- Orders of every kind, their history and notes; the durable job queue;
-- and what the numbers table needs to hold a number's whole state.

-- A number's state. A row exists only while the number is not plainly
-- available; the primary key (tn) is what makes selling a number twice
-- impossible. `hold_until` ends a reservation or an aging period: past it,
-- the row no longer holds the number (searches and orders treat it as
-- available, and a sweeper deletes it).
ALTER TABLE numbers ADD COLUMN order_id TEXT;
ALTER TABLE numbers ADD COLUMN order_type TEXT;
ALTER TABLE numbers ADD COLUMN reservation_id TEXT;
ALTER TABLE numbers ADD COLUMN hold_until INTEGER;
ALTER TABLE numbers ADD COLUMN in_service_at INTEGER;
ALTER TABLE numbers ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE numbers ADD COLUMN city TEXT;
ALTER TABLE numbers ADD COLUMN state TEXT;
ALTER TABLE numbers ADD COLUMN rate_center TEXT;
ALTER TABLE numbers ADD COLUMN lata INTEGER;
ALTER TABLE numbers ADD COLUMN tier INTEGER NOT NULL DEFAULT 0;
ALTER TABLE numbers ADD COLUMN vendor_id INTEGER;
ALTER TABLE numbers ADD COLUMN vendor_name TEXT;
ALTER TABLE numbers ADD COLUMN attributes TEXT NOT NULL DEFAULT '[]';
ALTER TABLE numbers ADD COLUMN features TEXT NOT NULL DEFAULT '{}';
-- Bumped by every change, so a change made on what was read is refused
-- when someone else changed the row meanwhile (optimistic concurrency).
ALTER TABLE numbers ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
CREATE INDEX numbers_by_status ON numbers (status, hold_until);
CREATE INDEX numbers_by_reservation ON numbers (reservation_id);

-- What happened to each number, for /tns/{tn}/history.
CREATE TABLE number_history (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    tn         TEXT NOT NULL,
    account_id TEXT,
    order_id   TEXT,
    order_type TEXT,
    status     TEXT NOT NULL,
    user_name  TEXT,
    at         INTEGER NOT NULL
);
CREATE INDEX number_history_by_tn ON number_history (tn, id);

-- Orders of every kind (new numbers, disconnects, feature orders, port-ins
-- …). What differs between kinds lives in the JSON `request` and `result`.
CREATE TABLE orders (
    id                TEXT PRIMARY KEY, -- UUIDv7: sorts by creation time
    account_id        TEXT NOT NULL REFERENCES accounts (id),
    kind              TEXT NOT NULL,
    status            TEXT NOT NULL,
    customer_order_id TEXT,
    name              TEXT,
    created_by        TEXT NOT NULL,
    site_id           INTEGER,
    peer_id           INTEGER,
    tn_count          INTEGER NOT NULL DEFAULT 0,
    request           TEXT NOT NULL,
    result            TEXT NOT NULL DEFAULT '{}',
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    completed_at      INTEGER
);
CREATE INDEX orders_by_account ON orders (account_id, kind, id);
CREATE INDEX orders_by_site ON orders (site_id, kind, id);

CREATE TABLE order_history (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id   TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    at         INTEGER NOT NULL,
    status     TEXT NOT NULL,
    note       TEXT,
    author     TEXT NOT NULL,
    difference TEXT
);
CREATE INDEX order_history_by_order ON order_history (order_id, id);

CREATE TABLE order_notes (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id    TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    user_name   TEXT NOT NULL,
    description TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX order_notes_by_order ON order_notes (order_id, id);

-- Durable work: a row per thing to do at `run_at` (sandbox-clock time).
-- A worker claims a due job inside the transaction that does the work and
-- deletes the job, so a crash undoes both and the job runs again later —
-- each job's effect happens exactly once.
CREATE TABLE jobs (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL,
    subject    TEXT NOT NULL,
    run_at     INTEGER NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX jobs_due ON jobs (run_at, id);
CREATE UNIQUE INDEX jobs_one_per_subject ON jobs (kind, subject);

-- Server-wide settings shared by every server on the database (the
-- sandbox clock's offset, …).
CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
