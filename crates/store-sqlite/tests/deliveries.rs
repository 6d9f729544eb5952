//! Delivery leases on a real SQLite file (the suite is in `leases/`,
//! shared with PostgreSQL).

mod leases;

use std::sync::Arc;

use tnhub_core::Store;
use tnhub_store_sqlite::SqliteStore;

async fn fresh() -> (Arc<dyn Store>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("deliveries.db").display());
    let store = SqliteStore::open(&url, &|_| {}).await.unwrap();
    (Arc::new(store), dir)
}

#[tokio::test]
async fn a_lost_lease_writes_nothing() {
    let (store, _dir) = fresh().await;
    leases::a_lost_lease_writes_nothing(store).await;
}

#[tokio::test]
async fn leases_run_on_real_time() {
    let (store, _dir) = fresh().await;
    leases::leases_run_on_real_time(store).await;
}

#[tokio::test]
async fn a_replay_or_deletion_ends_the_lease() {
    let (store, _dir) = fresh().await;
    leases::a_replay_or_deletion_ends_the_lease(store).await;
}

#[tokio::test]
async fn one_orders_callbacks_go_out_in_event_order() {
    let (store, _dir) = fresh().await;
    leases::one_orders_callbacks_go_out_in_event_order(store).await;
}
