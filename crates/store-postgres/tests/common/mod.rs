//! How the PostgreSQL tests get a database: `TNHUB_TEST_DATABASE_URL` names
//! a throwaway database (`./scripts/test.sh` creates one per run and drops
//! it afterwards), and every test works in a fresh schema of its own, so
//! tests run in parallel without seeing each other.

#![allow(dead_code)] // each test binary uses a different part

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use tnhub_core::Store;
use tnhub_store_postgres::PgStore;

/// The database the tests may use. Unset is a failure, not a skip: a
/// suite that silently passes without PostgreSQL proves nothing.
pub fn database_url() -> String {
    std::env::var("TNHUB_TEST_DATABASE_URL").unwrap_or_else(|_| {
        panic!(
            "TNHUB_TEST_DATABASE_URL is not set, and the PostgreSQL tests need a database. \
             Run ./scripts/test.sh (it starts PostgreSQL if needed, creates a fresh database \
             and sets the variable), or create a throwaway database yourself and \
             export TNHUB_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/<that database>"
        )
    })
}

/// A schema name no other test (of this run or an earlier one) uses.
pub fn fresh_schema() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    format!(
        "t_{}_{}_{nanos:x}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// A new, empty, migrated store in a fresh schema.
pub async fn open_fresh() -> PgStore {
    PgStore::open_in_schema(&database_url(), &fresh_schema(), &|_| {})
        .await
        .expect("open a fresh PostgreSQL schema")
}

/// What `storage_stories!` wants: the store, and a guard (the store itself).
pub async fn fresh() -> (Arc<dyn Store>, PgStore) {
    let store = open_fresh().await;
    (Arc::new(store.clone()), store)
}
