//! Telling subscribers: every status change of an order queues one
//! delivery per matching subscription, in the caller's transaction, so the
//! change and its callbacks commit (or vanish) together.

use crate::error::CoreError;
use crate::order::{OrderKind, OrderRow, to_json};
use crate::store::Repo;
use crate::subscription::Notification;
use crate::timestamp::Timestamp;

/// The subscription order type that covers an order kind.
pub fn subscription_type(kind: OrderKind) -> &'static str {
    match kind {
        OrderKind::NewNumber => "orders",
        OrderKind::Disconnect => "disconnects",
        OrderKind::TnOption => "tnoptions",
        OrderKind::Lidb => "lidbs",
        OrderKind::Dlda => "dldas",
        OrderKind::PortIn => "portins",
        OrderKind::MoveTns => "moveTns",
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
    let order_type = subscription_type(order.kind);
    let subscriptions = repo
        .subscriptions(&order.account_id, Some(order_type))
        .await?;
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
        repo.insert_delivery(&s.id, &order.account_id, &to_json(&n)?, now)
            .await?;
        queued += 1;
    }
    Ok(queued)
}
