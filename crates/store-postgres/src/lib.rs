//! # tnhub-store-postgres — tnhub's state in PostgreSQL
//!
//! The backend for when one machine is not enough: any number of tnhub
//! servers share one PostgreSQL (15 or newer) database. It implements the
//! same [`Store`] as the SQLite backend, with the same tables and meaning,
//! in PostgreSQL's own dialect (its own migrations in `migrations/`).
//!
//! What several servers need, and where it comes from:
//!
//! - **A number is never sold twice**: the primary key on `numbers.tn`.
//!   `insert_number_if_absent` is `INSERT … ON CONFLICT DO NOTHING`, which
//!   waits for a concurrent insert of the same number to commit or roll
//!   back; versioned `UPDATE … WHERE version = $n` re-checks the version on
//!   the newest row (READ COMMITTED re-evaluates the condition), so two
//!   servers that read the same old row cannot both win.
//! - **Background work runs exactly once**: `claim_due_jobs`/`claim_job`
//!   lock the jobs with `FOR UPDATE SKIP LOCKED` inside the transaction
//!   that does the work and deletes them. Other servers skip the locked
//!   rows; a crash drops the connection, PostgreSQL rolls the transaction
//!   back and the jobs are free for the next server. `release_expired` does
//!   the same for ended reservations and aging periods, and leasing due
//!   callback deliveries for the outbox.
//! - **Migrations are safe when several servers start at once**: sqlx's
//!   migrator holds a PostgreSQL advisory lock (keyed on the database name)
//!   while it applies them, on a connection of its own that is closed
//!   afterwards, so a failed migration cannot leave the lock behind.
//!
//! Differences from SQLite that the code handles: a failed statement aborts
//! a PostgreSQL transaction, so inserts that may hit a unique key use
//! `ON CONFLICT DO NOTHING` and updates that may use a savepoint (the store
//! contract says a `Duplicate` leaves the transaction usable); a
//! transaction that did fail refuses to commit instead of silently rolling
//! back (PostgreSQL answers `COMMIT` on it with `ROLLBACK`). Settings read
//! inside a write transaction are locked until it ends (SQLite's single
//! writer gave that for free; the sandbox clock is a read-modify-write).
//!
//! Layout: this file connects, migrates and implements [`Store`]; each area
//! of [`tnhub_core::store::Repo`] is implemented in its own module against
//! one connection ([`PgRepo`]): a plain pooled connection for `read()`, an
//! open `READ COMMITTED` transaction for `write()`.
#![forbid(unsafe_code)]

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, PgConnection, PgPool, Postgres, Transaction};
use tnhub_core::store::{Repo, Store, StoreError, WriteHealth};

mod accounts;
mod applications;
mod clients;
mod idempotency;
mod inventory;
mod jobs;
mod number_counts;
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

/// Connections per server when the URL does not say (`?max_connections=N`).
/// Ten per server leaves room for ten servers under PostgreSQL's default
/// limit of 100 connections.
pub const DEFAULT_MAX_CONNECTIONS: u32 = 10;

/// How long a request waits for a pooled connection by default before it
/// is answered 503: long enough for a burst to find a free connection,
/// short enough that a database that went away fails requests fast instead
/// of holding them until the client gives up (and retries an order that
/// may have been created).
pub const DEFAULT_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

/// A tnhub database in PostgreSQL.
#[derive(Clone)]
pub struct PgStore {
    pool: PgPool,
    health: std::sync::Arc<WriteHealth>,
}

/// How the store reports progress while it opens and migrates.
pub type Progress<'a> = &'a (dyn Fn(&str) + Sync);

impl PgStore {
    /// Connects to the database at `url` (`postgres://user:password@host:port/db`,
    /// any libpq-style parameter sqlx understands, plus `max_connections=N`
    /// for the pool size) and applies pending migrations.
    pub async fn open(url: &str, progress: Progress<'_>) -> Result<Self, StoreError> {
        Self::open_with_timeout(url, DEFAULT_ACQUIRE_TIMEOUT, progress).await
    }

    /// [`PgStore::open`], with requests waiting at most `acquire_timeout`
    /// for a connection (then failing as `Unavailable`).
    pub async fn open_with_timeout(
        url: &str,
        acquire_timeout: Duration,
        progress: Progress<'_>,
    ) -> Result<Self, StoreError> {
        let (options, pool_size) = parse_url(url)?;
        Self::connect(options, pool_size, acquire_timeout, progress).await
    }

    /// Like [`PgStore::open`], but keeps every table in `schema` (created
    /// if needed) instead of the user's default: one database can then hold
    /// many independent deployments, which is how tests get a fresh,
    /// empty store cheaply. `schema` must be a plain lower-case identifier.
    pub async fn open_in_schema(
        url: &str,
        schema: &str,
        progress: Progress<'_>,
    ) -> Result<Self, StoreError> {
        let plain = !schema.is_empty()
            && schema.len() <= 63
            && schema.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            && schema
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !plain {
            return Err(StoreError::Other(format!(
                "'{schema}' is not a plain schema name (lower-case letters, digits, _)"
            )));
        }
        let (options, pool_size) = parse_url(url)?;
        let mut conn = PgConnection::connect_with(&options)
            .await
            .map_err(connect_error)?;
        let created = sqlx::query(sqlx::AssertSqlSafe(format!(
            "CREATE SCHEMA IF NOT EXISTS {schema}"
        )))
        .execute(&mut conn)
        .await;
        let _ = conn.close().await;
        match created.map_err(map_err) {
            // Two servers creating it at once: one wins, both go on.
            Ok(_) | Err(StoreError::Duplicate(_)) => {}
            Err(e) => return Err(e),
        }
        let options = options.options([("search_path", schema)]);
        Self::connect(options, pool_size, DEFAULT_ACQUIRE_TIMEOUT, progress).await
    }

    async fn connect(
        options: PgConnectOptions,
        pool_size: u32,
        acquire_timeout: Duration,
        progress: Progress<'_>,
    ) -> Result<Self, StoreError> {
        // A transaction left open by a server that hangs (rather than dies)
        // would hold its jobs and numbers until TCP noticed; tnhub never
        // pauses a minute inside a transaction, so PostgreSQL ends such a
        // session after one.
        let options = options
            .application_name("tnhub")
            .options([("idle_in_transaction_session_timeout", "60s")]);
        // One direct connection first: it fails at once with the real
        // reason (refused, unknown database, bad password), where a pool
        // would retry until its timeout and then only say it timed out.
        PgConnection::connect_with(&options)
            .await
            .map_err(connect_error)?
            .close()
            .await
            .map_err(connect_error)?;
        migrate(&options, progress).await?;
        let pool = PgPoolOptions::new()
            .max_connections(pool_size)
            .min_connections(1)
            .acquire_timeout(acquire_timeout)
            .idle_timeout(Duration::from_secs(300))
            .connect_with(options)
            .await
            .map_err(connect_error)?;
        Ok(PgStore {
            pool,
            health: Default::default(),
        })
    }

    /// Closes the pool, waiting for connections in use to come back.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Splits tnhub's own parameters off the URL and parses the rest. Errors
/// never repeat the URL: it may hold a password.
fn parse_url(url: &str) -> Result<(PgConnectOptions, u32), StoreError> {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut pool_size = DEFAULT_MAX_CONNECTIONS;
    let mut kept = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("max_connections", n)) => {
                pool_size = n.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                    StoreError::Other(format!(
                        "max_connections must be a positive number, not '{n}'"
                    ))
                })?;
            }
            _ => kept.push(pair),
        }
    }
    let url = if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    let options = PgConnectOptions::from_str(&url).map_err(|e| {
        StoreError::Other(format!(
            "the PostgreSQL URL does not parse ({})",
            kind_of(&e)
        ))
    })?;
    Ok((options, pool_size))
}

/// What kind of configuration error, without the offending text.
fn kind_of(e: &sqlx::Error) -> &'static str {
    match e {
        sqlx::Error::Configuration(_) => "invalid URL or parameter",
        _ => "invalid",
    }
}

fn connect_error(e: sqlx::Error) -> StoreError {
    match map_err(e) {
        StoreError::Other(m) | StoreError::Duplicate(m) => {
            StoreError::Unavailable(format!("cannot connect to PostgreSQL: {m}"))
        }
        StoreError::Unavailable(m) => {
            StoreError::Unavailable(format!("cannot connect to PostgreSQL: {m}"))
        }
    }
}

/// Applies pending migrations on a connection of its own (a pool of one,
/// closed afterwards). sqlx's migrator takes a session advisory lock first
/// (keyed on the database name), so servers starting together apply each
/// migration once, in turn; closing the connection releases the locks even
/// when a migration failed half-way (sqlx does not unlock on its error
/// path).
async fn migrate(options: &PgConnectOptions, progress: Progress<'_>) -> Result<(), StoreError> {
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(60))
        .connect_with(options.clone())
        .await
        .map_err(connect_error)?;
    let result = migrate_on(&pool, progress).await;
    pool.close().await;
    result
}

async fn migrate_on(pool: &PgPool, progress: Progress<'_>) -> Result<(), StoreError> {
    let mut conn = pool.acquire().await.map_err(connect_error)?;
    // Our own lock (per schema) around the whole step as well, so that what
    // is reported as pending is what this server then applies: a server
    // that waited finds nothing left to do and says nothing. It is held by
    // the pool's one connection until the pool closes.
    sqlx::query(
        "SELECT pg_advisory_lock(hashtextextended('tnhub.migrate.' || coalesce(current_schema(), ''), 0))",
    )
    .execute(&mut *conn)
    .await
    .map_err(map_err)?;
    // A new database has no migrations table yet: nothing applied.
    let applied: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
            .fetch_all(&mut *conn)
            .await
            .unwrap_or_default();
    drop(conn);
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
/// `Duplicate` (naming the constraint); lost connections, a database that is
/// shutting down or out of connections, and transient conflicts (deadlock,
/// serialization failure, lock or statement timeout) become `Unavailable`,
/// which clients see as a 503 worth retrying.
pub(crate) fn map_err(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            StoreError::Duplicate(db.constraint().unwrap_or(db.message()).to_string())
        }
        sqlx::Error::Database(db) => {
            let code = db.code().unwrap_or_default();
            let transient = code.starts_with("08") // connection exception
                || code.starts_with("53") // insufficient resources
                || code.starts_with("57P") // shutting down, cannot connect now
                || matches!(&*code, "40001" | "40P01" | "55P03" | "57014");
            let text = format!("{} (SQLSTATE {code})", db.message());
            if transient {
                StoreError::Unavailable(text)
            } else {
                StoreError::Other(text)
            }
        }
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::WorkerCrashed => StoreError::Unavailable(e.to_string()),
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
    Plain(PoolConnection<Postgres>),
    Tx(Transaction<'static, Postgres>),
}

/// One connection, or one open transaction, implementing every repository.
pub struct PgRepo {
    conn: Conn,
    /// A statement failed inside the transaction: PostgreSQL has aborted
    /// it, and a commit must not pretend otherwise.
    aborted: bool,
    /// Where a write transaction reports how its commit went.
    health: Option<std::sync::Arc<WriteHealth>>,
}

impl PgRepo {
    pub(crate) fn conn(&mut self) -> &mut PgConnection {
        match &mut self.conn {
            Conn::Plain(c) => c,
            Conn::Tx(t) => t,
        }
    }

    pub(crate) fn in_tx(&self) -> bool {
        matches!(self.conn, Conn::Tx(_))
    }

    /// Maps an error of a statement run on this repo, remembering that it
    /// aborted the transaction.
    pub(crate) fn fail(&mut self, e: sqlx::Error) -> StoreError {
        if self.in_tx() && matches!(e, sqlx::Error::Database(_)) {
            self.aborted = true;
        }
        map_err(e)
    }

    /// Starts a savepoint before a statement that may break a unique key,
    /// so that its failure leaves the transaction usable.
    pub(crate) async fn savepoint(&mut self) -> Result<(), StoreError> {
        if self.in_tx() {
            sqlx::query("SAVEPOINT tnhub_guard")
                .execute(self.conn())
                .await
                .map_err(|e| self.fail(e))?;
        }
        Ok(())
    }

    /// Ends the savepoint [`PgRepo::savepoint`] started: kept when the
    /// statement succeeded, rolled back to when it failed.
    pub(crate) async fn end_savepoint<T>(
        &mut self,
        result: Result<T, sqlx::Error>,
    ) -> Result<T, StoreError> {
        if !self.in_tx() {
            return result.map_err(map_err);
        }
        let end = if result.is_ok() {
            "RELEASE SAVEPOINT tnhub_guard"
        } else {
            "ROLLBACK TO SAVEPOINT tnhub_guard"
        };
        sqlx::query(end)
            .execute(self.conn())
            .await
            .map_err(|e| self.fail(e))?;
        result.map_err(map_err)
    }
}

#[async_trait]
impl Store for PgStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    async fn read(&self) -> Result<Box<dyn Repo>, StoreError> {
        let conn = self.pool.acquire().await.map_err(map_err)?;
        Ok(Box::new(PgRepo {
            conn: Conn::Plain(conn),
            aborted: false,
            health: None,
        }))
    }

    async fn write(&self) -> Result<Box<dyn Repo>, StoreError> {
        let tx = self
            .pool
            .begin_with("BEGIN ISOLATION LEVEL READ COMMITTED")
            .await
            .map_err(map_err);
        if let Err(e) = &tx {
            self.health.record::<()>(&Err(e.clone()));
        }
        Ok(Box::new(PgRepo {
            conn: Conn::Tx(tx?),
            aborted: false,
            health: Some(self.health.clone()),
        }))
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(())
    }

    fn write_health(&self) -> &WriteHealth {
        &self.health
    }
}

#[async_trait]
impl Repo for PgRepo {
    async fn commit(self: Box<Self>) -> Result<(), StoreError> {
        if self.aborted {
            // Dropping the transaction rolls it back.
            return Err(StoreError::Other(
                "the transaction was aborted by an earlier failed statement; nothing was committed"
                    .into(),
            ));
        }
        match self.conn {
            Conn::Plain(_) => Ok(()),
            Conn::Tx(tx) => {
                let committed = tx.commit().await.map_err(map_err);
                if let Some(health) = &self.health {
                    health.record(&committed);
                }
                committed
            }
        }
    }

    async fn limit_lock_waits(&mut self, ms: u32) -> Result<(), StoreError> {
        // SET cannot take a bind parameter; `ms` is a number.
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SET LOCAL lock_timeout = {ms}"
        )))
        .execute(self.conn())
        .await
        .map_err(|e| self.fail(e))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pool_size_comes_off_the_url_and_errors_hide_it() {
        let (_, n) = parse_url("postgres://u:pw@localhost/db?max_connections=3").unwrap();
        assert_eq!(n, 3);
        let (o, n) = parse_url("postgres://u:pw@localhost:5433/db?application_name=x").unwrap();
        assert_eq!((o.get_port(), n), (5433, DEFAULT_MAX_CONNECTIONS));
        let e = parse_url("postgres://u:secret@localhost/db?max_connections=0").unwrap_err();
        assert!(!e.to_string().contains("secret"), "{e}");
        let e = parse_url("postgres://u:secret@local host:99999/db").unwrap_err();
        assert!(!e.to_string().contains("secret"), "{e}");
    }
}
