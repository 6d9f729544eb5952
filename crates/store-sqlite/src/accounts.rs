//! Accounts on SQLite.

use async_trait::async_trait;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;
use tnhub_core::Timestamp;
use tnhub_core::account::Account;
use tnhub_core::ids::AccountId;
use tnhub_core::store::{AccountRemoval, AccountRepo, StoreError};
use tnhub_core::user::Username;

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

    async fn delete_account(
        &mut self,
        id: &AccountId,
    ) -> Result<Option<AccountRemoval>, StoreError> {
        if self.account(id).await?.is_none() {
            return Ok(None);
        }
        let users: Vec<String> = sqlx::query_scalar(SOLE_USERS)
            .bind(id.as_str())
            .fetch_all(self.conn())
            .await
            .map_err(map_err)?;
        let mut removed = AccountRemoval {
            users: users
                .iter()
                .map(|u| Username::parse(u).map_err(|e| StoreError::Other(e.to_string())))
                .collect::<Result<_, _>>()?,
            ..AccountRemoval::default()
        };
        for (sql, count) in DELETES {
            let n = sqlx::query(*sql)
                .bind(id.as_str())
                .execute(self.conn())
                .await
                .map_err(map_err)?
                .rows_affected();
            match count {
                Counted::Numbers => removed.numbers = n,
                Counted::Orders => removed.orders = n,
                Counted::Sites => removed.sites = n,
                Counted::Peers => removed.peers = n,
                Counted::Subscriptions => removed.subscriptions = n,
                Counted::No => {}
            }
        }
        Ok(Some(removed))
    }
}

/// Users granted this account (`?`) and no other.
const SOLE_USERS: &str = "SELECT user_name FROM user_accounts ua WHERE account_id = ?1 \
     AND NOT EXISTS (SELECT 1 FROM user_accounts o WHERE o.user_name = ua.user_name AND o.account_id <> ?1) \
     ORDER BY user_name";

/// Which figure of [`AccountRemoval`] a statement's row count is.
enum Counted {
    Numbers,
    Orders,
    Sites,
    Peers,
    Subscriptions,
    No,
}

/// Deleting an account: each statement takes the account id as `?1`, in
/// an order where nothing deleted is still referred to (jobs first, so a
/// job runner never picks up an order that is going away).
const DELETES: &[(&str, Counted)] = &[
    (
        "DELETE FROM jobs WHERE subject IN (SELECT id FROM orders WHERE account_id = ?1)",
        Counted::No,
    ),
    (
        "DELETE FROM delivery_attempts WHERE delivery_id IN (SELECT id FROM deliveries WHERE account_id = ?1)",
        Counted::No,
    ),
    ("DELETE FROM deliveries WHERE account_id = ?1", Counted::No),
    (
        "DELETE FROM subscriptions WHERE account_id = ?1",
        Counted::Subscriptions,
    ),
    (
        "DELETE FROM portin_files WHERE order_id IN (SELECT id FROM orders WHERE account_id = ?1)",
        Counted::No,
    ),
    (
        "DELETE FROM order_notes WHERE order_id IN (SELECT id FROM orders WHERE account_id = ?1)",
        Counted::No,
    ),
    (
        "DELETE FROM order_history WHERE order_id IN (SELECT id FROM orders WHERE account_id = ?1)",
        Counted::No,
    ),
    ("DELETE FROM orders WHERE account_id = ?1", Counted::Orders),
    (
        "DELETE FROM number_history WHERE account_id = ?1",
        Counted::No,
    ),
    (
        "DELETE FROM numbers WHERE account_id = ?1",
        Counted::Numbers,
    ),
    (
        "DELETE FROM sip_peers WHERE account_id = ?1",
        Counted::Peers,
    ),
    (
        "DELETE FROM applications WHERE account_id = ?1",
        Counted::No,
    ),
    ("DELETE FROM sites WHERE account_id = ?1", Counted::Sites),
    (
        "DELETE FROM users WHERE name IN (SELECT user_name FROM user_accounts ua WHERE account_id = ?1 \
         AND NOT EXISTS (SELECT 1 FROM user_accounts o WHERE o.user_name = ua.user_name AND o.account_id <> ?1))",
        Counted::No,
    ),
    (
        "DELETE FROM user_accounts WHERE account_id = ?1",
        Counted::No,
    ),
    (
        "DELETE FROM idempotency_keys WHERE scope = 'account:' || ?1",
        Counted::No,
    ),
    ("DELETE FROM accounts WHERE id = ?1", Counted::No),
];
