-- The operator's inventory: blocks of numbers for sale (or excluded), as
-- imported. The embedded default inventory is not stored here; whether it
-- is sold is a flag in inventory_meta. Every change bumps the generation so
-- every server sharing the database rebuilds its in-memory index.

CREATE TABLE inventory_blocks (
    first_tn    BIGINT NOT NULL,
    last_tn     BIGINT NOT NULL,
    excluded    BOOLEAN NOT NULL DEFAULT FALSE,
    state       TEXT,
    city        TEXT,
    rate_center TEXT,
    lata        BIGINT,
    zip         TEXT,
    tier        BIGINT,
    vendor_id   BIGINT,
    vendor_name TEXT,
    imported_at BIGINT NOT NULL,
    PRIMARY KEY (first_tn, last_tn, excluded)
);

CREATE TABLE inventory_meta (
    id                BIGINT PRIMARY KEY CHECK (id = 1),
    generation        BIGINT NOT NULL,
    default_inventory BOOLEAN NOT NULL
);
INSERT INTO inventory_meta (id, generation, default_inventory) VALUES (1, 0, TRUE);
