//! Accounts on PostgreSQL.

use async_trait::async_trait;
use sqlx::Row;
use sqlx::postgres::PgRow;
use tnhub_core::Timestamp;
use tnhub_core::account::Account;
use tnhub_core::ids::AccountId;
use tnhub_core::store::{AccountRepo, StoreError};

use crate::PgRepo;

fn account(row: &PgRow) -> Result<Account, StoreError> {
    Ok(Account {
        id: AccountId::parse(row.get("id")).map_err(|e| StoreError::Other(e.to_string()))?,
        company_name: row.get("company_name"),
        created_at: Timestamp::from_millis(row.get("created_at")),
    })
}

#[async_trait]
impl AccountRepo for PgRepo {
    async fn insert_account(&mut self, a: &Account) -> Result<(), StoreError> {
        // ON CONFLICT rather than a unique violation: an error would abort
        // the whole transaction, and a duplicate must leave it usable.
        let done = sqlx::query(
            "INSERT INTO accounts (id, company_name, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(a.id.as_str())
        .bind(&a.company_name)
        .bind(a.created_at.millis())
        .execute(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Duplicate("accounts_pkey".into()));
        }
        Ok(())
    }

    async fn account(&mut self, id: &AccountId) -> Result<Option<Account>, StoreError> {
        sqlx::query("SELECT id, company_name, created_at FROM accounts WHERE id = $1")
            .bind(id.as_str())
            .fetch_optional(self.conn())
            .await
            .map_err(|e| self.fail(e))?
            .as_ref()
            .map(account)
            .transpose()
    }

    async fn accounts(&mut self) -> Result<Vec<Account>, StoreError> {
        sqlx::query("SELECT id, company_name, created_at FROM accounts ORDER BY id")
            .fetch_all(self.conn())
            .await
            .map_err(|e| self.fail(e))?
            .iter()
            .map(account)
            .collect()
    }
}
