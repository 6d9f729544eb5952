//! Snapshots and the reset on SQLite (the format is described in
//! `tnhub_core::store::Snapshots`' module).
//!
//! Saving reads every table inside one `BEGIN IMMEDIATE` transaction (so no
//! write lands half-way) with `json_group_array(json_object(…))`; BLOB
//! columns are written as `\x` and lower-case hex, as PostgreSQL writes
//! `bytea`. Restoring deletes and re-inserts every table in one transaction
//! from `json_each` over the saved array, with foreign keys checked at
//! commit (`defer_foreign_keys`), so the tables' order does not matter.

use std::collections::BTreeMap;

use async_trait::async_trait;
use sqlx::{Row, SqliteConnection};
use tnhub_core::Timestamp;
use tnhub_core::store::{ResetKeep, SNAPSHOT_FORMAT, SnapshotInfo, Snapshots, StoreError};

use crate::{SqliteStore, map_err};

/// Tables a snapshot never holds: the snapshots, the migrations and the
/// kept number counts (migration 0017), which restores and resets recount.
const NOT_SAVED: &str = "('_sqlx_migrations', 'snapshots', 'number_counts')";

/// A table and its columns (name, whether BLOB).
struct Table {
    name: String,
    columns: Vec<(String, bool)>,
}

async fn tables(conn: &mut SqliteConnection) -> Result<Vec<Table>, StoreError> {
    let names: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name NOT IN {NOT_SAVED} ORDER BY name"
    )))
    .fetch_all(&mut *conn)
    .await
    .map_err(map_err)?;
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let columns =
            sqlx::query("SELECT name, upper(type) AS ty FROM pragma_table_info(?) ORDER BY cid")
                .bind(&name)
                .fetch_all(&mut *conn)
                .await
                .map_err(map_err)?
                .iter()
                .map(|r| {
                    (
                        r.get::<String, _>("name"),
                        r.get::<String, _>("ty") == "BLOB",
                    )
                })
                .collect();
        out.push(Table { name, columns });
    }
    Ok(out)
}

async fn schema_version(conn: &mut SqliteConnection) -> Result<i64, StoreError> {
    sqlx::query_scalar("SELECT coalesce(max(version), 0) FROM _sqlx_migrations WHERE success")
        .fetch_one(conn)
        .await
        .map_err(map_err)
}

/// The table's rows as a JSON array.
async fn table_json(conn: &mut SqliteConnection, t: &Table) -> Result<String, StoreError> {
    let fields: Vec<String> = t
        .columns
        .iter()
        .map(|(c, blob)| {
            if *blob {
                format!("'{c}', CASE WHEN \"{c}\" IS NULL THEN NULL ELSE '\\x' || lower(hex(\"{c}\")) END")
            } else {
                format!("'{c}', \"{c}\"")
            }
        })
        .collect();
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT coalesce(json_group_array(json_object({})), '[]') FROM \"{}\"",
        fields.join(", "),
        t.name
    )))
    .fetch_one(conn)
    .await
    .map_err(map_err)
}

/// Inserts a saved JSON array of rows into the table.
async fn insert_json(conn: &mut SqliteConnection, t: &Table, rows: &str) -> Result<(), StoreError> {
    let names: Vec<String> = t.columns.iter().map(|(c, _)| format!("\"{c}\"")).collect();
    let values: Vec<String> = t
        .columns
        .iter()
        .map(|(c, blob)| {
            let v = format!("json_extract(value, '$.\"{c}\"')");
            if *blob {
                format!("unhex(substr({v}, 3))")
            } else {
                v
            }
        })
        .collect();
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO \"{}\" ({}) SELECT {} FROM json_each(?)",
        t.name,
        names.join(", "),
        values.join(", ")
    )))
    .bind(rows)
    .execute(conn)
    .await
    .map_err(map_err)?;
    Ok(())
}

/// The inventory generation, moved past `seen` (restores and resets must
/// make every server rebuild its index, whatever generation it holds).
async fn bump_generation(conn: &mut SqliteConnection, seen: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE inventory_meta SET generation = max(generation, ?) + 1")
        .bind(seen)
        .execute(conn)
        .await
        .map_err(map_err)?;
    Ok(())
}

/// Recounts `number_counts` from `numbers`. The triggers kept it right
/// through the deletes and inserts of a restore or reset; recounting makes
/// that independent of the order tables are emptied and filled in.
async fn recount_numbers(conn: &mut SqliteConnection) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM number_counts")
        .execute(&mut *conn)
        .await
        .map_err(map_err)?;
    sqlx::query(
        "INSERT INTO number_counts (account_id, status, n) SELECT account_id, status, COUNT(*) \
         FROM numbers WHERE account_id IS NOT NULL GROUP BY account_id, status",
    )
    .execute(conn)
    .await
    .map_err(map_err)?;
    Ok(())
}

async fn generation(conn: &mut SqliteConnection) -> Result<i64, StoreError> {
    sqlx::query_scalar("SELECT coalesce(max(generation), 0) FROM inventory_meta")
        .fetch_one(conn)
        .await
        .map_err(map_err)
}

/// The saved document, parsed just enough to reach each table's array.
#[derive(serde::Deserialize)]
struct Document {
    format: u32,
    schema: i64,
    tables: BTreeMap<String, serde_json::Value>,
}

#[async_trait]
impl Snapshots for SqliteStore {
    async fn save_snapshot(&self, name: &str, now: Timestamp) -> Result<SnapshotInfo, StoreError> {
        let mut tx = self
            .writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(map_err)?;
        let schema = schema_version(&mut tx).await?;
        let mut doc = format!("{{\"format\":{SNAPSHOT_FORMAT},\"schema\":{schema},\"tables\":{{");
        for (i, t) in tables(&mut tx).await?.iter().enumerate() {
            if i > 0 {
                doc.push(',');
            }
            doc.push_str(&format!("\"{}\":", t.name));
            doc.push_str(&table_json(&mut tx, t).await?);
        }
        doc.push_str("}}");
        sqlx::query(
            "INSERT INTO snapshots (name, created_at, size, data) VALUES (?, ?, ?, ?) \
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
        let mut tx = self
            .writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(map_err)?;
        let data: Option<String> = sqlx::query_scalar("SELECT data FROM snapshots WHERE name = ?")
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
        sqlx::query("PRAGMA defer_foreign_keys = ON")
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        let state = crate::to_json(&state_settings)?;
        let kept: String = sqlx::query_scalar(
            "SELECT coalesce(json_group_array(json_object('name', name, 'value', value)), '[]') \
             FROM settings WHERE name NOT IN (SELECT value FROM json_each(?))",
        )
        .bind(&state)
        .fetch_one(&mut *tx)
        .await
        .map_err(map_err)?;
        // Every table is emptied before any is filled: a delete cascading
        // to a table already filled would empty it again.
        let tables = tables(&mut tx).await?;
        for t in &tables {
            sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM \"{}\"", t.name)))
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
        }
        for t in &tables {
            if let Some(rows) = doc.tables.get(&t.name) {
                insert_json(&mut tx, t, &rows.to_string()).await?;
            }
        }
        sqlx::query(
            "INSERT OR IGNORE INTO settings (name, value) \
             SELECT json_extract(value, '$.name'), json_extract(value, '$.value') FROM json_each(?)",
        )
        .bind(&kept)
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
        recount_numbers(&mut tx).await?;
        bump_generation(&mut tx, seen).await?;
        tx.commit().await.map_err(map_err)?;
        Ok(true)
    }

    async fn snapshots(&self) -> Result<Vec<SnapshotInfo>, StoreError> {
        let rows = sqlx::query("SELECT name, created_at, size FROM snapshots ORDER BY name")
            .fetch_all(&self.reader)
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
        let done = sqlx::query("DELETE FROM snapshots WHERE name = ?")
            .bind(name)
            .execute(&self.writer)
            .await
            .map_err(map_err)?;
        Ok(done.rows_affected() > 0)
    }

    async fn reset(&self, keep: &ResetKeep) -> Result<(), StoreError> {
        let accounts = crate::to_json(&keep.accounts)?;
        let users = crate::to_json(&keep.users)?;
        let state = crate::to_json(&keep.state_settings)?;
        let mut tx = self
            .writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(map_err)?;
        let seen = generation(&mut tx).await?;
        sqlx::query("PRAGMA defer_foreign_keys = ON")
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        for t in tables(&mut tx).await? {
            let q = match t.name.as_str() {
                "inventory_blocks" | "inventory_meta" if keep.inventory => continue,
                "inventory_meta" => sqlx::query("UPDATE inventory_meta SET default_inventory = 1"),
                "accounts" => sqlx::query(
                    "DELETE FROM accounts WHERE id NOT IN (SELECT value FROM json_each(?))",
                )
                .bind(&accounts),
                "users" => {
                    sqlx::query("DELETE FROM users WHERE name NOT IN (SELECT value FROM json_each(?))")
                        .bind(&users)
                }
                "user_accounts" => sqlx::query(
                    "DELETE FROM user_accounts WHERE account_id NOT IN (SELECT value FROM json_each(?1)) \
                     OR user_name NOT IN (SELECT value FROM json_each(?2))",
                )
                .bind(&accounts)
                .bind(&users),
                "api_clients" => sqlx::query(
                    "DELETE FROM api_clients WHERE user_name NOT IN (SELECT value FROM json_each(?))",
                )
                .bind(&users),
                "settings" => sqlx::query(
                    "DELETE FROM settings WHERE name IN (SELECT value FROM json_each(?))",
                )
                .bind(&state),
                other => sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM \"{other}\""))),
            };
            q.execute(&mut *tx).await.map_err(map_err)?;
        }
        recount_numbers(&mut tx).await?;
        bump_generation(&mut tx, seen).await?;
        tx.commit().await.map_err(map_err)?;
        Ok(())
    }
}
