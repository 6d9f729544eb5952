-- Kept counts of numbers per (account, status), so that a page of an
-- account with a million numbers reads its total instead of counting it
-- (docs/number-counts.md). SQLite has one writer, so one counter row per
-- (account, status), kept by triggers on numbers, has no contention.
-- Rows without an account are not counted (no listing asks for them).
CREATE TABLE number_counts (
    account_id TEXT NOT NULL,
    status     TEXT NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (account_id, status)
) WITHOUT ROWID;

INSERT INTO number_counts (account_id, status, n)
    SELECT account_id, status, COUNT(*) FROM numbers
    WHERE account_id IS NOT NULL GROUP BY account_id, status;

CREATE TRIGGER numbers_count_insert AFTER INSERT ON numbers
    WHEN NEW.account_id IS NOT NULL
BEGIN
    INSERT INTO number_counts (account_id, status, n) VALUES (NEW.account_id, NEW.status, 1)
        ON CONFLICT (account_id, status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER numbers_count_delete AFTER DELETE ON numbers
    WHEN OLD.account_id IS NOT NULL
BEGIN
    UPDATE number_counts SET n = n - 1
        WHERE account_id = OLD.account_id AND status = OLD.status;
END;

CREATE TRIGGER numbers_count_update AFTER UPDATE OF account_id, status ON numbers
    WHEN OLD.account_id IS NOT NEW.account_id OR OLD.status IS NOT NEW.status
BEGIN
    UPDATE number_counts SET n = n - 1
        WHERE OLD.account_id IS NOT NULL AND account_id = OLD.account_id AND status = OLD.status;
    INSERT INTO number_counts (account_id, status, n)
        SELECT NEW.account_id, NEW.status, 1 WHERE NEW.account_id IS NOT NULL
        ON CONFLICT (account_id, status) DO UPDATE SET n = n + 1;
END;

-- In-service pages (account, status, from tn on) read this index in order.
CREATE INDEX numbers_by_account_status ON numbers (account_id, status, tn);
