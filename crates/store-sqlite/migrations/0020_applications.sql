-- Voice and messaging applications (issue 17): one row per application,
-- its validated content as JSON of core::application::ApplicationFields.
-- SIP peers point at applications from their settings document; the
-- service refuses to delete an application a peer points at.

CREATE TABLE applications (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    document   TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX applications_by_account ON applications (account_id, created_at);
