//! The job queue and shared settings on SQLite.
//!
//! SQLite has one writer at a time, and every write transaction here holds
//! the write lock from its first statement (`BEGIN IMMEDIATE`), so a job
//! selected inside a write transaction is claimed: no other transaction can
//! see it half-done, and a crash rolls the claim back with everything else.

use async_trait::async_trait;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;
use tnhub_core::Timestamp;
use tnhub_core::order::Job;
use tnhub_core::store::{JobRepo, SettingsRepo, StoreError};

use crate::{SqliteRepo, map_err};

fn job(r: &SqliteRow) -> Job {
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
impl JobRepo for SqliteRepo {
    async fn enqueue_job(
        &mut self,
        kind: &str,
        subject: &str,
        run_at: Timestamp,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO jobs (kind, subject, run_at, created_at) VALUES (?, ?, ?, ?) \
             ON CONFLICT (kind, subject) DO UPDATE SET run_at = MIN(run_at, excluded.run_at)",
        )
        .bind(kind)
        .bind(subject)
        .bind(run_at.millis())
        .bind(now.millis())
        .execute(self.conn())
        .await
        .map_err(map_err)?;
        Ok(())
    }

    async fn claim_due_jobs(&mut self, now: Timestamp, limit: u32) -> Result<Vec<Job>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, kind, subject, run_at, attempts, last_error, created_at FROM jobs WHERE run_at <= ? ORDER BY run_at, id LIMIT ?",
        )
        .bind(now.millis())
        .bind(i64::from(limit))
        .fetch_all(self.conn())
        .await
        .map_err(map_err)?;
        Ok(rows.iter().map(job).collect())
    }

    async fn claim_job(&mut self, id: i64, now: Timestamp) -> Result<Option<Job>, StoreError> {
        let row = sqlx::query("SELECT id, kind, subject, run_at, attempts, last_error, created_at FROM jobs WHERE id = ? AND run_at <= ?")
            .bind(id)
            .bind(now.millis())
            .fetch_optional(self.conn())
            .await
            .map_err(map_err)?;
        Ok(row.as_ref().map(job))
    }

    async fn delete_jobs_of(&mut self, kind: &str, subject: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM jobs WHERE kind = ? AND subject = ?")
            .bind(kind)
            .bind(subject)
            .execute(self.conn())
            .await
            .map_err(map_err)?;
        Ok(())
    }

    async fn delete_job(&mut self, id: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM jobs WHERE id = ?")
            .bind(id)
            .execute(self.conn())
            .await
            .map_err(map_err)?;
        Ok(())
    }

    async fn reschedule_job(
        &mut self,
        id: i64,
        run_at: Timestamp,
        error: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE jobs SET run_at = ?, attempts = attempts + (CASE WHEN ? IS NULL THEN 0 ELSE 1 END), \
             last_error = COALESCE(?, last_error) WHERE id = ?",
        )
        .bind(run_at.millis())
        .bind(error)
        .bind(error)
        .bind(id)
        .execute(self.conn())
        .await
        .map_err(map_err)?;
        Ok(())
    }

    async fn next_job_due(&mut self) -> Result<Option<Timestamp>, StoreError> {
        let at: Option<i64> = sqlx::query_scalar("SELECT MIN(run_at) FROM jobs")
            .fetch_one(self.conn())
            .await
            .map_err(map_err)?;
        Ok(at.map(Timestamp::from_millis))
    }

    async fn jobs(&mut self, limit: u32) -> Result<Vec<Job>, StoreError> {
        let rows = sqlx::query("SELECT id, kind, subject, run_at, attempts, last_error, created_at FROM jobs ORDER BY run_at, id LIMIT ?")
            .bind(i64::from(limit))
            .fetch_all(self.conn())
            .await
            .map_err(map_err)?;
        Ok(rows.iter().map(job).collect())
    }

    async fn job(&mut self, id: i64) -> Result<Option<Job>, StoreError> {
        let row = sqlx::query("SELECT id, kind, subject, run_at, attempts, last_error, created_at FROM jobs WHERE id = ?")
            .bind(id)
            .fetch_optional(self.conn())
            .await
            .map_err(map_err)?;
        Ok(row.as_ref().map(job))
    }
}

#[async_trait]
impl SettingsRepo for SqliteRepo {
    async fn setting(&mut self, name: &str) -> Result<Option<String>, StoreError> {
        sqlx::query_scalar("SELECT value FROM settings WHERE name = ?")
            .bind(name)
            .fetch_optional(self.conn())
            .await
            .map_err(map_err)
    }

    async fn set_setting(&mut self, name: &str, value: &str) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value")
            .bind(name)
            .bind(value)
            .execute(self.conn())
            .await
            .map_err(map_err)?;
        Ok(())
    }
}
