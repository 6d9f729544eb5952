//! The job queue and shared settings on PostgreSQL.
//!
//! Several servers run jobs from one table. A worker claims due jobs with
//! `FOR UPDATE SKIP LOCKED` inside the transaction that does their work:
//! the rows stay locked until it commits (deleting or rescheduling them) or
//! rolls back, other servers' claims skip them instead of waiting, and a
//! server that dies mid-way loses its connection, so PostgreSQL rolls the
//! transaction back and the jobs are free for the next claim. (Claiming
//! one job by id waits for its lock instead; see `claim_job`.)

use async_trait::async_trait;
use sqlx::Row;
use sqlx::postgres::PgRow;
use tnhub_core::Timestamp;
use tnhub_core::order::Job;
use tnhub_core::store::{JobRepo, SettingsRepo, StoreError};

use crate::PgRepo;

const COLUMNS: &str = "id, kind, subject, run_at, attempts, last_error, created_at";

fn job(r: &PgRow) -> Job {
    Job {
        id: r.get("id"),
        kind: r.get("kind"),
        subject: r.get("subject"),
        run_at: Timestamp::from_millis(r.get("run_at")),
        attempts: u32::try_from(r.get::<i64, _>("attempts")).unwrap_or(0),
        last_error: r.get("last_error"),
        created_at: Timestamp::from_millis(r.get("created_at")),
    }
}

#[async_trait]
impl JobRepo for PgRepo {
    async fn enqueue_job(
        &mut self,
        kind: &str,
        subject: &str,
        run_at: Timestamp,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO jobs (kind, subject, run_at, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (kind, subject) DO UPDATE SET run_at = LEAST(jobs.run_at, EXCLUDED.run_at)",
        )
        .bind(kind)
        .bind(subject)
        .bind(run_at.millis())
        .bind(now.millis())
        .execute(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        Ok(())
    }

    async fn claim_due_jobs(&mut self, now: Timestamp, limit: u32) -> Result<Vec<Job>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM jobs WHERE run_at <= $1 ORDER BY run_at, id LIMIT $2 FOR UPDATE SKIP LOCKED"
        )))
        .bind(now.millis())
        .bind(i64::from(limit))
        .fetch_all(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        Ok(rows.iter().map(job).collect())
    }

    async fn claim_job(&mut self, id: i64, now: Timestamp) -> Result<Option<Job>, StoreError> {
        // This one waits for a lock instead of skipping it. The worker asks
        // for a job by id right after dropping the batch transaction that
        // held it, and a dropped transaction's rollback reaches the server
        // a moment later: SKIP LOCKED would find its own stale lock and
        // report the job gone. Waiting is as safe: when the holder commits,
        // PostgreSQL re-checks the row (deleted, or no longer due: none).
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM jobs WHERE id = $1 AND run_at <= $2 FOR UPDATE"
        )))
        .bind(id)
        .bind(now.millis())
        .fetch_optional(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        Ok(row.as_ref().map(job))
    }

    async fn delete_jobs_of(&mut self, kind: &str, subject: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM jobs WHERE kind = $1 AND subject = $2")
            .bind(kind)
            .bind(subject)
            .execute(self.conn())
            .await
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    async fn delete_job(&mut self, id: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM jobs WHERE id = $1")
            .bind(id)
            .execute(self.conn())
            .await
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    async fn reschedule_job(
        &mut self,
        id: i64,
        run_at: Timestamp,
        error: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE jobs SET run_at = $1, attempts = attempts + (CASE WHEN $2::text IS NULL THEN 0 ELSE 1 END), \
             last_error = COALESCE($2, last_error) WHERE id = $3",
        )
        .bind(run_at.millis())
        .bind(error)
        .bind(id)
        .execute(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        Ok(())
    }

    async fn next_job_due(&mut self) -> Result<Option<Timestamp>, StoreError> {
        // The next job this server could claim: jobs another server holds
        // are skipped (the weakest row lock, taken and dropped at once), so
        // a server does not spin on work it cannot have. When the holder
        // dies its jobs come back and the next poll sees them.
        let at: Option<i64> = sqlx::query_scalar(
            "SELECT run_at FROM jobs ORDER BY run_at, id LIMIT 1 FOR KEY SHARE SKIP LOCKED",
        )
        .fetch_optional(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        Ok(at.map(Timestamp::from_millis))
    }

    async fn jobs(&mut self, limit: u32) -> Result<Vec<Job>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM jobs ORDER BY run_at, id LIMIT $1"
        )))
        .bind(i64::from(limit))
        .fetch_all(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        Ok(rows.iter().map(job).collect())
    }

    async fn job(&mut self, id: i64) -> Result<Option<Job>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM jobs WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        Ok(row.as_ref().map(job))
    }
}

#[async_trait]
impl SettingsRepo for PgRepo {
    async fn setting(&mut self, name: &str) -> Result<Option<String>, StoreError> {
        if self.in_tx() {
            // A setting read in a write transaction is about to be written
            // from what was read (the sandbox clock moving forward): hold a
            // lock on its name until the transaction ends, so two servers'
            // changes queue instead of one losing the other's. An advisory
            // lock works even while the row does not exist yet.
            sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended(coalesce(current_schema(), '') || '.tnhub.setting.' || $1, 0))")
                .bind(name)
                .execute(self.conn())
                .await
                .map_err(|e| self.fail(e))?;
        }
        sqlx::query_scalar("SELECT value FROM settings WHERE name = $1")
            .bind(name)
            .fetch_optional(self.conn())
            .await
            .map_err(|e| self.fail(e))
    }

    async fn set_setting(&mut self, name: &str, value: &str) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value",
        )
        .bind(name)
        .bind(value)
        .execute(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        Ok(())
    }
}
