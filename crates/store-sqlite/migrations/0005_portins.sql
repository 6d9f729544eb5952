-- Port-in documents (`…/portins/{id}/loas`): the bytes exactly as uploaded,
-- with their content type and metadata, in the database like everything
-- else (so a backup of the file is a backup of the documents, and every
-- server sharing a database serves them).
CREATE TABLE portin_files (
    order_id      TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          INTEGER NOT NULL,
    content       BLOB NOT NULL,
    document_name TEXT,
    document_type TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    PRIMARY KEY (order_id, name)
);
