//! Telling subscribers: every status change of an order queues one
//! delivery per matching subscription, in the caller's transaction, so the
//! change and its callbacks commit (or vanish) together.

use crate::error::CoreError;
use crate::order::{OrderKind, OrderRow, to_json};
use crate::store::Repo;
use crate::subscription::{Notification, Subscription};
use crate::timestamp::Timestamp;

/// The subscription order type that covers an order kind; none for kinds
/// that are never notified. (Moving numbers between SIP peers is immediate
/// in tnhub: it makes no order with status changes, so there is nothing to
/// subscribe to. An asynchronous move order would map to `moveTns` here and
/// join [`crate::subscription::ORDER_TYPES`]; the test below keeps the two in step.)
pub fn subscription_type(kind: OrderKind) -> Option<&'static str> {
    match kind {
        OrderKind::NewNumber => Some("orders"),
        OrderKind::Disconnect => Some("disconnects"),
        OrderKind::TnOption => Some("tnoptions"),
        OrderKind::Lidb => Some("lidbs"),
        OrderKind::Dlda => Some("dldas"),
        OrderKind::PortIn => Some("portins"),
        OrderKind::MoveTns => None,
        OrderKind::PortOut => Some("portouts"),
        OrderKind::E911 => Some("e911s"),
    }
}

/// What changed.
#[derive(Debug, Clone, Default)]
pub struct OrderEvent {
    /// The order's status now (`COMPLETE`, `FOC` …).
    pub status: String,
    pub message: Option<String>,
    /// A note that was just added.
    pub note: Option<String>,
    /// The numbers the change completed.
    pub numbers: Vec<String>,
    pub actual_foc_date: Option<Timestamp>,
}

/// Queues a callback for each active subscription matching the order;
/// returns how many. Call inside the transaction that makes the change.
pub async fn notify(
    repo: &mut dyn Repo,
    order: &OrderRow,
    event: OrderEvent,
    now: Timestamp,
) -> Result<usize, CoreError> {
    let Some(order_type) = subscription_type(order.kind) else {
        return Ok(0);
    };
    let subscriptions = repo
        .subscriptions(&order.account_id, Some(order_type))
        .await?;
    notify_subscribers(repo, &subscriptions, order, event, now).await
}

/// [`notify`] with the account's subscriptions of the order's type already
/// read (the worker reads them once for a batch of orders).
pub async fn notify_subscribers(
    repo: &mut dyn Repo,
    subscriptions: &[Subscription],
    order: &OrderRow,
    event: OrderEvent,
    now: Timestamp,
) -> Result<usize, CoreError> {
    let Some(order_type) = subscription_type(order.kind) else {
        return Ok(0);
    };
    let mut queued = 0;
    for s in subscriptions
        .iter()
        .filter(|s| s.active_at(now) && s.order_id.as_ref().is_none_or(|o| *o == order.id))
    {
        let n = Notification {
            event_id: format!("msg_{}", uuid::Uuid::now_v7().simple()),
            subscription_id: s.id.clone(),
            order_type: order_type.to_string(),
            order_id: order.id.clone(),
            customer_order_id: order.customer_order_id.clone(),
            status: event.status.clone(),
            message: event.message.clone(),
            note: event.note.clone(),
            completed_numbers: event.numbers.clone(),
            last_modified: now,
            actual_foc_date: event.actual_foc_date,
        };
        repo.insert_delivery(&s.id, &order.account_id, &order.id, &to_json(&n)?, now)
            .await?;
        queued += 1;
    }
    Ok(queued)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::subscription::ORDER_TYPES;

    /// Every type a subscription may name is one some order kind notifies,
    /// and every notified kind's type may be subscribed to.
    #[test]
    fn subscribable_types_are_the_notified_ones() {
        let kinds = [
            OrderKind::NewNumber,
            OrderKind::Disconnect,
            OrderKind::TnOption,
            OrderKind::Lidb,
            OrderKind::Dlda,
            OrderKind::PortIn,
            OrderKind::MoveTns,
            OrderKind::PortOut,
            OrderKind::E911,
        ];
        // The list above is every kind (parse round-trips them all).
        for k in kinds {
            assert_eq!(OrderKind::parse(k.as_str()), Some(k));
        }
        let mut notified: Vec<&str> = kinds.into_iter().filter_map(subscription_type).collect();
        notified.sort_unstable();
        let mut subscribable = ORDER_TYPES.to_vec();
        subscribable.sort_unstable();
        assert_eq!(notified, subscribable);
    }
}
