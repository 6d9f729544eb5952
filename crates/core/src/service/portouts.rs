//! Port-outs: receiving a simulated winning carrier's request (the operator
//! plane), the worker's steps (validation → FOC → completion on the sandbox
//! clock), and reading them back (docs/port-outs-lsr-csr.md).
//!
//! A port-out is accepted through the order intake like every order, with
//! a job due at once. The job checks the numbers: each must be in service
//! on the account, and a number with a port-out passcode needs the same
//! passcode in the request; otherwise the port-out ends in `EXCEPTION`
//! with the carrier-rejection code (7516, 7512, 7513). An accepted one goes
//! to `FOC` with the date the winning carrier asked for (when it is a
//! business day far enough ahead) or the earliest allowed, and its job
//! waits for that date. On it the numbers leave the account: they age like
//! disconnected numbers and then return to inventory. Every status change
//! appends to the history and notifies the account's `portouts`
//! subscribers.

use crate::error::CoreError;
use crate::ids::AccountId;
use crate::number::NumberStatus;
use crate::order::portin::{PortError, foc};
use crate::order::portout::{
    PortOutDraft, PortOutRequest, PortOutResult, PortOutStatus, codes, passcode_refusal,
};
use crate::order::{OrderFilter, OrderKind, OrderRow, from_json, new_order_id, to_json};
use crate::store::Repo;
use crate::timestamp::Timestamp;

use super::Tnhub;
use super::claim::{VERSION_RETRIES, record_event};
use super::disconnects::into_aging;
use super::notify::{OrderEvent, notify};
use super::orders::{ORDER_JOB, history, load_order, order_not_found};
use super::portin_flow::{OPERATOR, SYSTEM};

/// The order type a ported-out number's row names (tnhub's spelling).
pub const PORT_OUT_ORDER_TYPE: &str = "PORT_OUT_ORDER";

/// The fewest business days between the request and the FOC date.
pub const PORT_OUT_INTERVAL_DAYS: u32 = 1;

/// A port-out with its typed request and result.
#[derive(Debug, Clone)]
pub struct PortOutView {
    pub row: OrderRow,
    pub request: PortOutRequest,
    pub result: PortOutResult,
}

impl PortOutView {
    /// Decodes a stored port-out.
    pub fn from_row(row: OrderRow) -> Result<Self, CoreError> {
        Ok(PortOutView {
            request: from_json(&row.request)?,
            result: from_json(&row.result)?,
            row,
        })
    }

    /// Its status.
    pub fn status(&self) -> PortOutStatus {
        PortOutStatus::parse(&self.row.status).unwrap_or(PortOutStatus::New)
    }

    /// When the worker next has something to do for it.
    fn next_due(&self) -> Option<Timestamp> {
        match self.status() {
            PortOutStatus::New => Some(self.row.created_at),
            PortOutStatus::Foc => self.result.actual_foc_date,
            _ => None,
        }
    }
}

/// One page of port-outs.
#[derive(Debug, Clone)]
pub struct PortOutPage {
    pub items: Vec<PortOutView>,
    pub total: u64,
    pub next: Option<String>,
}

/// Stores the port-out in `status`, appends its history and, when the
/// status changed, notifies the `portouts` subscribers.
async fn transition(
    tx: &mut dyn Repo,
    v: &mut PortOutView,
    status: PortOutStatus,
    note: String,
    author: &str,
    numbers: Vec<String>,
    now: Timestamp,
) -> Result<(), CoreError> {
    let changed = v.row.status != status.as_str();
    v.row.status = status.as_str().to_string();
    v.row.updated_at = now;
    if status.is_terminal() {
        v.row.completed_at = Some(now);
    }
    v.result.last_modified_by = Some(author.to_string());
    v.row.result = to_json(&v.result)?;
    tx.update_order(&v.row).await?;
    tx.add_history(&v.row.id, &history(now, status.as_str(), &note, author))
        .await?;
    if changed {
        let event = OrderEvent {
            status: status.as_str().to_string(),
            message: Some(note),
            numbers,
            actual_foc_date: (status == PortOutStatus::Foc)
                .then_some(v.result.actual_foc_date)
                .flatten(),
            ..OrderEvent::default()
        };
        notify(tx, &v.row, event, now).await?;
    }
    Ok(())
}

/// The number as the account holds it in service now, if it does.
async fn in_service(
    tx: &mut dyn Repo,
    account: &AccountId,
    tn: &str,
    now: Timestamp,
) -> Result<Option<crate::number::NumberRecord>, CoreError> {
    Ok(tx.number(tn).await?.filter(|r| {
        r.account_id.as_ref() == Some(account)
            && r.holds_at(now)
            && r.status == NumberStatus::Inservice
    }))
}

/// Checks a new port-out: every number in service on the account, every
/// passcode matched. The errors, each with its numbers.
async fn refusals(
    tx: &mut dyn Repo,
    v: &PortOutView,
    now: Timestamp,
) -> Result<Vec<PortError>, CoreError> {
    let mut errors: Vec<PortError> = Vec::new();
    let mut add = |e: PortError, tn: &str| match errors.iter_mut().find(|x| x.code == e.code) {
        Some(x) => x.tns.push(tn.to_string()),
        None => errors.push(PortError::about(
            e.code,
            e.description,
            vec![tn.to_string()],
        )),
    };
    for tn in &v.request.tns {
        match in_service(tx, &v.row.account_id, tn, now).await? {
            None => add(
                PortError::new(
                    codes::NOT_ON_ACCOUNT,
                    "Telephone Number not recognized or invalid for this account",
                ),
                tn,
            ),
            Some(r) => {
                if let Some(e) = passcode_refusal(
                    r.features.port_out_passcode.as_deref(),
                    v.request.passcode.as_deref(),
                ) {
                    add(e, tn)
                }
            }
        }
    }
    Ok(errors)
}

impl Tnhub {
    /// Receives a port-out request from the simulated winning carrier (the
    /// operator plane): stored as `NEW` with a job that checks it at once.
    pub async fn start_port_out(
        &self,
        account: &AccountId,
        draft: PortOutDraft,
    ) -> Result<PortOutView, CoreError> {
        self.account(account).await?;
        let id = new_order_id();
        let request = PortOutRequest::validate(draft, &id)?;
        let now = self.clock.now();
        let result = PortOutResult::default();
        let row = OrderRow {
            id,
            account_id: account.clone(),
            kind: OrderKind::PortOut,
            status: PortOutStatus::New.as_str().to_string(),
            customer_order_id: None,
            name: None,
            created_by: SYSTEM.to_string(),
            site_id: None,
            peer_id: None,
            tn_count: request.tns.len() as u32,
            request: to_json(&request)?,
            result: to_json(&result)?,
            created_at: now,
            updated_at: now,
            completed_at: None,
        };
        let note = format!(
            "Port-out request {} received from {} ({})",
            request.pon, request.winning_carrier.name, request.winning_carrier.spid
        );
        self.accept(super::intake::Accepted {
            order: row.clone(),
            history: history(now, PortOutStatus::New.as_str(), &note, SYSTEM),
            job: (ORDER_JOB, now),
        })
        .await?;
        self.wake_worker();
        Ok(PortOutView {
            row,
            request,
            result,
        })
    }

    /// One port-out of the account.
    pub async fn port_out(&self, account: &AccountId, id: &str) -> Result<PortOutView, CoreError> {
        let mut repo = self.store.read().await?;
        PortOutView::from_row(
            load_order(repo.as_mut(), account, id, Some(OrderKind::PortOut)).await?,
        )
    }

    /// One port-out, whoever's (the operator plane).
    pub async fn port_out_by_id(&self, id: &str) -> Result<PortOutView, CoreError> {
        let mut repo = self.store.read().await?;
        match repo.order_by_id(id.trim()).await? {
            Some(row) if row.kind == OrderKind::PortOut => PortOutView::from_row(row),
            _ => Err(order_not_found(id)),
        }
    }

    /// A page of the account's port-outs, oldest first.
    pub async fn list_port_outs(
        &self,
        account: &AccountId,
        filter: &OrderFilter,
        page: Option<&str>,
        size: u32,
    ) -> Result<PortOutPage, CoreError> {
        let filter = OrderFilter {
            kind: Some(OrderKind::PortOut),
            ..filter.clone()
        };
        let page = self.list_orders(account, &filter, page, size).await?;
        Ok(PortOutPage {
            items: page
                .orders
                .into_iter()
                .map(PortOutView::from_row)
                .collect::<Result<_, _>>()?,
            total: page.total,
            next: page.next,
        })
    }

    /// The operator completes a port-out in FOC now, before its date.
    pub async fn complete_port_out(&self, id: &str) -> Result<PortOutView, CoreError> {
        self.operator_step(id, |s| s == PortOutStatus::Foc, "complete", true)
            .await
    }

    /// The winning carrier withdraws a port-out not yet complete.
    pub async fn cancel_port_out(&self, id: &str) -> Result<PortOutView, CoreError> {
        self.operator_step(id, |s| !s.is_terminal(), "cancel", false)
            .await
    }

    async fn operator_step(
        &self,
        id: &str,
        allowed: impl Fn(PortOutStatus) -> bool,
        what: &str,
        complete: bool,
    ) -> Result<PortOutView, CoreError> {
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let row = match tx.order_by_id(id.trim()).await? {
            Some(row) if row.kind == OrderKind::PortOut => row,
            _ => return Err(order_not_found(id)),
        };
        let mut v = PortOutView::from_row(row)?;
        if !allowed(v.status()) {
            return Err(CoreError::conflict(
                crate::order::portin::codes::ALREADY_COMPLETE,
                format!("A port-out in {} cannot {what}", v.row.status),
            ));
        }
        if complete {
            self.finish_port_out(tx.as_mut(), &mut v, OPERATOR, now)
                .await?;
        } else {
            let note = format!("Port-out cancelled by {}", v.request.winning_carrier.name);
            transition(
                tx.as_mut(),
                &mut v,
                PortOutStatus::Cancelled,
                note,
                OPERATOR,
                vec![],
                now,
            )
            .await?;
        }
        tx.commit().await?;
        self.wake_deliverer();
        Ok(v)
    }

    /// The worker's step for a port-out; returns when to run again.
    pub(super) async fn process_port_out(
        &self,
        tx: &mut dyn Repo,
        row: OrderRow,
        now: Timestamp,
    ) -> Result<Option<Timestamp>, CoreError> {
        let mut v = PortOutView::from_row(row)?;
        if v.status() == PortOutStatus::New {
            let errors = refusals(tx, &v, now).await?;
            if errors.is_empty() {
                let date = foc::choose(v.request.requested_foc_date, now, PORT_OUT_INTERVAL_DAYS);
                v.result.actual_foc_date = Some(date);
                let note = format!(
                    "FOC date {} confirmed to {}",
                    date.iso(),
                    v.request.winning_carrier.name
                );
                transition(tx, &mut v, PortOutStatus::Foc, note, SYSTEM, vec![], now).await?;
            } else {
                let note = errors
                    .iter()
                    .map(|e| format!("{} {} ({})", e.code, e.description, e.tns.join(",")))
                    .collect::<Vec<_>>()
                    .join("; ");
                v.result.errors = errors;
                let note = format!("Port-out request refused: {note}");
                transition(
                    tx,
                    &mut v,
                    PortOutStatus::Exception,
                    note,
                    SYSTEM,
                    vec![],
                    now,
                )
                .await?;
            }
        }
        if v.status() == PortOutStatus::Foc && v.next_due().is_some_and(|d| d <= now) {
            self.finish_port_out(tx, &mut v, SYSTEM, now).await?;
        }
        Ok(v.next_due())
    }

    /// The numbers leave the account: each still in service on it ages
    /// like a disconnected number (its site, peer and features gone), then
    /// returns to inventory.
    async fn finish_port_out(
        &self,
        tx: &mut dyn Repo,
        v: &mut PortOutView,
        author: &str,
        now: Timestamp,
    ) -> Result<(), CoreError> {
        let mut gone = Vec::new();
        for tn in &v.request.tns {
            for _ in 0..VERSION_RETRIES {
                let Some(row) = in_service(tx, &v.row.account_id, tn, now).await? else {
                    break;
                };
                let mut next = row.clone();
                next.order_id = Some(v.row.id.clone());
                next.order_type = Some(PORT_OUT_ORDER_TYPE.into());
                next.updated_at = now;
                into_aging(&mut next, now.plus_millis(self.aging_ms));
                if tx.update_number(&next, row.version).await? {
                    record_event(tx, &next, NumberStatus::Aging.as_str(), Some(author), now)
                        .await?;
                    gone.push(tn.clone());
                    break;
                }
            }
        }
        v.result.completed = gone.clone();
        let note = format!(
            "Port-out complete: {} of {} numbers ported to {}",
            gone.len(),
            v.request.tns.len(),
            v.request.winning_carrier.name
        );
        transition(tx, v, PortOutStatus::Complete, note, author, gone, now).await
    }
}
