//! SIP peers on PostgreSQL.
//!
//! Two unique indexes guard peers (the name within a site, and at most one
//! default per site). An insert meets them with `ON CONFLICT DO NOTHING`;
//! updates run inside a savepoint. Either way a `Duplicate` leaves the
//! transaction usable, as it does on SQLite.

use async_trait::async_trait;
use sqlx::Row;
use sqlx::postgres::PgRow;
use tnhub_core::Timestamp;
use tnhub_core::ids::{AccountId, PeerId, SiteId};
use tnhub_core::sippeer::{PeerFields, SipPeer};
use tnhub_core::store::{SipPeerRepo, StoreError};

use crate::{PgRepo, from_json, to_json};

const COLUMNS: &str =
    "id, account_id, site_id, name, description, is_default, settings, created_at, updated_at";

fn peer(row: &PgRow) -> Result<SipPeer, StoreError> {
    Ok(SipPeer {
        id: PeerId::new(row.get("id")),
        account_id: AccountId::parse(row.get("account_id"))
            .map_err(|e| StoreError::Other(e.to_string()))?,
        site_id: SiteId::new(row.get("site_id")),
        fields: PeerFields {
            name: row.get("name"),
            description: row.get("description"),
            settings: from_json(row.get("settings"))?,
        },
        is_default: row.get("is_default"),
        created_at: Timestamp::from_millis(row.get("created_at")),
        updated_at: Timestamp::from_millis(row.get("updated_at")),
    })
}

#[async_trait]
impl SipPeerRepo for PgRepo {
    async fn insert_peer(
        &mut self,
        account: &AccountId,
        site: SiteId,
        f: &PeerFields,
        is_default: bool,
        now: Timestamp,
    ) -> Result<PeerId, StoreError> {
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO sip_peers (account_id, site_id, name, description, is_default, settings, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id",
        )
        .bind(account.as_str())
        .bind(site.get())
        .bind(&f.name)
        .bind(&f.description)
        .bind(is_default)
        .bind(to_json(&f.settings)?)
        .bind(now.millis())
        .bind(now.millis())
        .fetch_optional(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        id.map(PeerId::new).ok_or_else(|| {
            StoreError::Duplicate("sip_peers_name_in_site or sip_peers_one_default".into())
        })
    }

    async fn peer(&mut self, site: SiteId, id: PeerId) -> Result<Option<SipPeer>, StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM sip_peers WHERE site_id = $1 AND id = $2"
        )))
        .bind(site.get())
        .bind(id.get())
        .fetch_optional(self.conn())
        .await
        .map_err(|e| self.fail(e))?
        .as_ref()
        .map(peer)
        .transpose()
    }

    async fn peers(&mut self, site: SiteId) -> Result<Vec<SipPeer>, StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM sip_peers WHERE site_id = $1 ORDER BY id"
        )))
        .bind(site.get())
        .fetch_all(self.conn())
        .await
        .map_err(|e| self.fail(e))?
        .iter()
        .map(peer)
        .collect()
    }

    async fn update_peer(
        &mut self,
        site: SiteId,
        id: PeerId,
        f: &PeerFields,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let settings = to_json(&f.settings)?;
        self.savepoint().await?;
        let done = sqlx::query(
            "UPDATE sip_peers SET name = $1, description = $2, settings = $3, updated_at = $4 WHERE site_id = $5 AND id = $6",
        )
        .bind(&f.name)
        .bind(&f.description)
        .bind(settings)
        .bind(now.millis())
        .bind(site.get())
        .bind(id.get())
        .execute(self.conn())
        .await;
        self.end_savepoint(done).await?;
        Ok(())
    }

    async fn set_default_peer(
        &mut self,
        site: SiteId,
        id: PeerId,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        // Two statements: a non-deferrable unique index is checked row by
        // row, so the old default is cleared before the new one is set. A
        // savepoint keeps a concurrent change of the default (which makes
        // the second statement break the index) from aborting the
        // transaction.
        self.savepoint().await?;
        let cleared = sqlx::query(
            "UPDATE sip_peers SET is_default = FALSE, updated_at = $1 WHERE site_id = $2 AND is_default AND id <> $3",
        )
        .bind(now.millis())
        .bind(site.get())
        .bind(id.get())
        .execute(self.conn())
        .await;
        let done = match cleared {
            Ok(_) => {
                sqlx::query(
                    "UPDATE sip_peers SET is_default = TRUE, updated_at = $1 WHERE site_id = $2 AND id = $3",
                )
                .bind(now.millis())
                .bind(site.get())
                .bind(id.get())
                .execute(self.conn())
                .await
            }
            Err(e) => Err(e),
        };
        self.end_savepoint(done).await?;
        Ok(())
    }

    async fn delete_peer(&mut self, site: SiteId, id: PeerId) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM sip_peers WHERE site_id = $1 AND id = $2")
            .bind(site.get())
            .bind(id.get())
            .execute(self.conn())
            .await
            .map_err(|e| self.fail(e))?;
        Ok(done.rows_affected() > 0)
    }

    async fn count_peer_numbers(&mut self, id: PeerId) -> Result<u64, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM numbers WHERE peer_id = $1")
            .bind(id.get())
            .fetch_one(self.conn())
            .await
            .map_err(|e| self.fail(e))?;
        Ok(n.max(0) as u64)
    }
}
