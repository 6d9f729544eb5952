//! Sites on PostgreSQL.

use async_trait::async_trait;
use sqlx::Row;
use sqlx::postgres::PgRow;
use tnhub_core::Timestamp;
use tnhub_core::ids::{AccountId, SiteId};
use tnhub_core::site::{Site, SiteFields};
use tnhub_core::store::{SiteRepo, StoreError};

use crate::{PgRepo, from_json, to_json};

const COLUMNS: &str = "id, account_id, name, description, customer_name, customer_provided_id, address, created_at, updated_at";

fn site(row: &PgRow) -> Result<Site, StoreError> {
    Ok(Site {
        id: SiteId::new(row.get("id")),
        account_id: AccountId::parse(row.get("account_id"))
            .map_err(|e| StoreError::Other(e.to_string()))?,
        fields: SiteFields {
            name: row.get("name"),
            description: row.get("description"),
            customer_name: row.get("customer_name"),
            customer_provided_id: row.get("customer_provided_id"),
            address: from_json(row.get("address"))?,
        },
        created_at: Timestamp::from_millis(row.get("created_at")),
        updated_at: Timestamp::from_millis(row.get("updated_at")),
    })
}

#[async_trait]
impl SiteRepo for PgRepo {
    async fn insert_site(
        &mut self,
        account: &AccountId,
        f: &SiteFields,
        now: Timestamp,
    ) -> Result<SiteId, StoreError> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO sites (account_id, name, description, customer_name, customer_provided_id, address, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(account.as_str())
        .bind(&f.name)
        .bind(&f.description)
        .bind(&f.customer_name)
        .bind(&f.customer_provided_id)
        .bind(to_json(&f.address)?)
        .bind(now.millis())
        .bind(now.millis())
        .fetch_one(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        Ok(SiteId::new(id))
    }

    async fn site(&mut self, account: &AccountId, id: SiteId) -> Result<Option<Site>, StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM sites WHERE account_id = $1 AND id = $2"
        )))
        .bind(account.as_str())
        .bind(id.get())
        .fetch_optional(self.conn())
        .await
        .map_err(|e| self.fail(e))?
        .as_ref()
        .map(site)
        .transpose()
    }

    async fn sites(&mut self, account: &AccountId) -> Result<Vec<Site>, StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM sites WHERE account_id = $1 ORDER BY id"
        )))
        .bind(account.as_str())
        .fetch_all(self.conn())
        .await
        .map_err(|e| self.fail(e))?
        .iter()
        .map(site)
        .collect()
    }

    async fn update_site(
        &mut self,
        account: &AccountId,
        id: SiteId,
        f: &SiteFields,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE sites SET name = $1, description = $2, customer_name = $3, customer_provided_id = $4, address = $5, \
             updated_at = $6 WHERE account_id = $7 AND id = $8",
        )
        .bind(&f.name)
        .bind(&f.description)
        .bind(&f.customer_name)
        .bind(&f.customer_provided_id)
        .bind(to_json(&f.address)?)
        .bind(now.millis())
        .bind(account.as_str())
        .bind(id.get())
        .execute(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        Ok(())
    }

    async fn delete_site(&mut self, account: &AccountId, id: SiteId) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM sites WHERE account_id = $1 AND id = $2")
            .bind(account.as_str())
            .bind(id.get())
            .execute(self.conn())
            .await
            .map_err(|e| self.fail(e))?;
        Ok(done.rows_affected() > 0)
    }

    async fn count_site_numbers(&mut self, id: SiteId) -> Result<u64, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM numbers WHERE site_id = $1")
            .bind(id.get())
            .fetch_one(self.conn())
            .await
            .map_err(|e| self.fail(e))?;
        Ok(n.max(0) as u64)
    }
}
