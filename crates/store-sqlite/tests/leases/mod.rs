//! Delivery leases, on any store: a lease is held by a token until a real
//! (wall-clock) instant, while due times are on the sandbox clock; an
//! outcome is written only while the writer's token still holds the row.
//! Included by both backends' `deliveries.rs` (SQLite's and PostgreSQL's).

use std::sync::Arc;

use tnhub_core::Store;
use tnhub_core::Timestamp;
use tnhub_core::ids::AccountId;
use tnhub_core::store::DeliveryRow;
use tnhub_core::subscription::DeliveryState;

/// Sandbox time of the tests: far ahead of real time, as after moving the
/// sandbox clock.
const SANDBOX: i64 = 5_000_000_000_000;
/// Real time of the tests.
const WALL: i64 = 1_700_000_000_000;

fn t(ms: i64) -> Timestamp {
    Timestamp::from_millis(ms)
}

/// Queues a delivery of an order of its own (so no other holds it back).
async fn queue(store: &Arc<dyn Store>, sub: &str, due: i64) -> i64 {
    static ORDERS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = ORDERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    queue_for(store, sub, &format!("order-{n}"), due).await
}

async fn queue_for(store: &Arc<dyn Store>, sub: &str, order: &str, due: i64) -> i64 {
    let mut tx = store.write().await.unwrap();
    let id = tx
        .insert_delivery(
            sub,
            &AccountId::parse("9900001").unwrap(),
            order,
            "{}",
            t(due),
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

async fn lease(
    store: &Arc<dyn Store>,
    due_by: i64,
    wall: i64,
    token: &str,
    for_ms: i64,
) -> Vec<DeliveryRow> {
    let mut tx = store.write().await.unwrap();
    let rows = tx
        .lease_due_deliveries(t(due_by), t(wall), token, t(wall + for_ms), 10)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    rows
}

async fn write(store: &Arc<dyn Store>, row: &DeliveryRow, token: &str) -> bool {
    let mut tx = store.write().await.unwrap();
    let applied = tx.update_delivery(row, token).await.unwrap();
    tx.commit().await.unwrap();
    applied
}

async fn get(store: &Arc<dyn Store>, id: i64) -> DeliveryRow {
    store
        .read()
        .await
        .unwrap()
        .delivery(id)
        .await
        .unwrap()
        .unwrap()
}

/// A deliverer whose lease ran out (and whose delivery another one took)
/// cannot write over the newer outcome or lose its attempt count.
pub async fn a_lost_lease_writes_nothing(store: Arc<dyn Store>) {
    let id = queue(&store, "sub-1", SANDBOX).await;
    let first = lease(&store, SANDBOX, WALL, "lease-a", 1_000).await;
    assert_eq!(first.iter().map(|r| r.id).collect::<Vec<_>>(), [id]);
    // Held: nobody else gets it while the lease lasts.
    assert!(
        lease(&store, SANDBOX, WALL + 999, "lease-x", 1_000)
            .await
            .is_empty()
    );
    // A ran out; B takes it, fails once, and records a retry.
    let second = lease(&store, SANDBOX, WALL + 1_000, "lease-b", 1_000).await;
    assert_eq!(second.len(), 1);
    let mut b = second[0].clone();
    b.attempts = 1;
    b.last_status_code = Some(503);
    b.last_error = Some("503 from B".into());
    b.next_attempt_at = t(SANDBOX + 60_000);
    assert!(write(&store, &b, "lease-b").await, "B holds the lease");
    // A, late, reports its own outcome: dropped.
    let mut a = first[0].clone();
    a.state = DeliveryState::Dead;
    a.attempts = 1;
    a.last_error = Some("A gave up".into());
    assert!(!write(&store, &a, "lease-a").await, "A lost the lease");
    let now = get(&store, id).await;
    assert_eq!(now.state, DeliveryState::Pending);
    assert_eq!(now.attempts, 1);
    assert_eq!(now.last_error.as_deref(), Some("503 from B"));
    assert_eq!(now.next_attempt_at, t(SANDBOX + 60_000));
    // Writing released the lease: once due, it is leased again at once.
    assert!(!write(&store, &b, "lease-b").await, "a token works once");
    assert!(
        lease(&store, SANDBOX + 59_999, WALL + 1_001, "c", 1_000)
            .await
            .is_empty()
    );
    assert_eq!(
        lease(&store, SANDBOX + 60_000, WALL + 1_001, "c", 1_000)
            .await
            .len(),
        1
    );
}

/// Moving the sandbox clock (so retries fall due) does not end a lease:
/// that runs on real time; due times stay on the sandbox clock.
pub async fn leases_run_on_real_time(store: Arc<dyn Store>) {
    let id = queue(&store, "sub-1", SANDBOX).await;
    let later = queue(&store, "sub-1", SANDBOX + 86_400_000).await;
    // Not due yet on the sandbox clock, however late it is in real time.
    assert!(
        lease(&store, SANDBOX - 1, WALL + 10_000_000, "a", 1_000)
            .await
            .is_empty()
    );
    let got = lease(&store, SANDBOX, WALL, "a", 30_000).await;
    assert_eq!(got.iter().map(|r| r.id).collect::<Vec<_>>(), [id]);
    // A day later on the sandbox clock, a second later in real time: the
    // leased one stays held; only the other (now due) is leased.
    let got = lease(&store, SANDBOX + 86_400_000, WALL + 1_000, "b", 30_000).await;
    assert_eq!(got.iter().map(|r| r.id).collect::<Vec<_>>(), [later]);
    // What is next due ignores deliveries being sent.
    let next = |wall| {
        let store = store.clone();
        async move {
            store
                .read()
                .await
                .unwrap()
                .next_delivery_due(t(wall))
                .await
                .unwrap()
        }
    };
    assert_eq!(next(WALL + 1_000).await, None);
    assert_eq!(
        next(WALL + 30_000).await,
        Some(t(SANDBOX)),
        "a's lease ran out"
    );
    // Leased rows come back oldest due first.
    let both = lease(&store, SANDBOX + 86_400_000, WALL + 31_000, "c", 1_000).await;
    assert_eq!(both.iter().map(|r| r.id).collect::<Vec<_>>(), [id, later]);
}

/// A replay (or deleting the subscription) takes the delivery from its
/// holder: the attempt in flight is not recorded.
pub async fn a_replay_or_deletion_ends_the_lease(store: Arc<dyn Store>) {
    let id = queue(&store, "sub-1", SANDBOX).await;
    let held = lease(&store, SANDBOX, WALL, "a", 60_000).await.remove(0);
    {
        let mut tx = store.write().await.unwrap();
        assert!(tx.requeue_delivery(id, t(SANDBOX + 5)).await.unwrap());
        assert!(!tx.requeue_delivery(id + 1_000, t(SANDBOX)).await.unwrap());
        tx.commit().await.unwrap();
    }
    let mut done = held.clone();
    done.state = DeliveryState::Delivered;
    done.attempts = 1;
    assert!(!write(&store, &done, "a").await);
    let now = get(&store, id).await;
    assert_eq!((now.state, now.attempts), (DeliveryState::Pending, 0));
    assert_eq!(now.next_attempt_at, t(SANDBOX + 5));
    // Free at once (the lease went with the replay).
    let again = lease(&store, SANDBOX + 5, WALL, "b", 60_000).await;
    assert_eq!(again.len(), 1);
    {
        let mut tx = store.write().await.unwrap();
        tx.delete_subscription(&AccountId::parse("9900001").unwrap(), "sub-1")
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    assert!(
        !write(&store, &done, "b").await,
        "deleted: b's outcome is dropped"
    );
    let now = get(&store, id).await;
    assert_eq!(now.state, DeliveryState::Dead);
    assert_eq!(
        now.last_error.as_deref(),
        Some("the subscription was deleted")
    );
}

/// One subscription's callbacks of one order go out one at a time in the
/// order they were queued: a later one is not leased (nor reported due)
/// while an earlier one is pending, whether being sent or waiting for a
/// retry, and is once the earlier one is delivered or dead. Another
/// order's, or another subscription's, go out beside them.
pub async fn one_orders_callbacks_go_out_in_event_order(store: Arc<dyn Store>) {
    let first = queue_for(&store, "sub", "A", SANDBOX).await;
    let second = queue_for(&store, "sub", "A", SANDBOX).await;
    let other_order = queue_for(&store, "sub", "B", SANDBOX).await;
    let other_sub = queue_for(&store, "other", "A", SANDBOX).await;
    let ids = |rows: &[DeliveryRow]| rows.iter().map(|r| r.id).collect::<Vec<_>>();

    let got = lease(&store, SANDBOX, WALL, "t1", 60_000).await;
    assert_eq!(ids(&got), [first, other_order, other_sub]);
    // The first fails and waits for a retry: the second still waits.
    let mut row = got[0].clone();
    row.attempts = 1;
    row.next_attempt_at = t(SANDBOX + 10_000);
    assert!(write(&store, &row, "t1").await);
    assert!(
        lease(&store, SANDBOX + 1, WALL + 1, "t2", 60_000)
            .await
            .is_empty()
    );
    let due = store
        .read()
        .await
        .unwrap()
        .next_delivery_due(t(WALL + 1))
        .await
        .unwrap();
    assert_eq!(
        due,
        Some(t(SANDBOX + 10_000)),
        "the retry, not the held-back one"
    );
    // The retry is due and goes first; once it is delivered, the second.
    let got = lease(&store, SANDBOX + 10_000, WALL + 2, "t3", 60_000).await;
    assert_eq!(ids(&got), [first]);
    let mut row = got[0].clone();
    row.state = DeliveryState::Delivered;
    assert!(write(&store, &row, "t3").await);
    let got = lease(&store, SANDBOX + 10_000, WALL + 3, "t4", 60_000).await;
    assert_eq!(ids(&got), [second]);
    // A dead one releases the next as well.
    let third = queue_for(&store, "sub", "A", SANDBOX).await;
    let mut row = got[0].clone();
    row.state = DeliveryState::Dead;
    assert!(write(&store, &row, "t4").await);
    let got = lease(&store, SANDBOX + 10_000, WALL + 4, "t5", 60_000).await;
    assert_eq!(ids(&got), [third]);
}
