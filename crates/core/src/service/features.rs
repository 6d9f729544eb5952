//! Feature orders (line options, caller name, directory listings): accepting
//! them and, in the worker, applying their settings number by number.

use crate::error::{CoreError, codes};
use crate::ids::AccountId;
use crate::number::{NumberEvent, NumberRecord, NumberStatus};
use crate::order::features::{FeatureRequest, FeatureResult, FeatureSettings, feature_codes};
use crate::order::number_order::FailedNumber;
use crate::order::{OrderKind, OrderRow, OrderStatus, from_json, new_order_id, to_json};
use crate::store::Repo;
use crate::timestamp::Timestamp;

use super::Tnhub;
use super::notify::{OrderEvent, notify};
use super::orders::{ORDER_JOB, history, load_order};

/// The `OrderType` a feature order shows in a number's history
/// (`/tns/{tn}/history`), in the style of the real `NEW_NUMBER_ORDER`.
pub fn history_order_type(kind: OrderKind) -> &'static str {
    match kind {
        OrderKind::Lidb => "LIDB_ORDER",
        OrderKind::Dlda => "DLDA_ORDER",
        OrderKind::E911 => "E911_ORDER",
        _ => "TN_OPTION_ORDER",
    }
}

/// A feature order with its typed request and result.
#[derive(Debug, Clone)]
pub struct FeatureOrderView {
    pub row: OrderRow,
    pub request: FeatureRequest,
    pub result: FeatureResult,
}

impl FeatureOrderView {
    /// Decodes a stored feature order.
    pub fn from_row(row: OrderRow) -> Result<Self, CoreError> {
        Ok(FeatureOrderView {
            request: from_json(&row.request)?,
            result: from_json(&row.result)?,
            row,
        })
    }
}

impl Tnhub {
    /// Accepts a feature order of `kind` (`TnOption`, `Lidb` or `Dlda`).
    pub async fn create_feature_order(
        &self,
        account: &AccountId,
        user: &str,
        kind: OrderKind,
        request: FeatureRequest,
    ) -> Result<FeatureOrderView, CoreError> {
        let now = self.clock.now();
        let row = OrderRow {
            id: new_order_id(),
            account_id: account.clone(),
            kind,
            status: OrderStatus::Received.as_str().to_string(),
            customer_order_id: request.customer_order_id.clone(),
            name: None,
            created_by: user.to_string(),
            site_id: None,
            peer_id: None,
            tn_count: request.tns().len() as u32,
            request: to_json(&request)?,
            result: to_json(&FeatureResult::default())?,
            created_at: now,
            updated_at: now,
            completed_at: None,
        };
        let mut tx = self.store.write().await?;
        tx.insert_order(&row).await?;
        let received = "Order has been received by the system";
        tx.add_history(
            &row.id,
            &history(now, OrderStatus::Received.as_str(), received, user),
        )
        .await?;
        notify_progress(tx.as_mut(), &row, OrderStatus::Received, received, now).await?;
        tx.enqueue_job(ORDER_JOB, &row.id, now, now).await?;
        tx.commit().await?;
        self.wake_worker();
        self.wake_deliverer();
        Ok(FeatureOrderView {
            row,
            request,
            result: FeatureResult::default(),
        })
    }

    /// One feature order of the account, of `kind`.
    pub async fn feature_order(
        &self,
        account: &AccountId,
        kind: OrderKind,
        id: &str,
    ) -> Result<FeatureOrderView, CoreError> {
        let mut repo = self.store.read().await?;
        FeatureOrderView::from_row(load_order(repo.as_mut(), account, id, Some(kind)).await?)
    }

    /// Changes a feature order that has not been processed yet, or sends a
    /// processed one through again with new settings (DLDA `PUT`).
    pub async fn replace_feature_order(
        &self,
        account: &AccountId,
        kind: OrderKind,
        id: &str,
        request: FeatureRequest,
        user: &str,
    ) -> Result<FeatureOrderView, CoreError> {
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let mut row = load_order(tx.as_mut(), account, id, Some(kind)).await?;
        row.customer_order_id = request.customer_order_id.clone().or(row.customer_order_id);
        row.request = to_json(&request)?;
        row.result = to_json(&FeatureResult::default())?;
        row.status = OrderStatus::Received.as_str().to_string();
        row.tn_count = request.tns().len() as u32;
        row.updated_at = now;
        row.completed_at = None;
        tx.update_order(&row).await?;
        let updated = "Order has been updated";
        tx.add_history(
            &row.id,
            &history(now, OrderStatus::Received.as_str(), updated, user),
        )
        .await?;
        notify_progress(tx.as_mut(), &row, OrderStatus::Received, updated, now).await?;
        tx.enqueue_job(ORDER_JOB, &row.id, now, now).await?;
        tx.commit().await?;
        self.wake_worker();
        self.wake_deliverer();
        Ok(FeatureOrderView {
            row,
            request,
            result: FeatureResult::default(),
        })
    }

    /// Applies a feature order to each of its numbers that is in service
    /// on the account.
    pub(super) async fn process_feature_order(
        &self,
        tx: &mut dyn Repo,
        mut o: FeatureOrderView,
        now: Timestamp,
    ) -> Result<(), CoreError> {
        let account = o.row.account_id.clone();
        notify_progress(
            tx,
            &o.row,
            OrderStatus::Processing,
            "Order is being processed",
            now,
        )
        .await?;
        let mut result = FeatureResult::default();
        // An operator's fault rule may fail some numbers, or all, on purpose.
        let injected = self.order_fault(&account, o.row.kind.as_str(), &o.row.id);
        for group in &o.request.groups {
            for tn in &group.tns {
                if let Some(f) = injected.as_ref().filter(|f| f.fails(tn)) {
                    if !result.failed.iter().any(|x| &x.tn == tn) {
                        result.failed.push(f.failed(tn));
                    }
                    continue;
                }
                // A versioned change: if another transaction changed the
                // row meanwhile (another feature order on another job runner
                // or server), read it again and apply the settings to that.
                let mut applied = false;
                let mut refused = None;
                for _ in 0..super::claim::VERSION_RETRIES {
                    let row = tx.number(tn).await?.filter(|r| r.holds_at(now));
                    refused = match &row {
                        None => Some((
                            feature_codes::NOT_ON_SYSTEM,
                            "Telephone number is not available on the system.",
                        )),
                        Some(r) if r.account_id.as_ref() != Some(&account) => Some((
                            feature_codes::NOT_YOURS,
                            "Number does not belong to this account.",
                        )),
                        Some(r) if r.status != NumberStatus::Inservice => Some((
                            feature_codes::NOT_YOURS,
                            "Number is not in service on this account.",
                        )),
                        Some(r)
                            if turns_sms_on(&group.settings) && !peer_messaging(tx, r).await? =>
                        {
                            Some((
                                codes::MESSAGING_NOT_ENABLED,
                                "SMS cannot be enabled: the number's SIP peer has no messaging (SMS) feature.",
                            ))
                        }
                        Some(_) => None,
                    };
                    let Some(row) = row.filter(|_| refused.is_none()) else {
                        break;
                    };
                    let mut next = row.clone();
                    next.features.apply(&group.settings);
                    if let FeatureSettings::Options(opts) = &group.settings
                        && let Some(protect) = opts.protected
                    {
                        next.set_protected(protect);
                    }
                    next.updated_at = now;
                    if tx.update_number(&next, row.version).await? {
                        // The number's history shows the feature order too,
                        // under its own id (the row keeps the order that put
                        // the number in service).
                        tx.add_number_event(&NumberEvent {
                            tn: next.tn,
                            account_id: next.account_id.clone(),
                            order_id: Some(o.row.id.clone()),
                            order_type: Some(history_order_type(o.row.kind).to_string()),
                            status: next.status.as_str().to_string(),
                            user: Some(o.row.created_by.clone()),
                            at: now,
                        })
                        .await?;
                        applied = true;
                        break;
                    }
                }
                let failure = match refused {
                    Some(refusal) => Some(refusal),
                    None if !applied => Some((
                        feature_codes::NOT_YOURS,
                        "The number kept changing while the order was processed; order it again.",
                    )),
                    None => None,
                };
                if let Some((code, text)) = failure {
                    if !result.failed.iter().any(|f| &f.tn == tn) {
                        result.failed.push(FailedNumber {
                            tn: tn.clone(),
                            code,
                            description: text.into(),
                        });
                    }
                } else if !result.completed.contains(tn) {
                    result.completed.push(tn.clone());
                }
            }
        }
        result
            .completed
            .retain(|t| !result.failed.iter().any(|f| &f.tn == t));
        let status = if result.failed.is_empty() {
            OrderStatus::Complete
        } else if result.completed.is_empty() {
            OrderStatus::Failed
        } else {
            OrderStatus::Partial
        };
        let note = format!(
            "{} of {} numbers updated",
            result.completed.len(),
            o.request.tns().len()
        );
        o.row.status = status.as_str().to_string();
        o.row.result = to_json(&result)?;
        o.row.updated_at = now;
        o.row.completed_at = Some(now);
        tx.update_order(&o.row).await?;
        let event = OrderEvent {
            status: status.as_str().to_string(),
            message: Some(note.clone()),
            numbers: result.completed.clone(),
            ..OrderEvent::default()
        };
        notify(tx, &o.row, event, now).await?;
        tx.add_history(&o.row.id, &history(now, status.as_str(), &note, "System"))
            .await?;
        Ok(())
    }
}

/// Whether a group's settings switch SMS on.
fn turns_sms_on(settings: &FeatureSettings) -> bool {
    matches!(settings, FeatureSettings::Options(o) if o.sms.as_deref() == Some("on"))
}

/// Whether the number's SIP peer has messaging (SMS) enabled: SMS on a
/// number needs it (docs/applications-and-products.md).
async fn peer_messaging(tx: &mut dyn Repo, n: &NumberRecord) -> Result<bool, CoreError> {
    let (Some(site), Some(peer)) = (n.site_id, n.peer_id) else {
        return Ok(false);
    };
    Ok(tx
        .peer(site, peer)
        .await?
        .is_some_and(|p| p.fields.settings.products.messaging()))
}

/// Tells `tnoptions` subscribers that a TN option order was received or is
/// being processed: the real service notifies them of RECEIVED and
/// PROCESSING as well as of the outcome (COMPLETE, PARTIAL, FAILED), while
/// LIDB and DLDA subscribers hear only the outcome. Both events are queued
/// before the outcome's, and callbacks of one order go out in event order.
async fn notify_progress(
    tx: &mut dyn Repo,
    row: &OrderRow,
    status: OrderStatus,
    message: &str,
    now: Timestamp,
) -> Result<(), CoreError> {
    if row.kind != OrderKind::TnOption {
        return Ok(());
    }
    let event = OrderEvent {
        status: status.as_str().to_string(),
        message: Some(message.to_string()),
        ..OrderEvent::default()
    };
    notify(tx, row, event, now).await?;
    Ok(())
}
