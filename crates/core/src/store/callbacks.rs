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
    /// Queues a callback due at `now`; returns its id.
    async fn insert_delivery(
        &mut self,
        subscription_id: &str,
        account: &AccountId,
        event: &str,
        now: Timestamp,
    ) -> Result<i64, StoreError>;
    /// Leases up to `limit` pending deliveries due at `now` until
    /// `lease_until` (so no other deliverer sends them meanwhile; if this
    /// one dies, they are due again when the lease ends) and returns them.
    async fn lease_due_deliveries(
        &mut self,
        now: Timestamp,
        lease_until: Timestamp,
        limit: u32,
    ) -> Result<Vec<DeliveryRow>, StoreError>;
    /// Records the outcome of an attempt on a delivery.
    async fn update_delivery(&mut self, d: &DeliveryRow) -> Result<(), StoreError>;
    /// Records an attempt.
    async fn add_attempt(&mut self, a: &Attempt) -> Result<(), StoreError>;
    /// One delivery.
    async fn delivery(&mut self, id: i64) -> Result<Option<DeliveryRow>, StoreError>;
    /// Deliveries matching a filter, newest first.
    async fn deliveries(&mut self, f: &DeliveryFilter) -> Result<Vec<DeliveryRow>, StoreError>;
    /// The attempts of a delivery, oldest first.
    async fn attempts(&mut self, delivery_id: i64) -> Result<Vec<Attempt>, StoreError>;
    /// When the next pending delivery is due.
    async fn next_delivery_due(&mut self) -> Result<Option<Timestamp>, StoreError>;
}
