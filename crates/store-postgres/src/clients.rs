//! OAuth API clients on PostgreSQL.

use async_trait::async_trait;
use sqlx::Row;
use sqlx::postgres::PgRow;
use tnhub_core::Timestamp;
use tnhub_core::client::{ApiClient, ClientId};
use tnhub_core::store::{ClientRepo, StoreError};
use tnhub_core::user::{PasswordHashString, Username};

use crate::PgRepo;

fn client_of(row: &PgRow) -> Result<ApiClient, StoreError> {
    let bad = |e: tnhub_core::CoreError| {
        StoreError::Other(format!("a stored client no longer parses: {e}"))
    };
    Ok(ApiClient {
        id: ClientId::parse(row.get("id")).map_err(bad)?,
        user: Username::parse(row.get("user_name")).map_err(bad)?,
        name: row.get("name"),
        secret_hash: PasswordHashString(row.get("secret_hash")),
        created_at: Timestamp::from_millis(row.get("created_at")),
        revoked_at: row
            .get::<Option<i64>, _>("revoked_at")
            .map(Timestamp::from_millis),
    })
}

#[async_trait]
impl ClientRepo for PgRepo {
    async fn insert_client(&mut self, client: &ApiClient) -> Result<(), StoreError> {
        let done = sqlx::query(
            "INSERT INTO api_clients (id, user_name, name, secret_hash, created_at, revoked_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        )
        .bind(client.id.as_str())
        .bind(client.user.as_str())
        .bind(client.name.as_deref())
        .bind(&client.secret_hash.0)
        .bind(client.created_at.millis())
        .bind(client.revoked_at.map(|t| t.millis()))
        .execute(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Duplicate("api_clients_pkey".into()));
        }
        Ok(())
    }

    async fn client(&mut self, id: &ClientId) -> Result<Option<ApiClient>, StoreError> {
        sqlx::query(
            "SELECT id, user_name, name, secret_hash, created_at, revoked_at FROM api_clients WHERE id = $1",
        )
            .bind(id.as_str())
            .fetch_optional(self.conn())
            .await
            .map_err(|e| self.fail(e))?
            .as_ref()
            .map(client_of)
            .transpose()
    }

    async fn clients(&mut self, user: Option<&Username>) -> Result<Vec<ApiClient>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, user_name, name, secret_hash, created_at, revoked_at FROM api_clients WHERE $1::text IS NULL OR user_name = $1 \
             ORDER BY user_name, id",
        )
        .bind(user.map(Username::as_str))
        .fetch_all(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        rows.iter().map(client_of).collect()
    }

    async fn set_client_secret(
        &mut self,
        id: &ClientId,
        hash: &PasswordHashString,
    ) -> Result<bool, StoreError> {
        let done =
            sqlx::query("UPDATE api_clients SET secret_hash = $1, revoked_at = NULL WHERE id = $2")
                .bind(&hash.0)
                .bind(id.as_str())
                .execute(self.conn())
                .await
                .map_err(|e| self.fail(e))?;
        Ok(done.rows_affected() > 0)
    }

    async fn revoke_client(&mut self, id: &ClientId, now: Timestamp) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE api_clients SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
        )
        .bind(now.millis())
        .bind(id.as_str())
        .execute(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        Ok(done.rows_affected() > 0)
    }
}
