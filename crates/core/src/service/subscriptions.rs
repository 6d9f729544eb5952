//! Subscriptions (`/accounts/{a}/subscriptions`), and what the deliverer
//! needs: the due callbacks, their outcome, and replaying one.

use crate::clock::{Clock, SystemClock};
use crate::error::{CoreError, ErrorKind};
use crate::ids::AccountId;
use crate::order::from_json;
use crate::store::DeliveryRow;
use crate::subscription::{
    Attempt, Delivery, DeliveryFilter, DeliveryState, Leased, Subscription, SubscriptionDraft,
    SubscriptionFields, codes,
};
use crate::timestamp::Timestamp;

use super::Tnhub;

fn not_found(id: &str, account: &AccountId) -> CoreError {
    CoreError::not_found(
        codes::NOT_FOUND,
        format!("Subscription {id} not found for accountId {account}"),
    )
}

/// A new signing secret: `whsec_` and 32 random bytes in base64 (the
/// Standard Webhooks form).
fn new_secret() -> String {
    use base64::Engine;
    let bytes: [u8; 32] = rand::random();
    format!(
        "whsec_{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

/// Decodes a stored delivery.
pub fn delivery(row: DeliveryRow) -> Result<Delivery, CoreError> {
    Ok(Delivery {
        notification: from_json(&row.event)?,
        id: row.id,
        subscription_id: row.subscription_id,
        account_id: row.account_id,
        state: row.state,
        attempts: row.attempts,
        next_attempt_at: row.next_attempt_at,
        last_status_code: row.last_status_code,
        last_error: row.last_error,
        created_at: row.created_at,
        delivered_at: row.delivered_at,
    })
}

fn row(d: &Delivery) -> Result<DeliveryRow, CoreError> {
    Ok(DeliveryRow {
        id: d.id,
        subscription_id: d.subscription_id.clone(),
        account_id: d.account_id.clone(),
        event: crate::order::to_json(&d.notification)?,
        state: d.state,
        attempts: d.attempts,
        next_attempt_at: d.next_attempt_at,
        last_status_code: d.last_status_code,
        last_error: d.last_error.clone(),
        created_at: d.created_at,
        delivered_at: d.delivered_at,
    })
}

impl Tnhub {
    /// Creates a subscription.
    pub async fn create_subscription(
        &self,
        account: &AccountId,
        draft: SubscriptionDraft,
    ) -> Result<Subscription, CoreError> {
        let now = self.clock.now();
        let f = SubscriptionFields::validate(draft, now)?;
        let mut tx = self.store.write().await?;
        let existing = tx.subscriptions(account, Some(&f.order_type)).await?;
        if existing.iter().any(|s| {
            s.order_id == f.order_id
                && s.callback.as_ref().map(|c| &c.url) == f.callback.as_ref().map(|c| &c.url)
                && s.email == f.email
        }) {
            return Err(CoreError::new(
                ErrorKind::Conflict,
                codes::DUPLICATE,
                "This subscription already exists for the account",
            ));
        }
        let s = Subscription {
            id: uuid::Uuid::now_v7().to_string(),
            account_id: account.clone(),
            order_type: f.order_type,
            order_id: f.order_id,
            callback: f.callback,
            email: f.email,
            secret: new_secret(),
            last_status: None,
            created_at: now,
            updated_at: now,
        };
        tx.insert_subscription(&s).await?;
        tx.commit().await?;
        Ok(s)
    }

    /// One subscription of the account.
    pub async fn subscription(
        &self,
        account: &AccountId,
        id: &str,
    ) -> Result<Subscription, CoreError> {
        self.store
            .read()
            .await?
            .subscription(account, id.trim())
            .await?
            .ok_or_else(|| not_found(id, account))
    }

    /// The account's subscriptions (of one order type when given).
    pub async fn subscriptions(
        &self,
        account: &AccountId,
        order_type: Option<&str>,
    ) -> Result<Vec<Subscription>, CoreError> {
        // The filter names a type as subscriptions do (any case, `lidb`).
        let order_type =
            order_type.map(|t| crate::subscription::canonical_order_type(t).unwrap_or(t));
        Ok(self
            .store
            .read()
            .await?
            .subscriptions(account, order_type)
            .await?)
    }

    /// Replaces a subscription's settings (its id and secret stay).
    pub async fn update_subscription(
        &self,
        account: &AccountId,
        id: &str,
        draft: SubscriptionDraft,
    ) -> Result<Subscription, CoreError> {
        let now = self.clock.now();
        let f = SubscriptionFields::validate(draft, now)?;
        let mut tx = self.store.write().await?;
        let mut s = tx
            .subscription(account, id.trim())
            .await?
            .ok_or_else(|| not_found(id, account))?;
        s.order_type = f.order_type;
        s.order_id = f.order_id;
        s.callback = f.callback;
        s.email = f.email;
        s.updated_at = now;
        tx.update_subscription(&s).await?;
        tx.commit().await?;
        Ok(s)
    }

    /// Deletes a subscription; its undelivered callbacks are dropped (dead).
    pub async fn delete_subscription(
        &self,
        account: &AccountId,
        id: &str,
    ) -> Result<(), CoreError> {
        let mut tx = self.store.write().await?;
        if !tx.delete_subscription(account, id.trim()).await? {
            return Err(not_found(id, account));
        }
        tx.commit().await?;
        Ok(())
    }

    /// Leases the callbacks due now (on the sandbox clock) for `lease_ms`
    /// of real time (the deliverer's side). Real time, because moving the
    /// sandbox clock must make retries due without ending the lease of a
    /// callback still being sent (which would send it twice).
    pub async fn lease_due_deliveries(
        &self,
        lease_ms: i64,
        limit: u32,
    ) -> Result<Vec<Leased>, CoreError> {
        let now = self.clock.now();
        let wall = SystemClock.now();
        let lease = uuid::Uuid::now_v7().simple().to_string();
        let mut tx = self.store.write().await?;
        let rows = tx
            .lease_due_deliveries(now, wall, &lease, wall.plus_millis(lease_ms), limit)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let subscription = tx.subscription(&r.account_id, &r.subscription_id).await?;
            out.push(Leased {
                delivery: delivery(r)?,
                subscription,
                lease: lease.clone(),
            });
        }
        tx.commit().await?;
        Ok(out)
    }

    /// Records an attempt, the delivery's new state and the subscription's
    /// last status text, if `lease` still holds the delivery. False (and
    /// nothing recorded) if the lease was lost: it ran out and another
    /// deliverer took the delivery, or it was replayed or its subscription
    /// deleted meanwhile; that newer state wins.
    pub async fn record_attempt(
        &self,
        d: &Delivery,
        attempt: Attempt,
        status_text: &str,
        lease: &str,
    ) -> Result<bool, CoreError> {
        let mut tx = self.store.write().await?;
        if !tx.update_delivery(&row(d)?, lease).await? {
            // Dropping the transaction writes nothing.
            return Ok(false);
        }
        tx.add_attempt(&attempt).await?;
        tx.set_subscription_status(&d.subscription_id, status_text, attempt.at)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Deliveries (newest first), with their attempts.
    pub async fn deliveries(
        &self,
        filter: &DeliveryFilter,
    ) -> Result<Vec<(Delivery, Vec<Attempt>)>, CoreError> {
        let mut repo = self.store.read().await?;
        let rows = repo.deliveries(filter).await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let attempts = repo.attempts(r.id).await?;
            out.push((delivery(r)?, attempts));
        }
        Ok(out)
    }

    /// Sends a delivery again now (whatever its state; an attempt in flight
    /// is then not recorded); `account` limits it to the account's own
    /// deliveries.
    pub async fn replay_delivery(
        &self,
        id: i64,
        account: Option<&AccountId>,
    ) -> Result<Delivery, CoreError> {
        let now = self.clock.now();
        let missing = || {
            CoreError::not_found(
                crate::error::codes::NOT_FOUND,
                format!("The resource does not exist: no delivery {id}"),
            )
        };
        let mut tx = self.store.write().await?;
        let r = tx
            .delivery(id)
            .await?
            .filter(|r| account.is_none_or(|a| *a == r.account_id))
            .ok_or_else(missing)?;
        let mut d = delivery(r)?;
        d.state = DeliveryState::Pending;
        d.next_attempt_at = now;
        d.delivered_at = None;
        if !tx.requeue_delivery(d.id, now).await? {
            return Err(missing());
        }
        tx.commit().await?;
        self.wake_deliverer();
        Ok(d)
    }

    /// When the next callback no deliverer holds is due (sandbox time).
    pub async fn next_delivery_due(&self) -> Result<Option<Timestamp>, CoreError> {
        Ok(self
            .store
            .read()
            .await?
            .next_delivery_due(SystemClock.now())
            .await?)
    }
}
