-- Port-in documents (`…/portins/{id}/loas`): the bytes exactly as uploaded,
-- with their content type and metadata, in the database like everything
-- else. The same table as SQLite's 0005, in PostgreSQL's dialect.
CREATE TABLE portin_files (
    order_id      TEXT COLLATE "C" NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    name          TEXT COLLATE "C" NOT NULL,
    content_type  TEXT NOT NULL,
    size          BIGINT NOT NULL,
    content       BYTEA NOT NULL,
    document_name TEXT,
    document_type TEXT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (order_id, name)
);
