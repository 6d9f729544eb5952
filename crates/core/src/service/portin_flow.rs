//! The port-in lifecycle's mechanics, shared by the customer API, the
//! worker and the operator plane: holding and releasing the numbers,
//! sending to the simulated losing carrier, FOC, EXCEPTION, completion,
//! cancellation, and the worker's step.
//!
//! Every status change goes through [`transition`], which stores the order,
//! appends its history and queues the subscribers' callbacks in the
//! caller's transaction. Time-based steps are jobs on the sandbox clock:
//! callers outside the worker schedule with [`schedule`]; the worker's step
//! returns when it wants to run again.

use tnhub_nanp::{Geography, Tn};

use crate::error::CoreError;
use crate::inventory::Inventory;
use crate::number::{NumberGeo, NumberStatus};
use crate::order::portin::carrier::{self, Behaviour, CarrierSettings};
use crate::order::portin::{PortError, PortStatus, foc};
use crate::order::{HistoryEntry, OrderRow, to_json};
use crate::store::Repo;
use crate::timestamp::Timestamp;

use super::Tnhub;
use super::claim::{claim, geo_of, new_record, record_event};
use super::notify::{OrderEvent, notify};
use super::orders::ORDER_JOB;
use super::portins::{PortFailure, PortInView};

/// The order type numbers carry while porting and once ported.
pub const PORT_ORDER_TYPE: &str = "PORT_NUMBER_ORDER";
/// The author of what the worker and the simulated carrier do.
pub const SYSTEM: &str = "System";
/// The author of what the operator plane does.
pub const OPERATOR: &str = "Operator";
/// How long after the FOC date a triggered port may still be activated.
pub const ACTIVATION_WINDOW_MS: i64 = 3 * 86_400_000;

/// Where a number is and who sells it, for a port-in: from the inventory
/// block that covers it (on-net), else from the reference geography
/// (off-net); toll-free numbers are portable wherever they are. `None`:
/// not portable (an exchange nobody knows).
pub fn port_geo(inventory: &Inventory, tn: Tn) -> Option<(NumberGeo, bool)> {
    if let Some(b) = inventory.block_of(tn) {
        return Some((geo_of(inventory.attrs(b)), true));
    }
    let vendor = || NumberGeo {
        vendor_id: Some(crate::inventory::DEFAULT_VENDOR_ID),
        vendor_name: Some(crate::inventory::DEFAULT_VENDOR_NAME.to_string()),
        ..NumberGeo::default()
    };
    if tnhub_nanp::is_toll_free(tn.npa()) {
        return Some((vendor(), false));
    }
    let e = Geography::embedded().exchange(tn.npa_nxx())?;
    Some((
        NumberGeo {
            city: Some(e.city.to_string()),
            state: Some(e.state.to_string()),
            rate_center: Some(e.rate_center.to_string()),
            lata: e.lata.map(|l| l.get()),
            ..vendor()
        },
        false,
    ))
}

/// When a port-in in FOC completes: the FOC date, or for a triggered port
/// its activation time.
pub fn completion_due(v: &PortInView) -> Option<Timestamp> {
    let foc = v.result.actual_foc_date?;
    Some(if v.request.triggered {
        v.result.activation_date.unwrap_or(foc)
    } else {
        foc
    })
}

/// When the port-in next needs the worker, if ever.
pub fn next_due(v: &PortInView) -> Option<Timestamp> {
    match v.status() {
        PortStatus::Submitted | PortStatus::RequestedSupp | PortStatus::RequestedCancel => {
            v.result.carrier_due
        }
        PortStatus::Foc => completion_due(v),
        _ => None,
    }
}

/// Schedules the worker for the port-in's next step (outside the worker).
pub async fn schedule(tx: &mut dyn Repo, v: &PortInView, now: Timestamp) -> Result<(), CoreError> {
    if let Some(at) = next_due(v) {
        tx.enqueue_job(ORDER_JOB, &v.row.id, at, now).await?;
    }
    Ok(())
}

/// The simulated carrier's configuration, as stored.
pub async fn carrier_settings(tx: &mut dyn Repo) -> Result<CarrierSettings, CoreError> {
    let text = tx.setting(carrier::SETTING).await?;
    Ok(CarrierSettings::from_setting(text.as_deref()))
}

/// What a transition tells subscribers besides the status.
#[derive(Debug, Clone, Default)]
pub struct Change {
    pub note: String,
    pub author: String,
    pub difference: Option<String>,
    pub numbers: Vec<String>,
}

impl Change {
    /// A change with a note by an author.
    pub fn new(note: impl Into<String>, author: &str) -> Self {
        Change {
            note: note.into(),
            author: author.to_string(),
            ..Change::default()
        }
    }
}

/// Stores the port-in in a new status (or the same one, for a change that
/// keeps it), appends its history and, when the status changed, queues the
/// callbacks.
pub async fn transition(
    tx: &mut dyn Repo,
    v: &mut PortInView,
    status: PortStatus,
    change: Change,
    now: Timestamp,
) -> Result<(), CoreError> {
    let changed = v.row.status != status.as_str();
    v.row.status = status.as_str().to_string();
    v.row.updated_at = now;
    if status.is_terminal() {
        v.row.completed_at = Some(now);
    }
    v.result.last_modified_by = Some(change.author.clone());
    store(tx, v).await?;
    tx.add_history(
        &v.row.id,
        &HistoryEntry {
            at: now,
            status: status.as_str().to_string(),
            note: Some(change.note.clone()),
            author: change.author.clone(),
            difference: change.difference.clone(),
        },
    )
    .await?;
    if changed {
        let event = OrderEvent {
            status: status.as_str().to_string(),
            message: Some(change.note),
            numbers: change.numbers,
            actual_foc_date: (status == PortStatus::Foc)
                .then_some(v.result.actual_foc_date)
                .flatten(),
            ..OrderEvent::default()
        };
        notify(tx, &v.row, event, now).await?;
    }
    Ok(())
}

/// Writes the view's request and result into its row and stores it.
pub async fn store(tx: &mut dyn Repo, v: &mut PortInView) -> Result<(), CoreError> {
    v.row.request = to_json(&v.request)?;
    v.row.result = to_json(&v.result)?;
    v.row.customer_order_id = v.request.customer_order_id.clone();
    v.row.tn_count = v.request.tns.len() as u32;
    tx.update_order(&v.row).await?;
    Ok(())
}

/// Holds the numbers for the port-in (`PortInPendingFoc`); returns the
/// numbers someone else got first (the caller then refuses with 7205).
pub async fn hold_numbers(
    tx: &mut dyn Repo,
    row: &OrderRow,
    geos: &[(Tn, NumberGeo)],
    now: Timestamp,
) -> Result<Vec<String>, CoreError> {
    let mut refused = Vec::new();
    for (tn, geo) in geos {
        let mut r = new_record(
            *tn,
            NumberStatus::PortInPendingFoc,
            &row.account_id,
            geo.clone(),
            now,
        );
        r.order_id = Some(row.id.clone());
        r.order_type = Some(PORT_ORDER_TYPE.into());
        r.site_id = row.site_id;
        r.peer_id = row.peer_id;
        match claim(tx, &r, now).await? {
            Ok(()) => {
                record_event(
                    tx,
                    &r,
                    NumberStatus::PortInPendingFoc.as_str(),
                    Some(&row.created_by),
                    now,
                )
                .await?
            }
            Err(_) => refused.push(tn.to_string()),
        }
    }
    Ok(refused)
}

/// Lets go of the numbers the port-in holds.
pub async fn release_numbers(
    tx: &mut dyn Repo,
    v: &PortInView,
    now: Timestamp,
) -> Result<(), CoreError> {
    for tn in &v.request.tns {
        if let Some(r) = tx.number(tn).await?
            && r.order_id.as_deref() == Some(v.row.id.as_str())
            && r.status == NumberStatus::PortInPendingFoc
            && tx.delete_number(tn, r.version).await?
        {
            record_event(tx, &r, "Available", Some(SYSTEM), now).await?;
        }
    }
    Ok(())
}

/// Moves the held numbers to the port-in's (new) site and peer.
pub async fn move_holds(
    tx: &mut dyn Repo,
    v: &PortInView,
    now: Timestamp,
) -> Result<(), CoreError> {
    for tn in &v.request.tns {
        if let Some(r) = tx.number(tn).await?
            && r.order_id.as_deref() == Some(v.row.id.as_str())
            && r.status == NumberStatus::PortInPendingFoc
        {
            let mut next = r.clone();
            next.site_id = v.row.site_id;
            next.peer_id = v.row.peer_id;
            next.updated_at = now;
            tx.update_number(&next, r.version).await?;
        }
    }
    Ok(())
}

impl Tnhub {
    /// Sends the port-in to the simulated losing carrier (a submission or
    /// a supplement): it answers after the configured delay.
    pub(super) async fn send_to_carrier(
        &self,
        tx: &mut dyn Repo,
        v: &mut PortInView,
        status: PortStatus,
        change: Change,
        now: Timestamp,
    ) -> Result<(), CoreError> {
        let settings = carrier_settings(tx).await?;
        let spid = v.result.losing_carrier.as_ref().map(|c| c.spid.clone());
        let decision = settings.decide(
            spid.as_deref().unwrap_or(""),
            &v.request.tns,
            self.sandbox.is_some(),
        );
        v.result.carrier_due = Some(now.plus_millis(decision.delay_ms));
        v.result.submitted_at = Some(now);
        v.result.errors.clear();
        v.result.actual_foc_date = None;
        v.result.activation_date = None;
        transition(tx, v, status, change, now).await
    }

    /// The worker's step for a port-in; returns when to run again.
    pub(super) async fn process_port_in(
        &self,
        tx: &mut dyn Repo,
        row: OrderRow,
        now: Timestamp,
    ) -> Result<Option<Timestamp>, CoreError> {
        let mut v = PortInView::from_row(row)?;
        // A step can make the next one due at once (a FOC date already
        // passed): take a few in one go.
        for _ in 0..4 {
            match next_due(&v) {
                Some(due) if due <= now => self.step(tx, &mut v, now).await?,
                other => return Ok(other),
            }
        }
        Ok(next_due(&v))
    }

    async fn step(
        &self,
        tx: &mut dyn Repo,
        v: &mut PortInView,
        now: Timestamp,
    ) -> Result<(), CoreError> {
        match v.status() {
            PortStatus::Submitted | PortStatus::RequestedSupp => {
                // An operator's fault rule may make the carrier reject it
                // (a port-in's numbers move together: any named number, or
                // none named, fails the whole port-in).
                let injected = self
                    .order_fault(&v.row.account_id, v.row.kind.as_str(), &v.row.id)
                    .filter(|f| v.request.tns.iter().any(|tn| f.fails(tn)));
                if let Some(f) = injected {
                    let change = Change::new("The port-in failed (an injected fault)", SYSTEM);
                    let error = PortError::new(f.error.code, f.error.description);
                    return enter_exception(tx, v, error, change, now).await;
                }
                let settings = carrier_settings(tx).await?;
                let carrier = v.result.losing_carrier.clone().unwrap_or_default();
                v.result.carrier_due = None;
                match settings
                    .decide(&carrier.spid, &v.request.tns, self.sandbox.is_some())
                    .behaviour
                {
                    Behaviour::Accept => {
                        let date = foc::choose(
                            v.request.requested_foc_date,
                            now,
                            carrier.min_porting_interval,
                        );
                        let note =
                            format!("FOC date {} received from {}", date.iso(), carrier.name);
                        enter_foc(tx, v, date, Change::new(note, SYSTEM), now).await
                    }
                    Behaviour::Reject { code, description } => {
                        let note = format!("{} rejected the port-in", carrier.name);
                        enter_exception(
                            tx,
                            v,
                            PortError::new(code, description),
                            Change::new(note, SYSTEM),
                            now,
                        )
                        .await
                    }
                    Behaviour::Never => {
                        // The carrier stays silent: nothing more is due.
                        store(tx, v).await
                    }
                }
            }
            PortStatus::Foc => complete(tx, v, SYSTEM, now).await,
            PortStatus::RequestedCancel => {
                let change = Change::new("Cancellation confirmed by the losing carrier", SYSTEM);
                cancel_now(tx, v, change, now).await
            }
            _ => Ok(()),
        }
    }
}

/// The carrier committed to a date: FOC (a triggered port is activated at
/// that time unless the customer activates it earlier or later).
pub async fn enter_foc(
    tx: &mut dyn Repo,
    v: &mut PortInView,
    date: Timestamp,
    change: Change,
    now: Timestamp,
) -> Result<(), CoreError> {
    v.result.actual_foc_date = Some(date);
    v.result.activation_date = v.request.triggered.then_some(date);
    v.result.errors.clear();
    v.result.carrier_due = None;
    transition(tx, v, PortStatus::Foc, change, now).await
}

/// The carrier (or the operator) refused: EXCEPTION. The numbers stay held,
/// so a supplement can send the port-in again.
pub async fn enter_exception(
    tx: &mut dyn Repo,
    v: &mut PortInView,
    error: PortError,
    mut change: Change,
    now: Timestamp,
) -> Result<(), CoreError> {
    change.note = format!("{}: {} {}", change.note, error.code, error.description);
    v.result.errors = vec![error];
    v.result.carrier_due = None;
    v.result.actual_foc_date = None;
    v.result.activation_date = None;
    transition(tx, v, PortStatus::Exception, change, now).await
}

/// Cancels at once, letting go of the numbers.
pub async fn cancel_now(
    tx: &mut dyn Repo,
    v: &mut PortInView,
    change: Change,
    now: Timestamp,
) -> Result<(), CoreError> {
    release_numbers(tx, v, now).await?;
    v.result.carrier_due = None;
    transition(tx, v, PortStatus::Cancelled, change, now).await
}

/// Completes the port: the numbers go in service on the port-in's site and
/// peer, with order type `PORT_NUMBER_ORDER`.
pub async fn complete(
    tx: &mut dyn Repo,
    v: &mut PortInView,
    author: &str,
    now: Timestamp,
) -> Result<(), CoreError> {
    let mut done = Vec::new();
    for tn in &v.request.tns {
        let held = tx.number(tn).await?.filter(|r| {
            r.order_id.as_deref() == Some(v.row.id.as_str())
                && r.status == NumberStatus::PortInPendingFoc
        });
        let record = match held {
            Some(r) => {
                let mut next = r.clone();
                next.status = NumberStatus::Inservice;
                next.site_id = v.row.site_id;
                next.peer_id = v.row.peer_id;
                next.in_service_at = Some(now);
                next.updated_at = now;
                next.attributes = v.request.tn_attributes.clone();
                tx.update_number(&next, r.version).await?.then_some(next)
            }
            None => {
                // The hold is gone (it should not be): take the number if
                // nobody else has it.
                let Ok(t) = Tn::parse(tn) else { continue };
                let (geo, _) = port_geo(&Inventory::empty(), t).unwrap_or_default();
                let mut r = new_record(t, NumberStatus::Inservice, &v.row.account_id, geo, now);
                r.order_id = Some(v.row.id.clone());
                r.order_type = Some(PORT_ORDER_TYPE.into());
                r.site_id = v.row.site_id;
                r.peer_id = v.row.peer_id;
                r.in_service_at = Some(now);
                r.attributes = v.request.tn_attributes.clone();
                claim(tx, &r, now).await?.ok().map(|()| r)
            }
        };
        match record {
            Some(r) => {
                record_event(tx, &r, NumberStatus::Inservice.as_str(), Some(author), now).await?;
                done.push(tn.clone());
            }
            None => {
                tracing::warn!(order = %v.row.id, tn, "a ported number could not be put in service")
            }
        }
    }
    v.result.completed = done.clone();
    v.result.carrier_due = None;
    let mut change = Change::new(
        format!(
            "Port completed: {} of {} numbers in service",
            done.len(),
            v.request.tns.len()
        ),
        author,
    );
    change.numbers = done;
    transition(tx, v, PortStatus::Complete, change, now).await
}

/// Turns an error about the order's state into a port-in failure.
pub fn refuse(code: u32, description: impl Into<String>) -> PortFailure {
    PortFailure::invalid(vec![PortError::new(code, description)])
}
