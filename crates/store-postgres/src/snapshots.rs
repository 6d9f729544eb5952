//! Snapshots and the reset on PostgreSQL (the format is described in
//! `tnhub_core::store::Snapshots`' module).
//!
//! Saving reads every table with `json_agg` inside one `REPEATABLE READ`
//! transaction (one consistent view of the database while servers keep
//! writing). Restoring empties every table with one `TRUNCATE` and
//! re-inserts each, referenced tables first, with
//! `json_populate_recordset`, which converts each value to its column's
//! type; identity columns then continue after the highest id restored.
//! All in one transaction: other servers see the old state or the new.

use std::collections::{BTreeMap, BTreeSet};

use async_trait::async_trait;
use sqlx::{PgConnection, Row};
use tnhub_core::Timestamp;
use tnhub_core::store::{ResetKeep, SNAPSHOT_FORMAT, SnapshotInfo, Snapshots, StoreError};

use crate::{PgStore, map_err};

/// The tables of the current schema a snapshot holds (all but the
/// snapshots, the migrations and the kept number counts, which a restore
/// recounts from the numbers), each after the tables it refers to.
async fn tables_in_order(conn: &mut PgConnection) -> Result<Vec<String>, StoreError> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() \
         AND tablename NOT IN ('_sqlx_migrations', 'snapshots', 'number_count_deltas') ORDER BY 1",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(map_err)?;
    let edges = sqlx::query(
        "SELECT cl.relname::text AS child, rf.relname::text AS parent FROM pg_constraint c \
         JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_class rf ON rf.oid = c.confrelid \
         WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(map_err)?;
    let mut parents: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for e in &edges {
        let (child, parent): (String, String) = (e.get("child"), e.get("parent"));
        if child != parent {
            parents.entry(child).or_default().insert(parent);
        }
    }
    let all: BTreeSet<String> = names.iter().cloned().collect();
    let mut ordered: Vec<String> = Vec::with_capacity(names.len());
    let mut left: Vec<String> = names;
    while !left.is_empty() {
        let before = left.len();
        left.retain(|t| {
            let ready = parents
                .get(t)
                .is_none_or(|ps| ps.iter().all(|p| ordered.contains(p) || !all.contains(p)));
            if ready {
                ordered.push(t.clone());
            }
            !ready
        });
        if left.len() == before {
            return Err(StoreError::Other(format!(
                "the tables {left:?} refer to each other in a cycle"
            )));
        }
    }
    Ok(ordered)
}

async fn schema_version(conn: &mut PgConnection) -> Result<i64, StoreError> {
    sqlx::query_scalar("SELECT coalesce(max(version), 0) FROM _sqlx_migrations WHERE success")
        .fetch_one(conn)
        .await
        .map_err(map_err)
}

async fn generation(conn: &mut PgConnection) -> Result<i64, StoreError> {
    sqlx::query_scalar("SELECT coalesce(max(generation), 0)::bigint FROM inventory_meta")
        .fetch_one(conn)
        .await
        .map_err(map_err)
}

/// Moves the inventory generation past `seen` (see the SQLite twin).
async fn bump_generation(conn: &mut PgConnection, seen: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE inventory_meta SET generation = greatest(generation, $1) + 1")
        .bind(seen)
        .execute(conn)
        .await
        .map_err(map_err)?;
    Ok(())
}

/// Makes every identity column continue after its table's highest value.
async fn continue_identities(conn: &mut PgConnection) -> Result<(), StoreError> {
    let identities = sqlx::query(
        "SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns \
         WHERE table_schema = current_schema() AND is_identity = 'YES'",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(map_err)?;
    for row in identities {
        let (t, c): (String, String) = (row.get("t"), row.get("c"));
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT setval(pg_get_serial_sequence('\"{t}\"', '{c}'), coalesce(max(\"{c}\"), 0) + 1, false) FROM \"{t}\""
        )))
        .execute(&mut *conn)
        .await
        .map_err(map_err)?;
    }
    Ok(())
}

/// The saved document, parsed just enough to reach each table's array.
#[derive(serde::Deserialize)]
struct Document {
    format: u32,
    schema: i64,
    tables: BTreeMap<String, serde_json::Value>,
}

#[async_trait]
impl Snapshots for PgStore {
    async fn save_snapshot(&self, name: &str, now: Timestamp) -> Result<SnapshotInfo, StoreError> {
        let mut tx = self
            .pool
            .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ")
            .await
            .map_err(map_err)?;
        let schema = schema_version(&mut tx).await?;
        let mut doc = format!("{{\"format\":{SNAPSHOT_FORMAT},\"schema\":{schema},\"tables\":{{");
        for (i, t) in tables_in_order(&mut tx).await?.iter().enumerate() {
            let rows: String = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT coalesce(json_agg(t), '[]'::json)::text FROM \"{t}\" t"
            )))
            .fetch_one(&mut *tx)
            .await
            .map_err(map_err)?;
            if i > 0 {
                doc.push(',');
            }
            doc.push_str(&format!("\"{t}\":{rows}"));
        }
        doc.push_str("}}");
        sqlx::query(
            "INSERT INTO snapshots (name, created_at, size, data) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (name) DO UPDATE SET created_at = excluded.created_at, \
             size = excluded.size, data = excluded.data",
        )
        .bind(name)
        .bind(now.millis())
        .bind(doc.len() as i64)
        .bind(&doc)
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
        tx.commit().await.map_err(map_err)?;
        Ok(SnapshotInfo {
            name: name.to_string(),
            created_at: now,
            bytes: doc.len() as u64,
        })
    }

    async fn restore_snapshot(
        &self,
        name: &str,
        state_settings: &[String],
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let data: Option<String> = sqlx::query_scalar("SELECT data FROM snapshots WHERE name = $1")
            .bind(name)
            .fetch_optional(&mut *tx)
            .await
            .map_err(map_err)?;
        let Some(data) = data else {
            return Ok(false);
        };
        let doc: Document = serde_json::from_str(&data)
            .map_err(|e| StoreError::Other(format!("snapshot '{name}' is not readable: {e}")))?;
        let schema = schema_version(&mut tx).await?;
        if doc.format != SNAPSHOT_FORMAT || doc.schema != schema {
            return Err(StoreError::Other(format!(
                "snapshot '{name}' was saved from schema version {} and cannot be restored into version {schema}",
                doc.schema
            )));
        }
        let seen = generation(&mut tx).await?;
        let state =
            serde_json::to_string(state_settings).map_err(|e| StoreError::Other(e.to_string()))?;
        let kept: String = sqlx::query_scalar(
            "SELECT coalesce(json_agg(s), '[]'::json)::text FROM settings s \
             WHERE name NOT IN (SELECT json_array_elements_text($1::json))",
        )
        .bind(&state)
        .fetch_one(&mut *tx)
        .await
        .map_err(map_err)?;
        let tables = tables_in_order(&mut tx).await?;
        let quoted: Vec<String> = tables.iter().map(|t| format!("\"{t}\"")).collect();
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "TRUNCATE {}",
            quoted.join(", ")
        )))
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
        for t in &tables {
            if let Some(rows) = doc.tables.get(t) {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "INSERT INTO \"{t}\" SELECT * FROM json_populate_recordset(NULL::\"{t}\", $1::json)"
                )))
                .bind(rows.to_string())
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
            }
        }
        sqlx::query(
            "INSERT INTO settings SELECT * FROM json_populate_recordset(NULL::settings, $1::json) \
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(&kept)
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
        crate::number_counts::recount(&mut tx).await?;
        continue_identities(&mut tx).await?;
        bump_generation(&mut tx, seen).await?;
        tx.commit().await.map_err(map_err)?;
        Ok(true)
    }

    async fn snapshots(&self) -> Result<Vec<SnapshotInfo>, StoreError> {
        let rows = sqlx::query("SELECT name, created_at, size FROM snapshots ORDER BY name")
            .fetch_all(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(rows
            .iter()
            .map(|r| SnapshotInfo {
                name: r.get("name"),
                created_at: Timestamp::from_millis(r.get("created_at")),
                bytes: r.get::<i64, _>("size") as u64,
            })
            .collect())
    }

    async fn delete_snapshot(&self, name: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM snapshots WHERE name = $1")
            .bind(name)
            .execute(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(done.rows_affected() > 0)
    }

    async fn reset(&self, keep: &ResetKeep) -> Result<(), StoreError> {
        let accounts =
            serde_json::to_string(&keep.accounts).map_err(|e| StoreError::Other(e.to_string()))?;
        let users =
            serde_json::to_string(&keep.users).map_err(|e| StoreError::Other(e.to_string()))?;
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let seen = generation(&mut tx).await?;
        let state = serde_json::to_string(&keep.state_settings)
            .map_err(|e| StoreError::Other(e.to_string()))?;
        let filtered = [
            "accounts",
            "users",
            "user_accounts",
            "api_clients",
            "settings",
        ];
        let inventory = ["inventory_blocks", "inventory_meta"];
        let emptied: Vec<String> = tables_in_order(&mut tx)
            .await?
            .into_iter()
            .filter(|t| !filtered.contains(&t.as_str()) && !inventory.contains(&t.as_str()))
            .map(|t| format!("\"{t}\""))
            .collect();
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "TRUNCATE {}",
            emptied.join(", ")
        )))
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
        if !keep.inventory {
            sqlx::query("TRUNCATE inventory_blocks")
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
            sqlx::query("UPDATE inventory_meta SET default_inventory = true")
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
        }
        sqlx::query(
            "DELETE FROM settings WHERE name IN (SELECT json_array_elements_text($1::json))",
        )
        .bind(&state)
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
        sqlx::query(
            "DELETE FROM api_clients WHERE user_name NOT IN (SELECT json_array_elements_text($1::json))",
        )
        .bind(&users)
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
        sqlx::query(
            "DELETE FROM user_accounts WHERE account_id NOT IN (SELECT json_array_elements_text($1::json)) \
             OR user_name NOT IN (SELECT json_array_elements_text($2::json))",
        )
        .bind(&accounts)
        .bind(&users)
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
        sqlx::query(
            "DELETE FROM users WHERE name NOT IN (SELECT json_array_elements_text($1::json))",
        )
        .bind(&users)
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
        sqlx::query(
            "DELETE FROM accounts WHERE id NOT IN (SELECT json_array_elements_text($1::json))",
        )
        .bind(&accounts)
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
        crate::number_counts::recount(&mut tx).await?;
        continue_identities(&mut tx).await?;
        bump_generation(&mut tx, seen).await?;
        tx.commit().await.map_err(map_err)?;
        Ok(())
    }
}
