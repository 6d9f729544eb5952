//! The shared storage story on a real SQLite file.

use std::sync::Arc;

use tnhub_core::Store;
use tnhub_store_sqlite::SqliteStore;

async fn fresh() -> (Arc<dyn Store>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("stories.db").display());
    let store = SqliteStore::open(&url, &|_| {}).await.unwrap();
    (Arc::new(store), dir)
}

tnhub_store_tests::storage_stories!(fresh);

#[tokio::test]
async fn reopening_keeps_data_and_applies_no_migration_twice() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("x.db").display());
    let lines = std::sync::Mutex::new(Vec::new());
    let record = |l: &str| lines.lock().unwrap().push(l.to_string());
    let store = SqliteStore::open(&url, &record).await.unwrap();
    tnhub_store_tests::accounts_round_trip(Arc::new(store.clone())).await;
    store.close().await;
    assert!(
        lines
            .lock()
            .unwrap()
            .iter()
            .any(|l| l.contains("applying migration 1"))
    );
    lines.lock().unwrap().clear();
    let store = SqliteStore::open(&url, &record).await.unwrap();
    assert!(
        lines.lock().unwrap().is_empty(),
        "{:?}",
        lines.lock().unwrap()
    );
    assert_eq!(
        store.read().await.unwrap().accounts().await.unwrap().len(),
        2
    );
}

#[tokio::test]
async fn in_memory_databases_are_refused() {
    assert!(SqliteStore::open("sqlite::memory:", &|_| {}).await.is_err());
}
