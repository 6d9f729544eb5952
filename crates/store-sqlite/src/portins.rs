//! Port-in documents, and deleting a draft, on SQLite.

use async_trait::async_trait;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;
use tnhub_core::Timestamp;
use tnhub_core::store::{LoaFile, PortInRepo, StoreError};

use crate::{SqliteRepo, map_err};

const COLUMNS: &str =
    "order_id, name, content_type, size, document_name, document_type, created_at, updated_at";

fn file(r: &SqliteRow) -> LoaFile {
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
impl PortInRepo for SqliteRepo {
    async fn insert_loa(&mut self, f: &LoaFile, content: &[u8]) -> Result<(), StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO portin_files ({COLUMNS}, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
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
        .map_err(map_err)?;
        Ok(())
    }

    async fn loa(&mut self, order_id: &str, name: &str) -> Result<Option<LoaFile>, StoreError> {
        Ok(sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM portin_files WHERE order_id = ? AND name = ?"
        )))
        .bind(order_id)
        .bind(name)
        .fetch_optional(self.conn())
        .await
        .map_err(map_err)?
        .as_ref()
        .map(file))
    }

    async fn loa_content(
        &mut self,
        order_id: &str,
        name: &str,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        sqlx::query_scalar("SELECT content FROM portin_files WHERE order_id = ? AND name = ?")
            .bind(order_id)
            .bind(name)
            .fetch_optional(self.conn())
            .await
            .map_err(map_err)
    }

    async fn loas(&mut self, order_id: &str) -> Result<Vec<LoaFile>, StoreError> {
        Ok(sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM portin_files WHERE order_id = ? ORDER BY created_at, name"
        )))
        .bind(order_id)
        .fetch_all(self.conn())
        .await
        .map_err(map_err)?
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
            "UPDATE portin_files SET content_type = ?, size = ?, content = ?, updated_at = ? \
             WHERE order_id = ? AND name = ?",
        )
        .bind(content_type)
        .bind(i64::try_from(content.len()).unwrap_or(i64::MAX))
        .bind(content)
        .bind(now.millis())
        .bind(order_id)
        .bind(name)
        .execute(self.conn())
        .await
        .map_err(map_err)?;
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
            "UPDATE portin_files SET document_name = ?, document_type = ?, updated_at = ? \
             WHERE order_id = ? AND name = ?",
        )
        .bind(document_name)
        .bind(document_type)
        .bind(now.millis())
        .bind(order_id)
        .bind(name)
        .execute(self.conn())
        .await
        .map_err(map_err)?;
        Ok(done.rows_affected() > 0)
    }

    async fn delete_loa(&mut self, order_id: &str, name: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM portin_files WHERE order_id = ? AND name = ?")
            .bind(order_id)
            .bind(name)
            .execute(self.conn())
            .await
            .map_err(map_err)?;
        Ok(done.rows_affected() > 0)
    }

    async fn delete_order(&mut self, order_id: &str) -> Result<bool, StoreError> {
        // History, notes and documents go with it (ON DELETE CASCADE).
        let done = sqlx::query("DELETE FROM orders WHERE id = ?")
            .bind(order_id)
            .execute(self.conn())
            .await
            .map_err(map_err)?;
        Ok(done.rows_affected() > 0)
    }
}
