-- Named snapshots of the whole database (`/admin/snapshots`, `tnhub
-- snapshot`): each is one JSON document holding every other table's rows
-- (every table but this one and the migrations), read in one transaction.
-- Kept in the database itself, so every server sharing it sees the same
-- snapshots and a backup of the database holds them too.
CREATE TABLE snapshots (
    name       TEXT COLLATE "C" PRIMARY KEY,
    created_at BIGINT NOT NULL,
    size       BIGINT NOT NULL, -- bytes of `data`
    data       TEXT NOT NULL
);
