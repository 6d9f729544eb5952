//! Accounts on SQLite.

use async_trait::async_trait;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;
use tnhub_core::Timestamp;
use tnhub_core::account::Account;
use tnhub_core::ids::AccountId;
use tnhub_core::store::{AccountRepo, StoreError};

use crate::{SqliteRepo, map_err};

fn account(row: &SqliteRow) -> Result<Account, StoreError> {
    Ok(Account {
        id: AccountId::parse(row.get("id")).map_err(|e| StoreError::Other(e.to_string()))?,
        company_name: row.get("company_name"),
        created_at: Timestamp::from_millis(row.get("created_at")),
    })
}

#[async_trait]
impl AccountRepo for SqliteRepo {
    async fn insert_account(&mut self, a: &Account) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO accounts (id, company_name, created_at) VALUES (?, ?, ?)")
            .bind(a.id.as_str())
            .bind(&a.company_name)
            .bind(a.created_at.millis())
            .execute(self.conn())
            .await
            .map_err(map_err)?;
        Ok(())
    }

    async fn account(&mut self, id: &AccountId) -> Result<Option<Account>, StoreError> {
        sqlx::query("SELECT id, company_name, created_at FROM accounts WHERE id = ?")
            .bind(id.as_str())
            .fetch_optional(self.conn())
            .await
            .map_err(map_err)?
            .as_ref()
            .map(account)
            .transpose()
    }

    async fn accounts(&mut self) -> Result<Vec<Account>, StoreError> {
        sqlx::query("SELECT id, company_name, created_at FROM accounts ORDER BY id")
            .fetch_all(self.conn())
            .await
            .map_err(map_err)?
            .iter()
            .map(account)
            .collect()
    }
}
