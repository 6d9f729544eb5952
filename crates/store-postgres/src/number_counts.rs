//! The kept count of numbers per (account, status) on PostgreSQL.
//!
//! Migration 0017's statement-level triggers append, for every statement
//! on `numbers`, its net change per (account, status) to
//! `number_count_deltas`; a count is the sum of those rows. Insert-only
//! rows rather than one counter row per (account, status): a counter row
//! would be locked by every order of the account until its transaction
//! ends, serialising the orders of all servers on it (and two orders
//! touching two statuses in opposite order could deadlock).
//!
//! A read that finds more than [`COMPACT_ABOVE`] rows folds each account's
//! rows into one per status: `DELETE … RETURNING` and an `INSERT` of the
//! sums in one statement. That is correct while writers keep appending:
//! it sums exactly the rows it deleted (rows committed after its snapshot
//! are neither deleted nor summed; a row another compaction deleted first
//! is not returned). A transaction-scoped advisory lock per account lets
//! one compaction run at a time and the others skip it, so compactions
//! never wait on each other's row locks.

use sqlx::{PgConnection, Row};
use tnhub_core::store::{NumberQuery, StoreError};

use crate::PgRepo;

/// More delta rows than this in one read: fold them.
pub(crate) const COMPACT_ABOVE: i64 = 64;

impl PgRepo {
    /// The number of rows of `f`'s accounts and statuses (a query that
    /// [`NumberQuery::counts_by_account_and_status`]), from the kept deltas.
    pub(crate) async fn kept_count(&mut self, f: &NumberQuery) -> Result<u64, StoreError> {
        let accounts: Vec<String> = f.accounts.iter().map(|a| a.as_str().to_string()).collect();
        let statuses: Vec<String> = f.statuses.iter().map(|s| s.as_str().to_string()).collect();
        let row = sqlx::query(
            "SELECT coalesce(SUM(delta), 0)::bigint AS n, COUNT(*) AS deltas FROM number_count_deltas \
             WHERE account_id = ANY($1) AND (cardinality($2::text[]) = 0 OR status = ANY($2))",
        )
        .bind(&accounts)
        .bind(&statuses)
        .fetch_one(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        let n: i64 = row.get("n");
        if row.get::<i64, _>("deltas") > COMPACT_ABOVE {
            let crowded: Vec<String> = sqlx::query_scalar(
                "SELECT account_id FROM number_count_deltas WHERE account_id = ANY($1) \
                 GROUP BY account_id HAVING COUNT(*) > $2",
            )
            .bind(&accounts)
            .bind(COMPACT_ABOVE)
            .fetch_all(self.conn())
            .await
            .map_err(|e| self.fail(e))?;
            for account in crowded {
                compact(self.conn(), &account)
                    .await
                    .map_err(|e| self.fail(e))?;
            }
        }
        Ok(n.max(0) as u64)
    }
}

/// Folds one account's delta rows into one per status (none for a status
/// whose sum is 0), unless another compaction of it is running.
async fn compact(conn: &mut PgConnection, account: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "WITH lock AS (SELECT pg_try_advisory_xact_lock(hashtextextended(\
             coalesce(current_schema(), '') || '.tnhub.counts.' || $1, 0)) AS got), \
         folded AS (DELETE FROM number_count_deltas WHERE account_id = $1 AND (SELECT got FROM lock) \
             RETURNING status, delta) \
         INSERT INTO number_count_deltas (account_id, status, delta) \
         SELECT $1, status, SUM(delta) FROM folded GROUP BY status HAVING SUM(delta) <> 0",
    )
    .bind(account)
    .execute(conn)
    .await?;
    Ok(())
}

/// Recounts every (account, status) from `numbers`: after a snapshot
/// restore or a reset, which empty `numbers` with `TRUNCATE` (no delete
/// trigger fires). `TRUNCATE` of the deltas waits for running compactions
/// instead of interleaving row locks with them.
pub(crate) async fn recount(conn: &mut PgConnection) -> Result<(), StoreError> {
    sqlx::query("TRUNCATE number_count_deltas")
        .execute(&mut *conn)
        .await
        .map_err(crate::map_err)?;
    sqlx::query(
        "INSERT INTO number_count_deltas (account_id, status, delta) \
         SELECT account_id, status, COUNT(*) FROM numbers WHERE account_id IS NOT NULL \
         GROUP BY account_id, status",
    )
    .execute(conn)
    .await
    .map_err(crate::map_err)?;
    Ok(())
}
