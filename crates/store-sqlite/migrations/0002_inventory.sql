-- The operator's inventory: blocks of numbers for sale (or excluded), as
-- imported. The embedded default inventory is not stored here; whether it
-- is sold is a flag in inventory_meta. Every change bumps the generation so
-- every server sharing the database rebuilds its in-memory index.

CREATE TABLE inventory_blocks (
    first_tn    INTEGER NOT NULL,
    last_tn     INTEGER NOT NULL,
    excluded    INTEGER NOT NULL DEFAULT 0,
    state       TEXT,
    city        TEXT,
    rate_center TEXT,
    lata        INTEGER,
    zip         TEXT,
    tier        INTEGER,
    vendor_id   INTEGER,
    vendor_name TEXT,
    imported_at INTEGER NOT NULL,
    PRIMARY KEY (first_tn, last_tn, excluded)
);

CREATE TABLE inventory_meta (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    generation        INTEGER NOT NULL,
    default_inventory INTEGER NOT NULL
);
INSERT INTO inventory_meta (id, generation, default_inventory) VALUES (1, 0, 1);
