//! Port-ins as the customer drives them: create (or save a draft), read,
//! list, supplement, cancel, and activate a triggered port.
//!
//! Validation collects every error it finds (the real service answers a bad
//! port-in with all its `<Errors>` at once), so the operations return a
//! [`PortFailure`] rather than a single [`CoreError`].
//!
//! This module holds the port-in types, create, read and list; `plan`
//! classifies a port-in's numbers (who holds them, who they come from,
//! the port type), and `changes` holds supplement, cancel and activation.

use crate::error::{CoreError, ErrorKind};
use crate::ids::{AccountId, PeerId, SiteId};
use crate::order::portin::carrier::SimulatedCarrier;
use crate::order::portin::{
    Intent, PortError, PortInDraft, PortInRequest, PortInResult, PortStatus, codes, foc,
};
use crate::order::{OrderFilter, OrderKind, OrderRow, from_json, new_order_id, to_json};
use crate::store::{Repo, StoreError};
use crate::timestamp::Timestamp;

mod changes;
mod plan;

use plan::NumberPlan;
pub(super) use plan::held_errors;

use super::Tnhub;
use super::orders::load_order;
use super::portin_flow::{Change, refuse, schedule, transition};

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
impl Tnhub {
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
            newest_first: false,
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
