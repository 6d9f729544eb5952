//! SIP peers on SQLite.

use async_trait::async_trait;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;
use tnhub_core::Timestamp;
use tnhub_core::ids::{AccountId, PeerId, SiteId};
use tnhub_core::sippeer::{PeerFields, SipPeer};
use tnhub_core::store::{SipPeerRepo, StoreError};

use crate::{SqliteRepo, from_json, map_err, to_json};

const COLUMNS: &str =
    "id, account_id, site_id, name, description, is_default, settings, created_at, updated_at";

fn peer(row: &SqliteRow) -> Result<SipPeer, StoreError> {
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
        is_default: row.get::<i64, _>("is_default") != 0,
        created_at: Timestamp::from_millis(row.get("created_at")),
        updated_at: Timestamp::from_millis(row.get("updated_at")),
    })
}

#[async_trait]
impl SipPeerRepo for SqliteRepo {
    async fn insert_peer(
        &mut self,
        account: &AccountId,
        site: SiteId,
        f: &PeerFields,
        is_default: bool,
        now: Timestamp,
    ) -> Result<PeerId, StoreError> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO sip_peers (account_id, site_id, name, description, is_default, settings, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(account.as_str())
        .bind(site.get())
        .bind(&f.name)
        .bind(&f.description)
        .bind(i64::from(is_default))
        .bind(to_json(&f.settings)?)
        .bind(now.millis())
        .bind(now.millis())
        .fetch_one(self.conn())
        .await
        .map_err(map_err)?;
        Ok(PeerId::new(id))
    }

    async fn peer(&mut self, site: SiteId, id: PeerId) -> Result<Option<SipPeer>, StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM sip_peers WHERE site_id = ? AND id = ?"
        )))
        .bind(site.get())
        .bind(id.get())
        .fetch_optional(self.conn())
        .await
        .map_err(map_err)?
        .as_ref()
        .map(peer)
        .transpose()
    }

    async fn peers(&mut self, site: SiteId) -> Result<Vec<SipPeer>, StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM sip_peers WHERE site_id = ? ORDER BY id"
        )))
        .bind(site.get())
        .fetch_all(self.conn())
        .await
        .map_err(map_err)?
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
        sqlx::query("UPDATE sip_peers SET name = ?, description = ?, settings = ?, updated_at = ? WHERE site_id = ? AND id = ?")
            .bind(&f.name)
            .bind(&f.description)
            .bind(to_json(&f.settings)?)
            .bind(now.millis())
            .bind(site.get())
            .bind(id.get())
            .execute(self.conn())
            .await
            .map_err(map_err)?;
        Ok(())
    }

    async fn set_default_peer(
        &mut self,
        site: SiteId,
        id: PeerId,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        // Two statements: the unique index on the default is checked row by
        // row, so the old default must be cleared before the new one is set.
        sqlx::query("UPDATE sip_peers SET is_default = 0, updated_at = ? WHERE site_id = ? AND is_default = 1 AND id <> ?")
            .bind(now.millis())
            .bind(site.get())
            .bind(id.get())
            .execute(self.conn())
            .await
            .map_err(map_err)?;
        sqlx::query(
            "UPDATE sip_peers SET is_default = 1, updated_at = ? WHERE site_id = ? AND id = ?",
        )
        .bind(now.millis())
        .bind(site.get())
        .bind(id.get())
        .execute(self.conn())
        .await
        .map_err(map_err)?;
        Ok(())
    }

    async fn delete_peer(&mut self, site: SiteId, id: PeerId) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM sip_peers WHERE site_id = ? AND id = ?")
            .bind(site.get())
            .bind(id.get())
            .execute(self.conn())
            .await
            .map_err(map_err)?;
        Ok(done.rows_affected() > 0)
    }

    async fn count_peer_numbers(&mut self, id: PeerId) -> Result<u64, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM numbers WHERE peer_id = ?")
            .bind(id.get())
            .fetch_one(self.conn())
            .await
            .map_err(map_err)?;
        Ok(n.max(0) as u64)
    }
}
