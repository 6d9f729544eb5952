//! Idempotency keys on SQLite (see `tnhub_core::idempotency`).

use async_trait::async_trait;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;
use tnhub_core::Timestamp;
use tnhub_core::idempotency::{KeyRecord, StoredResponse};
use tnhub_core::store::{IdempotencyRepo, StoreError};

use crate::{SqliteRepo, map_err};

const COLUMNS: &str =
    "scope, idem_key, fingerprint, token, created_at, status, content_type, location, body";

fn record_of(row: &SqliteRow) -> KeyRecord {
    let response = row
        .get::<Option<i32>, _>("status")
        .map(|status| StoredResponse {
            status: u16::try_from(status).unwrap_or(500),
            content_type: row.get("content_type"),
            location: row.get("location"),
            body: row.get::<Option<Vec<u8>>, _>("body").unwrap_or_default(),
        });
    KeyRecord {
        scope: row.get("scope"),
        key: row.get("idem_key"),
        fingerprint: row.get("fingerprint"),
        token: row.get("token"),
        created_at: Timestamp::from_millis(row.get("created_at")),
        response,
    }
}

#[async_trait]
impl IdempotencyRepo for SqliteRepo {
    async fn insert_idempotency_key(&mut self, record: &KeyRecord) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO idempotency_keys (scope, idem_key, fingerprint, token, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        )
        .bind(&record.scope)
        .bind(&record.key)
        .bind(&record.fingerprint)
        .bind(&record.token)
        .bind(record.created_at.millis())
        .execute(self.conn())
        .await
        .map_err(map_err)?;
        Ok(done.rows_affected() == 1)
    }

    async fn idempotency_key(
        &mut self,
        scope: &str,
        key: &str,
    ) -> Result<Option<KeyRecord>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM idempotency_keys WHERE scope = ? AND idem_key = ?"
        )))
        .bind(scope)
        .bind(key)
        .fetch_optional(self.conn())
        .await
        .map_err(map_err)?;
        Ok(row.as_ref().map(record_of))
    }

    async fn complete_idempotency_key(
        &mut self,
        scope: &str,
        key: &str,
        token: &str,
        response: &StoredResponse,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE idempotency_keys SET status = ?, content_type = ?, location = ?, body = ? WHERE scope = ? AND idem_key = ? AND token = ? AND status IS NULL",
        )
        .bind(i32::from(response.status))
        .bind(response.content_type.as_deref())
        .bind(response.location.as_deref())
        .bind(&response.body)
        .bind(scope)
        .bind(key)
        .bind(token)
        .execute(self.conn())
        .await
        .map_err(map_err)?;
        Ok(done.rows_affected() == 1)
    }

    async fn release_idempotency_key(
        &mut self,
        scope: &str,
        key: &str,
        token: &str,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "DELETE FROM idempotency_keys WHERE scope = ? AND idem_key = ? AND token = ?",
        )
        .bind(scope)
        .bind(key)
        .bind(token)
        .execute(self.conn())
        .await
        .map_err(map_err)?;
        Ok(done.rows_affected() == 1)
    }

    async fn purge_idempotency_keys(&mut self, before: Timestamp) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM idempotency_keys WHERE created_at < ?")
            .bind(before.millis())
            .execute(self.conn())
            .await
            .map_err(map_err)?;
        Ok(done.rows_affected())
    }
}
