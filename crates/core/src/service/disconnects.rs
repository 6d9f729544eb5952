//! Disconnects: accepting them, and (in the worker) taking numbers out of
//! service into aging, or straight back to inventory with `purge`.

use std::time::Duration;

use crate::error::CoreError;
use crate::ids::AccountId;
use crate::number::{NumberFeatures, NumberRecord, NumberStatus};
use crate::order::disconnect::{
    DisconnectDraft, DisconnectMode, DisconnectRequest, DisconnectResult, NOT_YOURS_TEXT,
    disconnect_codes,
};
use crate::order::number_order::FailedNumber;
use crate::order::{OrderKind, OrderRow, OrderStatus, from_json, new_order_id, to_json};
use crate::store::Repo;
use crate::timestamp::Timestamp;

use super::Tnhub;
use super::claim::record_event;
use super::notify::{OrderEvent, notify};
use super::orders::{ORDER_JOB, history, load_order};

/// How long a disconnected number ages before it returns to inventory,
/// unless configured otherwise (the real service: about 30 days).
pub const DEFAULT_AGING_MS: i64 = 30 * 24 * 3_600_000;

/// A disconnect with its typed request and result.
#[derive(Debug, Clone)]
pub struct DisconnectView {
    pub row: OrderRow,
    pub request: DisconnectRequest,
    pub result: DisconnectResult,
}

impl DisconnectView {
    /// Decodes a stored disconnect.
    pub fn from_row(row: OrderRow) -> Result<Self, CoreError> {
        Ok(DisconnectView {
            request: from_json(&row.request)?,
            result: from_json(&row.result)?,
            row,
        })
    }
}

/// Takes a number out of service into aging until `until`: no site, peer
/// or features any more (a disconnect, a completed port-out).
pub(super) fn into_aging(next: &mut NumberRecord, until: Timestamp) {
    next.status = NumberStatus::Aging;
    next.hold_until = Some(until);
    next.site_id = None;
    next.peer_id = None;
    next.in_service_at = None;
    next.features = NumberFeatures::default();
}

impl Tnhub {
    /// Sets how long disconnected numbers age.
    pub fn with_aging(mut self, aging: Duration) -> Self {
        self.aging_ms = i64::try_from(aging.as_millis()).unwrap_or(i64::MAX);
        self
    }

    /// Accepts a disconnect: stores it as RECEIVED with a job to process it.
    pub async fn create_disconnect(
        &self,
        account: &AccountId,
        user: &str,
        draft: DisconnectDraft,
    ) -> Result<DisconnectView, CoreError> {
        let request = DisconnectRequest::validate(draft)?;
        let now = self.clock.now();
        let row = OrderRow {
            id: new_order_id(),
            account_id: account.clone(),
            kind: OrderKind::Disconnect,
            status: OrderStatus::Received.as_str().to_string(),
            customer_order_id: request.customer_order_id.clone(),
            name: request.name.clone(),
            created_by: user.to_string(),
            site_id: None,
            peer_id: None,
            tn_count: request.tns.len() as u32,
            request: to_json(&request)?,
            result: to_json(&DisconnectResult::default())?,
            created_at: now,
            updated_at: now,
            completed_at: None,
        };
        let mut tx = self.store.write().await?;
        tx.insert_order(&row).await?;
        tx.add_history(
            &row.id,
            &history(
                now,
                OrderStatus::Received.as_str(),
                "Disconnect order has been received by the system",
                user,
            ),
        )
        .await?;
        tx.enqueue_job(ORDER_JOB, &row.id, now, now).await?;
        tx.commit().await?;
        self.wake_worker();
        Ok(DisconnectView {
            row,
            request,
            result: DisconnectResult::default(),
        })
    }

    /// One disconnect of the account.
    pub async fn disconnect(
        &self,
        account: &AccountId,
        id: &str,
    ) -> Result<DisconnectView, CoreError> {
        let mut repo = self.store.read().await?;
        DisconnectView::from_row(
            load_order(repo.as_mut(), account, id, Some(OrderKind::Disconnect)).await?,
        )
    }

    /// Processes a disconnect: each number in service on the account ages
    /// — or, with `purge`, returns to inventory at once. Any other number
    /// fails with 5006, as the real service refuses to disconnect a number
    /// that is not in service for the account: someone else's, nobody's,
    /// or one of its own already disconnected and aging (disconnecting it
    /// again would restart its aging period).
    pub(super) async fn process_disconnect(
        &self,
        tx: &mut dyn Repo,
        mut d: DisconnectView,
        now: Timestamp,
    ) -> Result<(), CoreError> {
        let account = d.row.account_id.clone();
        let mut result = DisconnectResult::default();
        // An operator's fault rule may fail some numbers, or all, on purpose.
        let injected = self.order_fault(&account, d.row.kind.as_str(), &d.row.id);
        for tn in &d.request.tns {
            if let Some(f) = injected.as_ref().filter(|f| f.fails(tn)) {
                result.failed.push(f.failed(tn));
                continue;
            }
            // A versioned change: if another transaction changed the row
            // meanwhile (a feature order on another job runner or server),
            // read it again and decide afresh.
            let mut done = false;
            for _ in 0..super::claim::VERSION_RETRIES {
                let row = tx.number(tn).await?;
                let ours = row.filter(|r| {
                    r.account_id.as_ref() == Some(&account)
                        && r.holds_at(now)
                        && r.status == NumberStatus::Inservice
                });
                let Some(row) = ours else {
                    break;
                };
                let mut next = row.clone();
                next.order_id = Some(d.row.id.clone());
                next.order_type = Some("DISCONNECT_NUMBER_ORDER".into());
                next.updated_at = now;
                let event = if d.request.mode == DisconnectMode::Purge {
                    done = tx.delete_number(tn, row.version).await?;
                    "Available"
                } else {
                    into_aging(&mut next, now.plus_millis(self.aging_ms));
                    match d.request.protected.as_deref() {
                        Some("TRUE") if !next.attributes.iter().any(|a| a == "Protected") => {
                            next.attributes.push("Protected".into())
                        }
                        Some("FALSE") => next.attributes.retain(|a| a != "Protected"),
                        _ => {}
                    }
                    done = tx.update_number(&next, row.version).await?;
                    NumberStatus::Aging.as_str()
                };
                if done {
                    record_event(tx, &next, event, Some(&d.row.created_by), now).await?;
                    break;
                }
            }
            if done {
                result.disconnected.push(tn.clone());
            } else {
                result.failed.push(FailedNumber {
                    tn: tn.clone(),
                    code: disconnect_codes::NOT_YOURS,
                    description: NOT_YOURS_TEXT.into(),
                });
            }
        }
        let status = if result.failed.is_empty() {
            OrderStatus::Complete
        } else if result.disconnected.is_empty() {
            OrderStatus::Failed
        } else {
            OrderStatus::Partial
        };
        let note = format!(
            "{} of {} numbers disconnected",
            result.disconnected.len(),
            d.request.tns.len()
        );
        d.row.status = status.as_str().to_string();
        d.row.result = to_json(&result)?;
        d.row.updated_at = now;
        d.row.completed_at = Some(now);
        tx.update_order(&d.row).await?;
        let event = OrderEvent {
            status: status.as_str().to_string(),
            message: Some(note.clone()),
            numbers: result.disconnected.clone(),
            ..OrderEvent::default()
        };
        notify(tx, &d.row, event, now).await?;
        tx.add_history(&d.row.id, &history(now, status.as_str(), &note, "System"))
            .await?;
        Ok(())
    }
}
