-- Voice and messaging applications: the same table as SQLite's 0020, in
-- PostgreSQL's dialect. `document` is JSON of
-- core::application::ApplicationFields.

CREATE TABLE applications (
    id         TEXT COLLATE "C" PRIMARY KEY,
    account_id TEXT COLLATE "C" NOT NULL REFERENCES accounts (id),
    document   TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX applications_by_account ON applications (account_id, created_at);
