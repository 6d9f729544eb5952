//! Users and grants on PostgreSQL.

use async_trait::async_trait;
use sqlx::Row;
use tnhub_core::Timestamp;
use tnhub_core::ids::AccountId;
use tnhub_core::store::{StoreError, UserRepo};
use tnhub_core::user::{PasswordHashString, User, Username};

use crate::PgRepo;

fn bad(e: tnhub_core::CoreError) -> StoreError {
    StoreError::Other(format!("a stored value no longer parses: {e}"))
}

impl PgRepo {
    async fn grants_of(&mut self, name: &str) -> Result<Vec<AccountId>, StoreError> {
        let rows: Vec<String> = sqlx::query_scalar(
            "SELECT account_id FROM user_accounts WHERE user_name = $1 ORDER BY account_id",
        )
        .bind(name)
        .fetch_all(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        rows.iter()
            .map(|a| AccountId::parse(a).map_err(bad))
            .collect()
    }
}

#[async_trait]
impl UserRepo for PgRepo {
    async fn insert_user(
        &mut self,
        name: &Username,
        hash: &PasswordHashString,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let done = sqlx::query(
            "INSERT INTO users (name, password_hash, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(name.as_str())
        .bind(&hash.0)
        .bind(now.millis())
        .execute(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Duplicate("users_pkey".into()));
        }
        Ok(())
    }

    async fn user(&mut self, name: &Username) -> Result<Option<User>, StoreError> {
        let Some(row) =
            sqlx::query("SELECT name, password_hash, created_at FROM users WHERE name = $1")
                .bind(name.as_str())
                .fetch_optional(self.conn())
                .await
                .map_err(|e| self.fail(e))?
        else {
            return Ok(None);
        };
        let accounts = self.grants_of(name.as_str()).await?;
        Ok(Some(User {
            name: name.clone(),
            password_hash: PasswordHashString(row.get("password_hash")),
            accounts,
            created_at: Timestamp::from_millis(row.get("created_at")),
        }))
    }

    async fn users(&mut self) -> Result<Vec<User>, StoreError> {
        let rows = sqlx::query("SELECT name, password_hash, created_at FROM users ORDER BY name")
            .fetch_all(self.conn())
            .await
            .map_err(|e| self.fail(e))?;
        let mut users = Vec::with_capacity(rows.len());
        for row in rows {
            let name: String = row.get("name");
            let accounts = self.grants_of(&name).await?;
            users.push(User {
                name: Username::parse(&name).map_err(bad)?,
                password_hash: PasswordHashString(row.get("password_hash")),
                accounts,
                created_at: Timestamp::from_millis(row.get("created_at")),
            });
        }
        Ok(users)
    }

    async fn set_password_hash(
        &mut self,
        name: &Username,
        hash: &PasswordHashString,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE users SET password_hash = $1 WHERE name = $2")
            .bind(&hash.0)
            .bind(name.as_str())
            .execute(self.conn())
            .await
            .map_err(|e| self.fail(e))?;
        Ok(done.rows_affected() > 0)
    }

    async fn grant(&mut self, name: &Username, account: &AccountId) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO user_accounts (user_name, account_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(name.as_str())
        .bind(account.as_str())
        .execute(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        Ok(())
    }
}
