//! The storage areas of callbacks: subscriptions to order status changes
//! and the durable outbox of deliveries. Split from `store/mod.rs` to keep
//! each file short.

use async_trait::async_trait;

use crate::ids::AccountId;
use crate::subscription::{Attempt, DeliveryFilter, DeliveryState, Subscription};
use crate::timestamp::Timestamp;

use super::StoreError;

/// Subscriptions to order status changes.
#[async_trait]
pub trait SubscriptionRepo {
    /// Inserts a subscription.
    async fn insert_subscription(&mut self, s: &Subscription) -> Result<(), StoreError>;
    /// One subscription of an account.
    async fn subscription(
        &mut self,
        account: &AccountId,
        id: &str,
    ) -> Result<Option<Subscription>, StoreError>;
    /// An account's subscriptions (of one order type when given), oldest first.
    async fn subscriptions(
        &mut self,
        account: &AccountId,
        order_type: Option<&str>,
    ) -> Result<Vec<Subscription>, StoreError>;
    /// Replaces a subscription's fields.
    async fn update_subscription(&mut self, s: &Subscription) -> Result<(), StoreError>;
    /// Deletes a subscription (and its pending deliveries); false if there was none.
    async fn delete_subscription(
        &mut self,
        account: &AccountId,
        id: &str,
    ) -> Result<bool, StoreError>;
    /// Records the result of the last callback.
    async fn set_subscription_status(
        &mut self,
        id: &str,
        status: &str,
        now: Timestamp,
    ) -> Result<(), StoreError>;
}

/// A stored delivery: the notification as JSON, decoded by the domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryRow {
    pub id: i64,
    pub subscription_id: String,
    pub account_id: AccountId,
    pub event: String,
    pub state: DeliveryState,
    pub attempts: u32,
    pub next_attempt_at: Timestamp,
    pub last_status_code: Option<u16>,
    pub last_error: Option<String>,
    pub created_at: Timestamp,
    pub delivered_at: Option<Timestamp>,
}

/// The durable outbox of callbacks.
#[async_trait]
pub trait DeliveryRepo {
    /// Queues a callback of an event of `order_id` due at `now`; returns its
    /// id. Deliveries of one subscription and order are leased one at a
    /// time, in the order they were queued (see `lease_due_deliveries`).
    async fn insert_delivery(
        &mut self,
        subscription_id: &str,
        account: &AccountId,
        order_id: &str,
        event: &str,
        now: Timestamp,
    ) -> Result<i64, StoreError>;
    /// Leases up to `limit` pending deliveries due by `due_by` (sandbox
    /// time) that no one holds at `wall_now` (real time): marks them held
    /// by `lease_token` until `lease_until` (real time) and returns them,
    /// oldest due first, skipping any delivery that has an earlier one of
    /// the same subscription and order still pending (being sent or
    /// waiting for a retry): a receiver gets one order's callbacks in event
    /// order, while other orders' go out beside them. Until then no other deliverer takes them; if the
    /// holder dies, they are free again when the lease ends. Leases run on
    /// real time so that moving the sandbox clock forward (which makes
    /// retries due) never ends a lease on a callback still being sent.
    async fn lease_due_deliveries(
        &mut self,
        due_by: Timestamp,
        wall_now: Timestamp,
        lease_token: &str,
        lease_until: Timestamp,
        limit: u32,
    ) -> Result<Vec<DeliveryRow>, StoreError>;
    /// Records the outcome of an attempt and releases the lease, only if
    /// `lease_token` still holds the delivery; false (nothing written) if
    /// the lease was lost (it ran out and another deliverer took the row,
    /// or the delivery was replayed or its subscription deleted), so a slow
    /// deliverer never overwrites a newer state or loses attempts.
    async fn update_delivery(
        &mut self,
        d: &DeliveryRow,
        lease_token: &str,
    ) -> Result<bool, StoreError>;
    /// Makes a delivery pending and due at `due` (a replay), whoever holds
    /// it: any lease is dropped, so an attempt in flight is not recorded.
    /// False if there is no such delivery.
    async fn requeue_delivery(&mut self, id: i64, due: Timestamp) -> Result<bool, StoreError>;
    /// Records an attempt.
    async fn add_attempt(&mut self, a: &Attempt) -> Result<(), StoreError>;
    /// One delivery.
    async fn delivery(&mut self, id: i64) -> Result<Option<DeliveryRow>, StoreError>;
    /// Deliveries matching a filter, newest first.
    async fn deliveries(&mut self, f: &DeliveryFilter) -> Result<Vec<DeliveryRow>, StoreError>;
    /// The attempts of a delivery, oldest first.
    async fn attempts(&mut self, delivery_id: i64) -> Result<Vec<Attempt>, StoreError>;
    /// When the next pending delivery that no one holds at `wall_now`
    /// (real time) and no earlier one of its order holds back is due
    /// (sandbox time).
    async fn next_delivery_due(
        &mut self,
        wall_now: Timestamp,
    ) -> Result<Option<Timestamp>, StoreError>;
}
