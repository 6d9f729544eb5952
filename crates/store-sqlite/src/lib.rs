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
use tnhub_core::store::{Repo, Store, StoreError, WriteHealth};

use group_commit::GroupCommit;

mod accounts;
mod applications;
mod clients;
mod group_commit;
mod idempotency;
mod inventory;
mod jobs;
mod numbers;
mod order_counts;
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
    health: Arc<WriteHealth>,
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
            // A statement on `numbers` runs migration 0017's count triggers,
            // so inside a transaction SQLite opens a statement journal for
            // it: in memory, not a temporary file per statement (which made
            // inserts three times slower).
            .pragma("temp_store", "memory")
            .busy_timeout(Duration::from_secs(10));
        // A connection to a local file does not go stale: no liveness
        // round trip before each use.
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .test_before_acquire(false)
            .after_release(|conn, _| Box::pin(async move { settled(conn).await }))
            .acquire_timeout(Duration::from_secs(60))
            .connect_with(base.clone().create_if_missing(true))
            .await
            .map_err(|e| {
                StoreError::Unavailable(format!("cannot open SQLite database '{path}': {e}"))
            })?;
        {
            // Servers and CLI commands opening one new file at once: one
            // migrates while the others wait, then find nothing to do.
            let _lock = MigrationLock::take(path).await?;
            migrate(&writer, progress).await?;
        }
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
        let health = Arc::new(WriteHealth::default());
        let group = Arc::new(GroupCommit::new(path, health.clone()));
        Ok(SqliteStore {
            writer,
            reader,
            group,
            health,
        })
    }

    /// Closes both pools, waiting for connections in use to come back.
    pub async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }
}

/// Whether the writer connection, just given back, may be used again: only
/// if no transaction is left open on it. A transaction that was dropped
/// queues its `ROLLBACK`; a ping waits for that to run. When SQLite has
/// already rolled a transaction back by itself (it may, on `SQLITE_FULL`
/// or an I/O error), sqlx's `ROLLBACK` fails and sqlx still counts the
/// transaction as open, so every later `BEGIN` on that connection would
/// fail ("attempted to call begin_with at non-zero transaction depth")
/// until a restart. Such a connection is closed instead, and the pool opens
/// a fresh one for the next write.
async fn settled(conn: &mut SqliteConnection) -> Result<bool, sqlx::Error> {
    use sqlx::Connection;
    if conn.is_in_transaction() {
        conn.ping().await?;
    }
    let settled = !conn.is_in_transaction();
    if !settled {
        tracing::warn!(
            "discarding the SQLite writer connection: a transaction was left in an unknown state"
        );
    }
    Ok(settled)
}

/// An exclusive lock on `<database>-migrate.lock` (a file next to the
/// database, created if needed and left there), held while migrating.
///
/// sqlx's SQLite migrator takes no lock (its `lock` is a no-op), so two
/// processes migrating a new file together both see migration 1 pending
/// and the second fails on tables the first just created. A lock file
/// rather than a lock on the database file itself: closing any descriptor
/// of the database would drop the POSIX locks SQLite holds on it in this
/// process. The lock is released when the file is closed (on drop), also
/// when the process dies.
struct MigrationLock {
    _file: std::fs::File,
}

impl MigrationLock {
    async fn take(db: &str) -> Result<Self, StoreError> {
        let path = format!("{db}-migrate.lock");
        let locked = tokio::task::spawn_blocking(move || {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .map_err(|e| format!("cannot open the migration lock {path}: {e}"))?;
            file.lock()
                .map_err(|e| format!("cannot lock {path}: {e}"))?;
            Ok::<_, String>(file)
        })
        .await
        .map_err(|e| StoreError::Other(format!("the migration lock task failed: {e}")))?
        .map_err(StoreError::Unavailable)?;
        Ok(MigrationLock { _file: locked })
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
        sqlx::Error::Database(db) if unavailable(db.code().as_deref()) => {
            StoreError::Unavailable(db.message().to_string())
        }
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
            StoreError::Unavailable(e.to_string())
        }
        _ => StoreError::Other(e.to_string()),
    }
}

/// Whether a SQLite result code (extended codes carry the primary one in
/// their low byte) means the database cannot take the request now rather
/// than that the request is wrong: busy or locked (another writer), an I/O
/// error, a full disk, a file that cannot be opened, a read-only file.
fn unavailable(code: Option<&str>) -> bool {
    const BUSY: i64 = 5;
    const LOCKED: i64 = 6;
    const READONLY: i64 = 8;
    const IOERR: i64 = 10;
    const FULL: i64 = 13;
    const CANTOPEN: i64 = 14;
    code.and_then(|c| c.parse::<i64>().ok())
        .is_some_and(|c| matches!(c & 0xff, BUSY | LOCKED | READONLY | IOERR | FULL | CANTOPEN))
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
    /// Set on write transactions: what makes their commit durable, and
    /// where its outcome is reported.
    group: Option<(Arc<GroupCommit>, Arc<WriteHealth>)>,
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
            .map_err(map_err);
        if let Err(e) = &tx {
            self.health.record::<()>(&Err(e.clone()));
        }
        Ok(Box::new(SqliteRepo {
            conn: Conn::Tx(tx?),
            group: Some((self.group.clone(), self.health.clone())),
        }))
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(&self.reader)
            .await
            .map_err(map_err)?;
        Ok(())
    }

    fn write_health(&self) -> &WriteHealth {
        &self.health
    }
}

#[async_trait]
impl Repo for SqliteRepo {
    async fn commit(self: Box<Self>) -> Result<(), StoreError> {
        match self.conn {
            Conn::Plain(_) => Ok(()),
            Conn::Tx(tx) => {
                let committed = tx.commit().await.map_err(map_err);
                let Some((group, health)) = self.group else {
                    return committed;
                };
                health.record(&committed);
                committed?;
                // The write lock is free again; now wait for the sync.
                group.durable().await;
                Ok(())
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
