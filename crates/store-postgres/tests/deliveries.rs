//! Delivery leases on PostgreSQL, each test in a fresh schema (the suite
//! is SQLite's `tests/leases/`, shared).

mod common;
#[path = "../../store-sqlite/tests/leases/mod.rs"]
mod leases;

use common::fresh;

#[tokio::test]
async fn a_lost_lease_writes_nothing() {
    let (store, _guard) = fresh().await;
    leases::a_lost_lease_writes_nothing(store).await;
}

#[tokio::test]
async fn leases_run_on_real_time() {
    let (store, _guard) = fresh().await;
    leases::leases_run_on_real_time(store).await;
}

#[tokio::test]
async fn a_replay_or_deletion_ends_the_lease() {
    let (store, _guard) = fresh().await;
    leases::a_replay_or_deletion_ends_the_lease(store).await;
}

#[tokio::test]
async fn one_orders_callbacks_go_out_in_event_order() {
    let (store, _guard) = fresh().await;
    leases::one_orders_callbacks_go_out_in_event_order(store).await;
}
