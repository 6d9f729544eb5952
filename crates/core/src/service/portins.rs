//! Port-ins as the customer drives them: create (or save a draft), read,
//! list, supplement, cancel, and activate a triggered port.
//!
//! Validation collects every error it finds (the real service answers a bad
//! port-in with all its `<Errors>` at once), so the operations return a
//! [`PortFailure`] rather than a single [`CoreError`].

use tnhub_nanp::Tn;

use crate::error::{CoreError, ErrorKind};
use crate::ids::{AccountId, PeerId, SiteId};
use crate::number::{NumberGeo, NumberRecord, NumberStatus};
use crate::order::portin::carrier::{SimulatedCarrier, losing_carrier};
use crate::order::portin::{
    CarrierInfo, Intent, MAX_AUTOMATED_ON_NET, PortError, PortInDraft, PortInRequest, PortInResult,
    PortStatus, codes, foc,
};
use crate::order::{OrderFilter, OrderKind, OrderRow, from_json, new_order_id, to_json};
use crate::store::{Repo, StoreError};
use crate::timestamp::Timestamp;

use super::Tnhub;
use super::orders::{ORDER_JOB, load_order};
use super::portin_flow::{
    ACTIVATION_WINDOW_MS, Change, cancel_now, complete, move_holds, port_geo, refuse, schedule,
    transition,
};

/// A port-in with its typed request and result.
#[derive(Debug, Clone)]
pub struct PortInView {
    pub row: OrderRow,
    pub request: PortInRequest,
    pub result: PortInResult,
}

impl PortInView {
    /// Decodes a stored port-in.
    pub fn from_row(row: OrderRow) -> Result<Self, CoreError> {
        Ok(PortInView {
            request: from_json(&row.request)?,
            result: from_json(&row.result)?,
            row,
        })
    }

    /// Its status.
    pub fn status(&self) -> PortStatus {
        PortStatus::parse(&self.row.status).unwrap_or(PortStatus::Submitted)
    }
}

/// Why a port-in operation failed: one or more errors, and what kind of
/// failure they are (which decides the HTTP status).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortFailure {
    pub kind: ErrorKind,
    pub errors: Vec<PortError>,
}

impl PortFailure {
    /// A 400 with these errors.
    pub fn invalid(errors: Vec<PortError>) -> Self {
        PortFailure {
            kind: ErrorKind::Invalid,
            errors,
        }
    }

    /// The first error as a [`CoreError`] (for envelopes that show one).
    pub fn first(&self) -> CoreError {
        let e = self.errors.first();
        CoreError {
            kind: self.kind,
            code: e.map(|e| e.code),
            message: e.map_or_else(|| "Unknown error".into(), |e| e.description.clone()),
        }
    }
}

impl From<CoreError> for PortFailure {
    fn from(e: CoreError) -> Self {
        PortFailure {
            kind: e.kind,
            errors: vec![PortError::new(
                e.code.unwrap_or(crate::error::codes::INTERNAL),
                e.message,
            )],
        }
    }
}

impl From<StoreError> for PortFailure {
    fn from(e: StoreError) -> Self {
        CoreError::from(e).into()
    }
}

/// A port-in operation's result.
pub type PortResult<T> = Result<T, PortFailure>;

/// "The resource does not exist" for a port-in id.
pub fn port_in_not_found(id: &str) -> CoreError {
    CoreError::not_found(
        codes::NOT_FOUND,
        format!(
            "The resource does not exist: no port-in '{}' on this account",
            id.trim()
        ),
    )
}

/// Loads a port-in of the account.
pub async fn load_port_in(
    repo: &mut dyn Repo,
    account: &AccountId,
    id: &str,
) -> Result<PortInView, CoreError> {
    let row = load_order(repo, account, id, Some(OrderKind::PortIn))
        .await
        .map_err(|_| port_in_not_found(id))?;
    PortInView::from_row(row)
}

/// Filters of the port-in lists.
#[derive(Debug, Clone, Default)]
pub struct PortInFilter {
    /// Empty: every status but DRAFT (drafts are listed only when asked for).
    pub statuses: Vec<PortStatus>,
    pub site_id: Option<SiteId>,
    pub from: Option<Timestamp>,
    pub to: Option<Timestamp>,
    pub customer_order_id: Option<String>,
    /// The billing number (`tn`).
    pub billing_tn: Option<String>,
    /// Any number of the port-in (`orderTn`).
    pub order_tn: Option<String>,
    pub created_by: Option<String>,
}

/// A page of port-ins.
#[derive(Debug, Clone)]
pub struct PortInPage {
    pub items: Vec<PortInView>,
    pub total: u64,
    /// The id the next page starts at.
    pub next: Option<String>,
}

/// How a number stands with respect to a new port-in.
enum Holder {
    /// Free to port (no row, an ended hold, or the account's own reservation).
    Free,
    /// Held by this very port-in.
    Ours,
    InService,
    /// On another port-in, or held by another account.
    Busy,
}

fn holder(
    row: Option<NumberRecord>,
    account: &AccountId,
    order_id: Option<&str>,
    now: Timestamp,
) -> Holder {
    let Some(r) = row.filter(|r| r.holds_at(now)) else {
        return Holder::Free;
    };
    if order_id.is_some()
        && r.order_id.as_deref() == order_id
        && r.status == NumberStatus::PortInPendingFoc
    {
        return Holder::Ours;
    }
    match r.status {
        NumberStatus::Inservice => Holder::InService,
        NumberStatus::Reserved | NumberStatus::Aging if r.account_id.as_ref() == Some(account) => {
            Holder::Free
        }
        _ => Holder::Busy,
    }
}

/// What the numbers of a port-in are: where they are, who they come from,
/// and the port type that makes.
pub(super) struct NumberPlan {
    pub carrier: Option<&'static SimulatedCarrier>,
    pub toll_free: bool,
    pub port_type: &'static str,
    pub geos: Vec<(Tn, NumberGeo)>,
}

impl NumberPlan {
    fn carrier_info(&self) -> Option<CarrierInfo> {
        self.carrier.map(|c| CarrierInfo {
            spid: c.spid.into(),
            name: c.name.into(),
            wireless: c.wireless,
            min_porting_interval: c.min_porting_interval,
        })
    }
}

/// The 7205/7206 state of numbers, grouped (shared with the LNP checker).
pub(super) async fn held_errors(
    repo: &mut dyn Repo,
    account: &AccountId,
    tns: &[String],
    order_id: Option<&str>,
    now: Timestamp,
    errors: &mut Vec<PortError>,
) -> Result<(), CoreError> {
    let (mut in_service, mut busy) = (Vec::new(), Vec::new());
    for t in tns {
        match holder(repo.number(t).await?, account, order_id, now) {
            Holder::InService => in_service.push(t.clone()),
            Holder::Busy => busy.push(t.clone()),
            Holder::Free | Holder::Ours => {}
        }
    }
    if !busy.is_empty() {
        errors.push(PortError::about(
            codes::ON_ANOTHER_ORDER,
            "Telephone number is already being processed on another order",
            busy,
        ));
    }
    if !in_service.is_empty() {
        errors.push(PortError::about(
            codes::IN_SERVICE,
            "Telephone number is already in service",
            in_service,
        ));
    }
    Ok(())
}

impl Tnhub {
    /// Classifies a port-in's numbers, adding 7204/7216/7386 errors, and
    /// with `check_holds` (not for a draft being saved, which holds
    /// nothing) 7205/7206 for numbers held elsewhere.
    #[allow(clippy::too_many_arguments)] // the checks' context, one by one
    pub(super) async fn plan_numbers(
        &self,
        repo: &mut dyn Repo,
        account: &AccountId,
        request: &PortInRequest,
        order_id: Option<&str>,
        check_holds: bool,
        now: Timestamp,
        errors: &mut Vec<PortError>,
    ) -> Result<NumberPlan, CoreError> {
        if check_holds {
            held_errors(repo, account, &request.tns, order_id, now, errors).await?;
        }
        let inventory = self.inventory();
        let mut geos = Vec::new();
        let mut not_portable = Vec::new();
        let (mut toll_free, mut local, mut off_net) = (0usize, 0usize, false);
        let mut carriers: Vec<&'static SimulatedCarrier> = Vec::new();
        for t in &request.tns {
            let Ok(tn) = Tn::parse(t) else { continue };
            match port_geo(&inventory, tn) {
                Some((geo, on_net)) => {
                    off_net |= !on_net && !tnhub_nanp::is_toll_free(tn.npa());
                    geos.push((tn, geo));
                }
                None => not_portable.push(t.clone()),
            }
            if tnhub_nanp::is_toll_free(tn.npa()) {
                toll_free += 1;
            } else {
                local += 1;
            }
            let c = losing_carrier(tn);
            if !carriers.contains(&c) {
                carriers.push(c);
            }
        }
        if !not_portable.is_empty() {
            errors.push(PortError::about(
                codes::NOT_PORTABLE,
                "Telephone number is not portable: its exchange is not covered by this deployment nor known from the reference geography",
                not_portable,
            ));
        }
        if toll_free > 0 && local > 0 {
            errors.push(PortError::new(
                codes::MIXED_TOLL_FREE,
                "Toll-free and local telephone numbers cannot be ported in the same order",
            ));
        } else if carriers.len() > 1 {
            let names: Vec<String> = carriers
                .iter()
                .map(|c| format!("{} ({})", c.name, c.spid))
                .collect();
            errors.push(PortError::new(
                codes::CARRIERS_DIFFER,
                format!(
                    "All telephone numbers of a port-in must have the same losing carrier; these come from {}",
                    names.join(", ")
                ),
            ));
        }
        let port_type = if toll_free > 0 {
            "MANUAL_TOLLFREE"
        } else if off_net {
            "MANUAL_OFFNET"
        } else if request.tns.len() > MAX_AUTOMATED_ON_NET {
            "MANUAL_ONNET"
        } else {
            "AUTOMATED"
        };
        Ok(NumberPlan {
            carrier: carriers.first().copied(),
            toll_free: toll_free > 0,
            port_type,
            geos,
        })
    }

    /// Creates a port-in (or saves a draft with `ProcessingStatus=DRAFT`).
    /// A submitted port-in holds its numbers at once; toll-free ones wait
    /// in PENDING_DOCUMENTS for an LOA, others go to the losing carrier.
    pub async fn create_port_in(
        &self,
        account: &AccountId,
        user: &str,
        draft: PortInDraft,
    ) -> PortResult<PortInView> {
        let now = self.clock.now();
        let mut errors = Vec::new();
        let mut request = PortInRequest::default();
        let as_draft = request.merge(draft, &mut errors) == Intent::Draft;
        let mut tx = self.store.write().await?;
        let place = resolve_place(tx.as_mut(), account, &request, &mut errors).await?;
        let plan = self
            .plan_numbers(
                tx.as_mut(),
                account,
                &request,
                None,
                !as_draft,
                now,
                &mut errors,
            )
            .await?;
        if !as_draft {
            request.check_complete(&mut errors);
            check_foc(&request, plan.carrier, now, &mut errors);
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
        request.peer_id = Some(peer.get());
        let mut v = PortInView {
            row: OrderRow {
                id: new_order_id(),
                account_id: account.clone(),
                kind: OrderKind::PortIn,
                status: PortStatus::Draft.as_str().into(),
                customer_order_id: request.customer_order_id.clone(),
                name: None,
                created_by: user.to_string(),
                site_id: Some(site),
                peer_id: Some(peer),
                tn_count: request.tns.len() as u32,
                request: to_json(&request)?,
                result: "{}".into(),
                created_at: now,
                updated_at: now,
                completed_at: None,
            },
            result: PortInResult {
                losing_carrier: plan.carrier_info(),
                port_type: Some(plan.port_type.into()),
                toll_free: plan.toll_free,
                last_modified_by: Some(user.to_string()),
                ..PortInResult::default()
            },
            request,
        };
        v.row.result = to_json(&v.result)?;
        tx.insert_order(&v.row).await?;
        if as_draft {
            let change = Change::new("Draft saved", user);
            transition(tx.as_mut(), &mut v, PortStatus::Draft, change, now).await?;
        } else {
            self.submit(tx.as_mut(), &mut v, &plan, user, now).await?;
        }
        schedule(tx.as_mut(), &v, now).await?;
        tx.commit().await?;
        self.wake_worker();
        Ok(v)
    }

    /// Submits a port-in: holds its numbers (7205 if someone got one
    /// first), then waits for documents or goes to the losing carrier.
    async fn submit(
        &self,
        tx: &mut dyn Repo,
        v: &mut PortInView,
        plan: &NumberPlan,
        user: &str,
        now: Timestamp,
    ) -> PortResult<()> {
        let refused = super::portin_flow::hold_numbers(tx, &v.row, &plan.geos, now).await?;
        if !refused.is_empty() {
            return Err(PortFailure::invalid(vec![PortError::about(
                codes::ON_ANOTHER_ORDER,
                "Telephone number is already being processed on another order",
                refused,
            )]));
        }
        if v.result.toll_free && !super::portin_docs::has_usable_loa(tx, v).await? {
            let change = Change::new(
                "LOA required: a toll-free port-in waits for a PDF or TIFF LOA",
                user,
            );
            transition(tx, v, PortStatus::PendingDocuments, change, now).await?;
        } else {
            let change = Change::new("Order has been created", user);
            self.send_to_carrier(tx, v, PortStatus::Submitted, change, now)
                .await?;
        }
        Ok(())
    }

    /// One port-in of the account.
    pub async fn port_in(&self, account: &AccountId, id: &str) -> Result<PortInView, CoreError> {
        let mut repo = self.store.read().await?;
        load_port_in(repo.as_mut(), account, id).await
    }

    /// A page of the account's port-ins: from the port-in with id `page` on
    /// (`None` or `"1"`: the first page), `size` of them, oldest first.
    pub async fn list_port_ins(
        &self,
        account: &AccountId,
        filter: &PortInFilter,
        page: Option<&str>,
        size: u32,
    ) -> Result<PortInPage, CoreError> {
        let statuses = if filter.statuses.is_empty() {
            PortStatus::ALL
                .into_iter()
                .filter(|s| *s != PortStatus::Draft)
                .collect()
        } else {
            filter.statuses.clone()
        };
        let f = OrderFilter {
            kind: Some(OrderKind::PortIn),
            statuses: statuses.iter().map(|s| s.as_str().to_string()).collect(),
            site_id: filter.site_id,
            from: filter.from,
            to: filter.to,
            customer_order_id: filter.customer_order_id.clone(),
            created_by: filter.created_by.clone(),
        };
        let mut repo = self.store.read().await?;
        let rows = repo.orders(account, &f, None, 1_000_000).await?;
        let mut all = Vec::with_capacity(rows.len());
        for row in rows {
            let v = PortInView::from_row(row)?;
            let btn_ok = filter
                .billing_tn
                .as_ref()
                .is_none_or(|b| v.request.billing_telephone_number.as_ref() == Some(b));
            let tn_ok = filter
                .order_tn
                .as_ref()
                .is_none_or(|t| v.request.tns.contains(t));
            if btn_ok && tn_ok {
                all.push(v);
            }
        }
        let total = all.len() as u64;
        let start = match page.map(str::trim).filter(|p| !p.is_empty() && *p != "1") {
            None => 0,
            Some(p) => all.partition_point(|v| v.row.id.as_str() < p),
        };
        let size = size.max(1) as usize;
        let next = all.get(start + size).map(|v| v.row.id.clone());
        let items = all.into_iter().skip(start).take(size).collect();
        Ok(PortInPage { items, total, next })
    }

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
                let settings = super::portin_flow::carrier_settings(tx.as_mut()).await?;
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

/// The requested FOC date against the carrier's calendar (7208/7209/7210).
fn check_foc(
    request: &PortInRequest,
    carrier: Option<&'static SimulatedCarrier>,
    now: Timestamp,
    errors: &mut Vec<PortError>,
) {
    if let Some(f) = request.requested_foc_date
        && !errors.iter().any(|e| e.code == codes::FOC_PAST)
        && let Err(e) = foc::check(f, now, carrier.map_or(1, |c| c.min_porting_interval))
    {
        errors.push(e);
    }
}

/// The port-in's site (7309) and peer (7312; the site's default peer when
/// none is given).
async fn resolve_place(
    repo: &mut dyn Repo,
    account: &AccountId,
    request: &PortInRequest,
    errors: &mut Vec<PortError>,
) -> Result<Option<(SiteId, PeerId)>, CoreError> {
    let site_error = || {
        PortError::new(
            codes::SITE_INVALID,
            "The site id was not supplied or is invalid.",
        )
    };
    let Some(site_id) = request.site_id else {
        if !errors.iter().any(|e| e.code == codes::SITE_INVALID) {
            errors.push(site_error());
        }
        return Ok(None);
    };
    let Some(site) = repo.site(account, SiteId::new(site_id)).await? else {
        errors.push(site_error());
        return Ok(None);
    };
    let peer = match request.peer_id {
        Some(p) => repo.peer(site.id, PeerId::new(p)).await?,
        None => repo
            .peers(site.id)
            .await?
            .into_iter()
            .find(|p| p.is_default),
    };
    match peer {
        Some(p) => Ok(Some((site.id, p.id))),
        None => {
            if !errors.iter().any(|e| e.code == codes::PEER_INVALID) {
                errors.push(PortError::new(
                    codes::PEER_INVALID,
                    if request.peer_id.is_some() {
                        "The sippeer id is invalid."
                    } else {
                        "The sippeer id is invalid: none was given and the site has no default SIP peer."
                    },
                ));
            }
            Ok(None)
        }
    }
}
