//! # tnhub-store-sqlite — tnhub's state in one SQLite file
//!
//! The embedded default: a single file in WAL mode, created and migrated on
//! first start, durable across crashes and power cuts: a commit returns only
//! once its write-ahead log frames are synced, with concurrent commits
//! sharing one sync ([`group_commit`]).
//!
//! SQLite allows one writer at a time. Rather than let concurrent write
//! transactions collide and retry on `SQLITE_BUSY`, all writes go through a
//! pool of exactly one connection and start with `BEGIN IMMEDIATE`, while
//! reads use a separate pool of read-only connections that WAL lets run
//! alongside the writer. Another process (the CLI) writing at the same time
//! waits on the busy timeout.
//!
//! Layout: this file opens the database and implements [`Store`]; each area
//! of [`tnhub_core::store::Repo`] is implemented in its own module against
//! one connection ([`SqliteRepo`]), which is either a plain pooled
//! connection or an open transaction.
#![forbid(unsafe_code)]

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::pool::PoolConnection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqliteConnection, SqlitePool, Transaction};
use tnhub_core::store::{Repo, Store, StoreError};

use group_commit::GroupCommit;

mod accounts;
mod clients;
mod group_commit;
mod inventory;
mod jobs;
mod numbers;
mod orders;
mod peers;
mod portins;
mod sites;
mod snapshots;
mod subscriptions;
mod users;

/// The migrations, embedded in the binary.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// A tnhub database in a SQLite file.
#[derive(Clone)]
pub struct SqliteStore {
    writer: SqlitePool,
    reader: SqlitePool,
    group: Arc<GroupCommit>,
}

/// How the store reports progress while it opens and migrates.
pub type Progress<'a> = &'a (dyn Fn(&str) + Sync);

impl SqliteStore {
    /// Opens (creating if needed) the database at `url` (`sqlite://path`,
    /// `sqlite:path` or a bare path) and applies pending migrations.
    pub async fn open(url: &str, progress: Progress<'_>) -> Result<Self, StoreError> {
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .unwrap_or(url);
        let path = path.split('?').next().unwrap_or(path);
        if path.is_empty() || path == ":memory:" {
            return Err(StoreError::Other(
                "an in-memory SQLite database would lose everything on restart; give a file path"
                    .into(),
            ));
        }
        let base = SqliteConnectOptions::from_str(&format!("sqlite://{path}"))
            .map_err(|e| StoreError::Other(format!("invalid SQLite path '{path}': {e}")))?
            .journal_mode(SqliteJournalMode::Wal)
            // Commits sync in groups after the write lock is released.
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        // A connection to a local file does not go stale: no liveness
        // round trip before each use.
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .test_before_acquire(false)
            .acquire_timeout(Duration::from_secs(60))
            .connect_with(base.clone().create_if_missing(true))
            .await
            .map_err(|e| {
                StoreError::Unavailable(format!("cannot open SQLite database '{path}': {e}"))
            })?;
        migrate(&writer, progress).await?;
        let readers = std::thread::available_parallelism()
            .map_or(4, |n| n.get() * 2)
            .clamp(2, 16) as u32;
        let reader = SqlitePoolOptions::new()
            .max_connections(readers)
            .test_before_acquire(false)
            .connect_with(base.read_only(true))
            .await
            .map_err(|e| {
                StoreError::Unavailable(format!(
                    "cannot open SQLite database '{path}' for reading: {e}"
                ))
            })?;
        let group = Arc::new(GroupCommit::new(path));
        Ok(SqliteStore {
            writer,
            reader,
            group,
        })
    }

    /// Closes both pools, waiting for connections in use to come back.
    pub async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }
}

async fn migrate(pool: &SqlitePool, progress: Progress<'_>) -> Result<(), StoreError> {
    // A new database has no migrations table yet: nothing applied.
    let applied: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
            .fetch_all(pool)
            .await
            .unwrap_or_default();
    let pending: Vec<_> = MIGRATOR
        .iter()
        .filter(|m| !m.migration_type.is_down_migration() && !applied.contains(&m.version))
        .collect();
    if pending.is_empty() {
        return Ok(());
    }
    for m in &pending {
        progress(&format!(
            "applying migration {} ({})",
            m.version, m.description
        ));
    }
    MIGRATOR
        .run(pool)
        .await
        .map_err(|e| StoreError::Other(format!("migration failed: {e}")))?;
    progress(&format!(
        "database schema is up to date ({} migration(s) applied)",
        pending.len()
    ));
    Ok(())
}

/// Maps sqlx's errors onto the store's: unique violations become
/// `Duplicate`, connection trouble `Unavailable`.
pub(crate) fn map_err(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            StoreError::Duplicate(db.message().to_string())
        }
        sqlx::Error::Database(db)
            if db.code().as_deref() == Some("5") || db.code().as_deref() == Some("6") =>
        {
            StoreError::Unavailable(db.message().to_string())
        }
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
            StoreError::Unavailable(e.to_string())
        }
        _ => StoreError::Other(e.to_string()),
    }
}

/// Serialises a value stored as a JSON column.
pub(crate) fn to_json<T: serde::Serialize>(v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|e| StoreError::Other(format!("encoding a JSON column: {e}")))
}

/// Reads a JSON column back.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(s: &str) -> Result<T, StoreError> {
    serde_json::from_str(s).map_err(|e| StoreError::Other(format!("decoding a JSON column: {e}")))
}

enum Conn {
    Plain(PoolConnection<Sqlite>),
    Tx(Transaction<'static, Sqlite>),
}

/// One connection, or one open transaction, implementing every repository.
pub struct SqliteRepo {
    conn: Conn,
    /// Set on write transactions: what makes their commit durable.
    group: Option<Arc<GroupCommit>>,
}

impl SqliteRepo {
    pub(crate) fn conn(&mut self) -> &mut SqliteConnection {
        match &mut self.conn {
            Conn::Plain(c) => c,
            Conn::Tx(t) => t,
        }
    }
}

#[async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    async fn read(&self) -> Result<Box<dyn Repo>, StoreError> {
        let conn = self.reader.acquire().await.map_err(map_err)?;
        Ok(Box::new(SqliteRepo {
            conn: Conn::Plain(conn),
            group: None,
        }))
    }

    async fn write(&self) -> Result<Box<dyn Repo>, StoreError> {
        let tx = self
            .writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(map_err)?;
        Ok(Box::new(SqliteRepo {
            conn: Conn::Tx(tx),
            group: Some(self.group.clone()),
        }))
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(&self.reader)
            .await
            .map_err(map_err)?;
        Ok(())
    }
}

#[async_trait]
impl Repo for SqliteRepo {
    async fn commit(self: Box<Self>) -> Result<(), StoreError> {
        match self.conn {
            Conn::Plain(_) => Ok(()),
            Conn::Tx(tx) => {
                tx.commit().await.map_err(map_err)?;
                // The write lock is free again; now wait for the sync.
                match self.group {
                    Some(group) => group.durable().await,
                    None => Ok(()),
                }
            }
        }
    }

    async fn insert_new_orders(
        &mut self,
        orders: &[tnhub_core::store::NewOrder<'_>],
    ) -> Result<(), StoreError> {
        orders::insert_new_orders(self, orders).await
    }
}
