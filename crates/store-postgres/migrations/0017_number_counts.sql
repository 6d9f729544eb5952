-- Kept counts of numbers per (account, status), so that a page of an
-- account with a million numbers reads its total instead of counting it
-- (docs/number-counts.md). Several servers write at once, so there is no
-- counter row to lock (it would serialise every order of an account and
-- could deadlock): each statement on numbers appends its net change per
-- (account, status), and the count is the sum. A read that finds many
-- rows folds them into one (only the rows it deleted, so a concurrent
-- writer's row is never lost). Rows without an account are not counted.
CREATE TABLE number_count_deltas (
    account_id TEXT COLLATE "C" NOT NULL,
    status     TEXT NOT NULL,
    delta      BIGINT NOT NULL
);
CREATE INDEX number_count_deltas_by_key ON number_count_deltas (account_id, status);

INSERT INTO number_count_deltas (account_id, status, delta)
    SELECT account_id, status, COUNT(*) FROM numbers
    WHERE account_id IS NOT NULL GROUP BY account_id, status;

CREATE FUNCTION tnhub_count_inserted_numbers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO number_count_deltas (account_id, status, delta)
        SELECT account_id, status, COUNT(*) FROM inserted_numbers
        WHERE account_id IS NOT NULL GROUP BY account_id, status;
    RETURN NULL;
END
$$;

CREATE FUNCTION tnhub_count_deleted_numbers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO number_count_deltas (account_id, status, delta)
        SELECT account_id, status, -COUNT(*) FROM deleted_numbers
        WHERE account_id IS NOT NULL GROUP BY account_id, status;
    RETURN NULL;
END
$$;

CREATE FUNCTION tnhub_count_updated_numbers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO number_count_deltas (account_id, status, delta)
        SELECT account_id, status, SUM(d) FROM (
            SELECT account_id, status, 1 AS d FROM inserted_numbers
            UNION ALL
            SELECT account_id, status, -1 AS d FROM deleted_numbers
        ) changes
        WHERE account_id IS NOT NULL GROUP BY account_id, status HAVING SUM(d) <> 0;
    RETURN NULL;
END
$$;

-- Statement-level: one INSERT per statement, however many rows it touched.
-- (PostgreSQL allows transition tables only on a trigger of one event
-- without a column list, hence three triggers and the HAVING above.)
CREATE TRIGGER numbers_count_insert AFTER INSERT ON numbers
    REFERENCING NEW TABLE AS inserted_numbers
    FOR EACH STATEMENT EXECUTE FUNCTION tnhub_count_inserted_numbers();
CREATE TRIGGER numbers_count_delete AFTER DELETE ON numbers
    REFERENCING OLD TABLE AS deleted_numbers
    FOR EACH STATEMENT EXECUTE FUNCTION tnhub_count_deleted_numbers();
CREATE TRIGGER numbers_count_update AFTER UPDATE ON numbers
    REFERENCING OLD TABLE AS deleted_numbers NEW TABLE AS inserted_numbers
    FOR EACH STATEMENT EXECUTE FUNCTION tnhub_count_updated_numbers();

-- In-service pages (account, status, from tn on) read this index in order.
CREATE INDEX numbers_by_account_status ON numbers (account_id, status, tn);
