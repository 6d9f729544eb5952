//! Users and grants on SQLite.

use async_trait::async_trait;
use sqlx::Row;
use tnhub_core::Timestamp;
use tnhub_core::ids::AccountId;
use tnhub_core::store::{StoreError, UserRepo};
use tnhub_core::user::{PasswordHashString, User, Username};

use crate::{SqliteRepo, map_err};

fn bad(e: tnhub_core::CoreError) -> StoreError {
    StoreError::Other(format!("a stored value no longer parses: {e}"))
}

impl SqliteRepo {
    async fn grants_of(&mut self, name: &str) -> Result<Vec<AccountId>, StoreError> {
        let rows: Vec<String> = sqlx::query_scalar(
            "SELECT account_id FROM user_accounts WHERE user_name = ? ORDER BY account_id",
        )
        .bind(name)
        .fetch_all(self.conn())
        .await
        .map_err(map_err)?;
        rows.iter()
            .map(|a| AccountId::parse(a).map_err(bad))
            .collect()
    }
}

#[async_trait]
impl UserRepo for SqliteRepo {
    async fn insert_user(
        &mut self,
        name: &Username,
        hash: &PasswordHashString,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO users (name, password_hash, created_at) VALUES (?, ?, ?)")
            .bind(name.as_str())
            .bind(&hash.0)
            .bind(now.millis())
            .execute(self.conn())
            .await
            .map_err(map_err)?;
        Ok(())
    }

    async fn user(&mut self, name: &Username) -> Result<Option<User>, StoreError> {
        let Some(row) =
            sqlx::query("SELECT name, password_hash, created_at FROM users WHERE name = ?")
                .bind(name.as_str())
                .fetch_optional(self.conn())
                .await
                .map_err(map_err)?
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
            .map_err(map_err)?;
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
        let done = sqlx::query("UPDATE users SET password_hash = ? WHERE name = ?")
            .bind(&hash.0)
            .bind(name.as_str())
            .execute(self.conn())
            .await
            .map_err(map_err)?;
        Ok(done.rows_affected() > 0)
    }

    async fn grant(&mut self, name: &Username, account: &AccountId) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO user_accounts (user_name, account_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
            .bind(name.as_str())
            .bind(account.as_str())
            .execute(self.conn())
            .await
            .map_err(map_err)?;
        Ok(())
    }
}
