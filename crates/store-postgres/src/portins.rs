//! Port-in documents, and deleting a draft, on PostgreSQL.
//!
//! A document name already taken is met with `ON CONFLICT DO NOTHING`, so
//! the `Duplicate` the store contract promises leaves the transaction usable.

use async_trait::async_trait;
use sqlx::Row;
use sqlx::postgres::PgRow;
use tnhub_core::Timestamp;
use tnhub_core::store::{LoaFile, PortInRepo, StoreError};

use crate::PgRepo;

const COLUMNS: &str =
    "order_id, name, content_type, size, document_name, document_type, created_at, updated_at";

fn file(r: &PgRow) -> LoaFile {
    LoaFile {
        order_id: r.get("order_id"),
        name: r.get("name"),
        content_type: r.get("content_type"),
        size: u64::try_from(r.get::<i64, _>("size")).unwrap_or(0),
        document_name: r.get("document_name"),
        document_type: r.get("document_type"),
        created_at: Timestamp::from_millis(r.get("created_at")),
        updated_at: Timestamp::from_millis(r.get("updated_at")),
    }
}

#[async_trait]
impl PortInRepo for PgRepo {
    async fn insert_loa(&mut self, f: &LoaFile, content: &[u8]) -> Result<(), StoreError> {
        let done = sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO portin_files ({COLUMNS}, content) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT DO NOTHING"
        )))
        .bind(&f.order_id)
        .bind(&f.name)
        .bind(&f.content_type)
        .bind(i64::try_from(content.len()).unwrap_or(i64::MAX))
        .bind(&f.document_name)
        .bind(&f.document_type)
        .bind(f.created_at.millis())
        .bind(f.updated_at.millis())
        .bind(content)
        .execute(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Duplicate("portin_files_pkey".into()));
        }
        Ok(())
    }

    async fn loa(&mut self, order_id: &str, name: &str) -> Result<Option<LoaFile>, StoreError> {
        Ok(sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM portin_files WHERE order_id = $1 AND name = $2"
        )))
        .bind(order_id)
        .bind(name)
        .fetch_optional(self.conn())
        .await
        .map_err(|e| self.fail(e))?
        .as_ref()
        .map(file))
    }

    async fn loa_content(
        &mut self,
        order_id: &str,
        name: &str,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        sqlx::query_scalar("SELECT content FROM portin_files WHERE order_id = $1 AND name = $2")
            .bind(order_id)
            .bind(name)
            .fetch_optional(self.conn())
            .await
            .map_err(|e| self.fail(e))
    }

    async fn loas(&mut self, order_id: &str) -> Result<Vec<LoaFile>, StoreError> {
        Ok(sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM portin_files WHERE order_id = $1 ORDER BY created_at, name"
        )))
        .bind(order_id)
        .fetch_all(self.conn())
        .await
        .map_err(|e| self.fail(e))?
        .iter()
        .map(file)
        .collect())
    }

    async fn replace_loa(
        &mut self,
        order_id: &str,
        name: &str,
        content_type: &str,
        content: &[u8],
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE portin_files SET content_type = $1, size = $2, content = $3, updated_at = $4 \
             WHERE order_id = $5 AND name = $6",
        )
        .bind(content_type)
        .bind(i64::try_from(content.len()).unwrap_or(i64::MAX))
        .bind(content)
        .bind(now.millis())
        .bind(order_id)
        .bind(name)
        .execute(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        Ok(done.rows_affected() > 0)
    }

    async fn update_loa_metadata(
        &mut self,
        order_id: &str,
        name: &str,
        document_name: Option<&str>,
        document_type: Option<&str>,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE portin_files SET document_name = $1, document_type = $2, updated_at = $3 \
             WHERE order_id = $4 AND name = $5",
        )
        .bind(document_name)
        .bind(document_type)
        .bind(now.millis())
        .bind(order_id)
        .bind(name)
        .execute(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        Ok(done.rows_affected() > 0)
    }

    async fn delete_loa(&mut self, order_id: &str, name: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM portin_files WHERE order_id = $1 AND name = $2")
            .bind(order_id)
            .bind(name)
            .execute(self.conn())
            .await
            .map_err(|e| self.fail(e))?;
        Ok(done.rows_affected() > 0)
    }

    async fn delete_order(&mut self, order_id: &str) -> Result<bool, StoreError> {
        // History, notes and documents go with it (ON DELETE CASCADE).
        let done = sqlx::query("DELETE FROM orders WHERE id = $1")
            .bind(order_id)
            .execute(self.conn())
            .await
            .map_err(|e| self.fail(e))?;
        Ok(done.rows_affected() > 0)
    }
}
