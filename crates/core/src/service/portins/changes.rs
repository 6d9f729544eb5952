//! Changing a port-in the customer already made: supplement (PUT), cancel
//! (DELETE), and on-demand activation of a triggered port, with the checks
//! that refuse a change to one that has ended (7303/7304) or is not ready
//! (7342/7348). Split from create/read/list to keep each file short.

use crate::error::ErrorKind;
use crate::ids::AccountId;
use crate::order::portin::{Intent, PortError, PortInDraft, PortStatus, codes, foc};
use crate::service::Tnhub;
use crate::service::orders::ORDER_JOB;
use crate::service::portin_flow::{
    ACTIVATION_WINDOW_MS, Change, cancel_now, complete, move_holds, refuse, schedule, transition,
};
use crate::timestamp::Timestamp;

use super::{PortFailure, PortInView, PortResult, load_port_in, resolve_place};

impl Tnhub {
    /// Supplements a port-in (PUT): changes the fields sent. A draft may
    /// change anything and is submitted by `ProcessingStatus=SUBMITTED`;
    /// a submitted port-in keeps its numbers and goes back to the losing
    /// carrier (REQUESTED_SUPP).
    pub async fn update_port_in(
        &self,
        account: &AccountId,
        id: &str,
        user: &str,
        draft: PortInDraft,
    ) -> PortResult<PortInView> {
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let mut v = load_port_in(tx.as_mut(), account, id).await?;
        let status = v.status();
        refuse_terminal(status)?;
        if status == PortStatus::RequestedCancel {
            return Err(refuse(
                codes::ALREADY_CANCELLED,
                "The order is being cancelled and cannot be modified",
            ));
        }
        if status == PortStatus::Foc
            && let Some(f) = v.result.actual_foc_date
            && now >= f.plus_millis(-86_400_000)
        {
            return Err(refuse(
                codes::TOO_CLOSE_TO_FOC,
                format!(
                    "The order cannot be modified within 24 hours of its FOC date ({})",
                    f.iso()
                ),
            ));
        }
        let before = v.request.clone();
        let mut errors = Vec::new();
        let intent = v.request.merge(draft, &mut errors);
        let place = resolve_place(tx.as_mut(), account, &v.request, &mut errors).await?;
        if status != PortStatus::Draft {
            let mut a = before.tns.clone();
            let mut b = v.request.tns.clone();
            a.sort();
            b.sort();
            if a != b {
                errors.push(PortError::new(
                    codes::NOT_SUPPABLE,
                    "ListOfPhoneNumbers cannot be changed by a supplement: cancel the port-in and create another",
                ));
            }
            if before.triggered != v.request.triggered {
                errors.push(PortError::new(
                    codes::NOT_SUPPABLE,
                    "Triggered cannot be changed by a supplement",
                ));
            }
        }
        let submitting = status != PortStatus::Draft || intent == Intent::Submit;
        let plan = if status == PortStatus::Draft {
            Some(
                self.plan_numbers(
                    tx.as_mut(),
                    account,
                    &v.request,
                    Some(&v.row.id),
                    submitting,
                    now,
                    &mut errors,
                )
                .await?,
            )
        } else {
            None
        };
        if submitting {
            v.request.check_complete(&mut errors);
            if v.request.requested_foc_date != before.requested_foc_date
                || status == PortStatus::Draft
            {
                let carrier = v
                    .result
                    .losing_carrier
                    .as_ref()
                    .map(|c| c.min_porting_interval)
                    .or_else(|| {
                        plan.as_ref()
                            .and_then(|p| p.carrier.map(|c| c.min_porting_interval))
                    })
                    .unwrap_or(1);
                if let Some(f) = v.request.requested_foc_date
                    && let Err(e) = foc::check(f, now, carrier)
                {
                    errors.push(e);
                }
            }
        }
        if !errors.is_empty() {
            return Err(PortFailure::invalid(errors));
        }
        let Some((site, peer)) = place else {
            return Err(refuse(
                codes::SITE_INVALID,
                "The site id was not supplied or is invalid.",
            ));
        };
        let moved = v.row.site_id != Some(site) || v.row.peer_id != Some(peer);
        v.request.site_id = Some(site.get());
        v.request.peer_id = Some(peer.get());
        v.row.site_id = Some(site);
        v.row.peer_id = Some(peer);
        if let Some(plan) = &plan {
            v.result.losing_carrier = plan.carrier_info();
            v.result.port_type = Some(plan.port_type.into());
            v.result.toll_free = plan.toll_free;
        }
        match (status, plan) {
            (PortStatus::Draft, Some(plan)) if intent == Intent::Submit => {
                self.submit(tx.as_mut(), &mut v, &plan, user, now).await?;
            }
            (PortStatus::Draft, _) => {
                let change = Change::new("Draft updated", user);
                transition(tx.as_mut(), &mut v, PortStatus::Draft, change, now).await?;
            }
            (PortStatus::PendingDocuments, _) => {
                if moved {
                    move_holds(tx.as_mut(), &v, now).await?;
                }
                let change = Change::new("Supplement received; waiting for documents", user);
                transition(
                    tx.as_mut(),
                    &mut v,
                    PortStatus::PendingDocuments,
                    change,
                    now,
                )
                .await?;
            }
            _ => {
                if moved {
                    move_holds(tx.as_mut(), &v, now).await?;
                }
                let change = Change::new("Supplement received", user);
                self.send_to_carrier(tx.as_mut(), &mut v, PortStatus::RequestedSupp, change, now)
                    .await?;
            }
        }
        schedule(tx.as_mut(), &v, now).await?;
        tx.commit().await?;
        self.wake_worker();
        Ok(v)
    }

    /// Cancels a port-in (DELETE): a draft is deleted outright (`None`);
    /// one not yet with the losing carrier (waiting for documents, or in
    /// EXCEPTION) is CANCELLED at once; one with the carrier goes to
    /// REQUESTED_CANCEL until the carrier confirms.
    pub async fn cancel_port_in(
        &self,
        account: &AccountId,
        id: &str,
        user: &str,
    ) -> PortResult<Option<PortInView>> {
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let mut v = load_port_in(tx.as_mut(), account, id).await?;
        let status = v.status();
        refuse_terminal(status)?;
        match status {
            PortStatus::Draft => {
                tx.delete_jobs_of(ORDER_JOB, &v.row.id).await?;
                tx.delete_order(&v.row.id).await?;
                tx.commit().await?;
                return Ok(None);
            }
            PortStatus::PendingDocuments | PortStatus::Exception => {
                let change = Change::new("Cancelled by the customer", user);
                cancel_now(tx.as_mut(), &mut v, change, now).await?;
            }
            PortStatus::RequestedCancel => return Ok(Some(v)),
            _ => {
                let settings = crate::service::portin_flow::carrier_settings(tx.as_mut()).await?;
                let spid = v.result.losing_carrier.as_ref().map(|c| c.spid.clone());
                let delay = settings
                    .decide(
                        spid.as_deref().unwrap_or(""),
                        &v.request.tns,
                        self.sandbox.is_some(),
                    )
                    .delay_ms;
                v.result.carrier_due = Some(now.plus_millis(delay));
                let change = Change::new("Cancellation requested", user);
                transition(
                    tx.as_mut(),
                    &mut v,
                    PortStatus::RequestedCancel,
                    change,
                    now,
                )
                .await?;
            }
        }
        schedule(tx.as_mut(), &v, now).await?;
        tx.commit().await?;
        self.wake_worker();
        Ok(Some(v))
    }

    /// The activation state of a triggered port-in (7342 unless it is a
    /// triggered port in FOC; 7348 once complete).
    pub async fn activation_status(&self, account: &AccountId, id: &str) -> PortResult<PortInView> {
        let v = self.port_in(account, id).await?;
        check_activation(&v)?;
        Ok(v)
    }

    /// Sets a triggered port's activation time: a time not in the future
    /// activates it now (from the start of the FOC date on); a later one,
    /// at most three days after the FOC date, becomes the time it goes live.
    pub async fn set_activation(
        &self,
        account: &AccountId,
        id: &str,
        user: &str,
        when: Timestamp,
    ) -> PortResult<PortInView> {
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let mut v = load_port_in(tx.as_mut(), account, id).await?;
        check_activation(&v)?;
        let focd = v.result.actual_foc_date.unwrap_or(now);
        if when <= now {
            let opens = foc::start_of(foc::date_of(focd));
            if now < opens {
                return Err(refuse(
                    codes::ACTIVATION_NOT_ALLOWED,
                    format!(
                        "On demand portin activation not yet allowed: it opens on the FOC date, {}",
                        opens.iso()
                    ),
                ));
            }
            complete(tx.as_mut(), &mut v, user, now).await?;
        } else {
            if when > focd.plus_millis(ACTIVATION_WINDOW_MS) {
                return Err(refuse(
                    codes::ACTIVATION_NOT_ALLOWED,
                    "On demand portin activation not yet allowed: the activation time must be at most three days after the FOC date",
                ));
            }
            v.result.activation_date = Some(when);
            let change = Change::new(format!("Activation scheduled for {}", when.iso()), user);
            transition(tx.as_mut(), &mut v, PortStatus::Foc, change, now).await?;
            schedule(tx.as_mut(), &v, now).await?;
        }
        tx.commit().await?;
        self.wake_worker();
        Ok(v)
    }
}

fn check_activation(v: &PortInView) -> PortResult<()> {
    match v.status() {
        PortStatus::Complete => Err(PortFailure {
            kind: ErrorKind::NotFound,
            errors: vec![PortError::new(
                codes::ACTIVATION_COMPLETE,
                "The order is already complete",
            )],
        }),
        PortStatus::Foc if v.request.triggered => Ok(()),
        PortStatus::Foc => Err(refuse(
            codes::ACTIVATION_NOT_ALLOWED,
            "On demand portin activation not yet allowed: this port-in is not triggered (Triggered=false)",
        )),
        s => Err(refuse(
            codes::ACTIVATION_NOT_ALLOWED,
            format!(
                "On demand portin activation not yet allowed: the port-in is {}, not FOC",
                s.as_str()
            ),
        )),
    }
}

/// 7304/7303 for a port-in that has ended.
pub(super) fn refuse_terminal(status: PortStatus) -> PortResult<()> {
    match status {
        PortStatus::Complete => Err(refuse(
            codes::ALREADY_COMPLETE,
            "The order is already complete and cannot be modified or cancelled",
        )),
        PortStatus::Cancelled => Err(refuse(
            codes::ALREADY_CANCELLED,
            "The order is already cancelled and cannot be modified or cancelled",
        )),
        _ => Ok(()),
    }
}
