//! The shared storage story on PostgreSQL, each story in a fresh schema.

mod common;

use std::sync::{Arc, Mutex};

use tnhub_store_postgres::PgStore;

use common::fresh;

tnhub_store_tests::storage_stories!(fresh);

#[tokio::test]
async fn reopening_keeps_data_and_applies_no_migration_twice() {
    let (url, schema) = (common::database_url(), common::fresh_schema());
    let lines = Mutex::new(Vec::new());
    let record = |l: &str| lines.lock().unwrap().push(l.to_string());
    let store = PgStore::open_in_schema(&url, &schema, &record)
        .await
        .unwrap();
    tnhub_store_tests::accounts_round_trip(Arc::new(store.clone())).await;
    store.close().await;
    assert!(
        lines
            .lock()
            .unwrap()
            .iter()
            .any(|l| l.contains("applying migration 1")),
        "{:?}",
        lines.lock().unwrap()
    );
    lines.lock().unwrap().clear();
    let store = PgStore::open_in_schema(&url, &schema, &record)
        .await
        .unwrap();
    assert!(
        lines.lock().unwrap().is_empty(),
        "{:?}",
        lines.lock().unwrap()
    );
    use tnhub_core::Store;
    assert_eq!(
        store.read().await.unwrap().accounts().await.unwrap().len(),
        2
    );
    assert_eq!(store.backend(), "postgres");
}

#[tokio::test]
async fn servers_starting_together_migrate_once() {
    let (url, schema) = (common::database_url(), common::fresh_schema());
    let applied = Arc::new(Mutex::new(0usize));
    let mut tasks = Vec::new();
    for _ in 0..6 {
        let (url, schema, applied) = (url.clone(), schema.clone(), applied.clone());
        tasks.push(tokio::spawn(async move {
            let count = |l: &str| {
                if l.contains("schema is up to date") {
                    *applied.lock().unwrap() += 1;
                }
            };
            PgStore::open_in_schema(&url, &schema, &count)
                .await
                .unwrap()
        }));
    }
    let mut stores = Vec::new();
    for t in tasks {
        stores.push(t.await.unwrap());
    }
    // Every server opened, and exactly one applied the migrations.
    use tnhub_core::Store;
    for s in &stores {
        assert!(s.read().await.unwrap().accounts().await.unwrap().is_empty());
    }
    assert_eq!(*applied.lock().unwrap(), 1);
}

#[tokio::test]
async fn unreachable_databases_are_unavailable_and_hide_the_password() {
    let err = PgStore::open("postgres://u:hunter2@127.0.0.1:1/db", &|_| {})
        .await
        .err()
        .expect("nothing listens on port 1");
    assert!(
        matches!(err, tnhub_core::StoreError::Unavailable(_)),
        "{err:?}"
    );
    assert!(!err.to_string().contains("hunter2"), "{err}");
}
