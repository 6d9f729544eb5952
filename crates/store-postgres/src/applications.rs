//! Applications on PostgreSQL: one row each, the content as a JSON document.

use async_trait::async_trait;
use sqlx::Row;
use tnhub_core::Timestamp;
use tnhub_core::application::Application;
use tnhub_core::ids::AccountId;
use tnhub_core::store::{ApplicationRepo, StoreError};

use crate::{PgRepo, from_json, to_json};

const COLUMNS: &str = "id, account_id, document, created_at, updated_at";

fn application(row: &sqlx::postgres::PgRow) -> Result<Application, StoreError> {
    Ok(Application {
        id: row.get("id"),
        account_id: AccountId::parse(row.get("account_id"))
            .map_err(|e| StoreError::Other(e.to_string()))?,
        fields: from_json(row.get("document"))?,
        created_at: Timestamp::from_millis(row.get("created_at")),
        updated_at: Timestamp::from_millis(row.get("updated_at")),
    })
}

#[async_trait]
impl ApplicationRepo for PgRepo {
    async fn insert_application(&mut self, app: &Application) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO applications (id, account_id, document, created_at, updated_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&app.id)
        .bind(app.account_id.as_str())
        .bind(to_json(&app.fields)?)
        .bind(app.created_at.millis())
        .bind(app.updated_at.millis())
        .execute(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        Ok(())
    }

    async fn application(
        &mut self,
        account: &AccountId,
        id: &str,
    ) -> Result<Option<Application>, StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM applications WHERE account_id = $1 AND id = $2"
        )))
        .bind(account.as_str())
        .bind(id)
        .fetch_optional(self.conn())
        .await
        .map_err(|e| self.fail(e))?
        .as_ref()
        .map(application)
        .transpose()
    }

    async fn applications(&mut self, account: &AccountId) -> Result<Vec<Application>, StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM applications WHERE account_id = $1 ORDER BY created_at, id"
        )))
        .bind(account.as_str())
        .fetch_all(self.conn())
        .await
        .map_err(|e| self.fail(e))?
        .iter()
        .map(application)
        .collect()
    }

    async fn update_application(&mut self, app: &Application) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE applications SET document = $1, updated_at = $2 WHERE account_id = $3 AND id = $4",
        )
        .bind(to_json(&app.fields)?)
        .bind(app.updated_at.millis())
        .bind(app.account_id.as_str())
        .bind(&app.id)
        .execute(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        Ok(done.rows_affected() > 0)
    }

    async fn delete_application(
        &mut self,
        account: &AccountId,
        id: &str,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM applications WHERE account_id = $1 AND id = $2")
            .bind(account.as_str())
            .bind(id)
            .execute(self.conn())
            .await
            .map_err(|e| self.fail(e))?;
        Ok(done.rows_affected() > 0)
    }
}
