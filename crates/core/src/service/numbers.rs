//! The numbers an account holds: `/tns` and its sub-resources,
//! `inserviceNumbers`, a SIP peer's numbers, and moving numbers between
//! SIP peers (wire-format.md 2.6, 2.7, 2.10).
//!
//! Every view is scoped to the accounts the caller may see: a number of
//! any other account (or of none) is "does not exist", never "forbidden",
//! so a listing or a look-up cannot tell whether someone else holds it. A
//! row whose reservation or aging period has ended holds nothing any more
//! and is shown nowhere, even before housekeeping deletes it.
//!
//! Codes (Bandwidth's where the real service has one, wire-format.md 1.7
//! and Bandwidth's error tables):
//! - `/tns` filters: 15507 more than one of `accountId`/`siteId`/`sippeerId`,
//!   15510 NPA, 15511 NPA-NXX, 15512 NPA-NXX-X, 12512 `fullNumber`, 15513
//!   status, 15514 rate centre, 12535 state, 12527 site id, 15516 page,
//!   13057/13058 size, 1004 (tnhub) LATA, tier or SIP peer id, 5051 an
//!   `accountId` not granted (403);
//! - one number: 12512 not a valid number (400), 15506 "The telephone
//!   number '%s' does not exist" (404);
//! - `inserviceNumbers` filters (404, as the real service answers invalid
//!   filters there): 15510 area code, 15511 NPA-NXX, 15512 NPA-NXX-X, 12535
//!   state, 15508 rate centre without state, 15503 date, 15501 date range,
//!   15516 page, 13057/13058 size; 13518 a number not in service (404);
//! - a SIP peer's numbers: 13536 the number is not on that peer (404);
//! - moves: 13505 no number, 13512 invalid number, 13511 duplicate, 13520
//!   not on the account, 13518 not in service, 1004 (tnhub) more than
//!   5 000 numbers.

use std::collections::HashSet;

use tnhub_nanp::{Npa, NpaNxx, NpaNxxX, Tn};

use crate::error::{CoreError, ErrorKind, codes as common};
use crate::ids::{AccountId, PeerId, SiteId};
use crate::inventory::query::Params;
use crate::number::{NumberEvent, NumberRecord, NumberStatus};
use crate::sippeer::{SipPeer, peer_not_found};
use crate::site::Site;
use crate::store::{NumberQuery, Repo};
use crate::timestamp::Timestamp;

use super::Tnhub;
use super::claim::record_event;
use super::sites::load_site;

/// Bandwidth's codes for number look-ups, listings and moves.
pub mod codes {
    /// "The telephone number '%s' does not exist".
    pub const TN_NOT_FOUND: u32 = 15506;
    /// "'accountId', 'siteId', 'sippeerId' are mutually exclusive. Provide at most one."
    pub const EXCLUSIVE: u32 = 15507;
    /// "'%s' and '%s' must be used together".
    pub const TOGETHER: u32 = 15508;
    /// "The NPA '%s' is invalid".
    pub const NPA: u32 = 15510;
    /// "The NPA_NXX '%s' is invalid".
    pub const NPA_NXX: u32 = 15511;
    /// "The NPA_NXX_X '%s' is invalid".
    pub const NPA_NXX_X: u32 = 15512;
    /// "The TN status '%s' is invalid".
    pub const STATUS: u32 = 15513;
    /// "The Rate Center '%s' is invalid".
    pub const RATE_CENTER: u32 = 15514;
    /// "The page '%s' is invalid. Page must be a 10 digit phone number".
    pub const PAGE: u32 = 15516;
    /// "Invalid date range. Start date %s must be before end date %s".
    pub const DATE_RANGE: u32 = 15501;
    /// "Valid date is required (%s)".
    pub const DATE: u32 = 15503;
    /// "Telephone number '%s' is not valid".
    pub const TN_INVALID: u32 = 12512;
    /// "Site id '%s' is not valid".
    pub const SITE_ID: u32 = 12527;
    /// "'%s' is not a valid state / province code".
    pub const STATE: u32 = 12535;
    /// "'size' parameter should be numeric".
    pub const SIZE_NUMERIC: u32 = 13057;
    /// "page and size must be greater than or equal to 1".
    pub const SIZE_RANGE: u32 = 13058;
    /// "Full number is required".
    pub const MOVE_REQUIRED: u32 = 13505;
    /// "Duplicate telephone number '%s' provided".
    pub const MOVE_DUPLICATE: u32 = 13511;
    /// "'%s' is not a valid 10-digit telephone number".
    pub const MOVE_INVALID: u32 = 13512;
    /// "Telephone number '%s' is not in service".
    pub const NOT_IN_SERVICE: u32 = 13518;
    /// "Telephone number '%s' is not on account".
    pub const NOT_ON_ACCOUNT: u32 = 13520;
    /// "Telephone number %s does not exist on Account %s, Site %s, and Sip Peer %s".
    pub const NOT_ON_PEER: u32 = 13536;
}

/// `/tns` pages: 500 numbers unless `size` says otherwise (what Node sends).
pub const TNS_DEFAULT_SIZE: u32 = 500;
/// `inserviceNumbers` pages: 300 unless `size` says otherwise.
pub const IN_SERVICE_DEFAULT_SIZE: u32 = 300;
/// A SIP peer's numbers: 5 000 per page unless `size` says otherwise.
pub const PEER_TNS_DEFAULT_SIZE: u32 = 5_000;
/// The largest page of any number listing.
pub const MAX_PAGE_SIZE: u32 = 5_000;
/// The most numbers one move may name.
pub const MAX_MOVE: usize = 5_000;
/// The order type recorded in a number's history for a move between peers.
pub const MOVE_ORDER_TYPE: &str = "SIP_PEER_MOVE";

/// Parses a number from a path: 12512 when it is not a valid 10-digit number.
pub fn parse_tn(raw: &str) -> Result<Tn, CoreError> {
    let raw = raw.trim();
    Tn::parse(raw).map_err(|_| {
        CoreError::invalid(
            codes::TN_INVALID,
            format!("Telephone number '{raw}' is not valid"),
        )
    })
}

/// "The telephone number '%s' does not exist" (404).
pub fn tn_not_found(tn: &str) -> CoreError {
    CoreError::not_found(
        codes::TN_NOT_FOUND,
        format!("The telephone number '{}' does not exist", tn.trim()),
    )
}

fn fail(kind: ErrorKind, code: u32, message: String) -> CoreError {
    CoreError::new(kind, code, message)
}

/// Reads a parameter, treating an empty value as absent.
fn param<'a>(p: &'a (impl Params + ?Sized), key: &str) -> Option<&'a str> {
    p.param(key).map(str::trim).filter(|v| !v.is_empty())
}

/// `page`: `1` (or absent) for the first page, otherwise the number the page starts at.
fn parse_page(p: &(impl Params + ?Sized), kind: ErrorKind) -> Result<Option<String>, CoreError> {
    match param(p, "page") {
        None | Some("1") => Ok(None),
        Some(v) => Tn::parse(v).map(|tn| Some(tn.to_string())).map_err(|_| {
            fail(
                kind,
                codes::PAGE,
                format!("The page '{v}' is invalid. Page must be a 10 digit phone number"),
            )
        }),
    }
}

/// `size`: a positive integer, capped at [`MAX_PAGE_SIZE`].
fn parse_size(p: &(impl Params + ?Sized), default: u32, kind: ErrorKind) -> Result<u32, CoreError> {
    let Some(v) = param(p, "size") else {
        return Ok(default);
    };
    let n: i64 = v.parse().map_err(|_| {
        fail(
            kind,
            codes::SIZE_NUMERIC,
            "'size' parameter should be numeric".into(),
        )
    })?;
    if n < 1 {
        return Err(fail(
            kind,
            codes::SIZE_RANGE,
            "page and size must be greater than or equal to 1".into(),
        ));
    }
    Ok(n.min(i64::from(MAX_PAGE_SIZE)) as u32)
}

/// The digits a number must start with, from the prefix filters; `Err(())`
/// when two of them contradict each other (nothing can match).
#[derive(Default)]
struct Prefixes(Vec<String>);

impl Prefixes {
    fn add(&mut self, digits: String) {
        self.0.push(digits);
    }

    fn combined(mut self) -> Result<Option<String>, ()> {
        self.0.sort_by_key(String::len);
        let Some(longest) = self.0.last().cloned() else {
            return Ok(None);
        };
        if self.0.iter().all(|p| longest.starts_with(p.as_str())) {
            Ok(Some(longest))
        } else {
            Err(())
        }
    }
}

fn prefix_filters(
    p: &(impl Params + ?Sized),
    [npa_key, nn_key, nnx_key]: [&str; 3],
    kind: ErrorKind,
    prefixes: &mut Prefixes,
) -> Result<(), CoreError> {
    if let Some(v) = param(p, npa_key) {
        let npa = Npa::parse(v)
            .map_err(|_| fail(kind, codes::NPA, format!("The NPA '{v}' is invalid")))?;
        prefixes.add(npa.to_string());
    }
    if let Some(v) = param(p, nn_key) {
        let nn = NpaNxx::parse(v).map_err(|_| {
            fail(
                kind,
                codes::NPA_NXX,
                format!("The NPA_NXX '{v}' is invalid"),
            )
        })?;
        prefixes.add(nn.to_string());
    }
    if let Some(v) = param(p, nnx_key) {
        let nnx = NpaNxxX::parse(v).map_err(|_| {
            fail(
                kind,
                codes::NPA_NXX_X,
                format!("The NPA_NXX_X '{v}' is invalid"),
            )
        })?;
        prefixes.add(nnx.to_string());
    }
    Ok(())
}

fn state_filter(p: &(impl Params + ?Sized), kind: ErrorKind) -> Result<Option<String>, CoreError> {
    param(p, "state")
        .map(|v| {
            tnhub_nanp::state_info(v)
                .map(|_| v.to_ascii_uppercase())
                .ok_or_else(|| {
                    fail(
                        kind,
                        codes::STATE,
                        format!("'{v}' is not a valid state / province code"),
                    )
                })
        })
        .transpose()
}

fn number_filter(
    p: &(impl Params + ?Sized),
    key: &str,
    what: &str,
    kind: ErrorKind,
) -> Result<Option<u32>, CoreError> {
    param(p, key)
        .map(|v| {
            v.parse::<u32>().map_err(|_| {
                fail(
                    kind,
                    common::INVALID_VALUE,
                    format!("The {what} '{v}' is invalid: give a whole number"),
                )
            })
        })
        .transpose()
}

/// A number listing's filters and page, parsed and checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// The filters; its `accounts` are filled in from the caller's grants.
    pub filter: NumberQuery,
    /// `accountId`, when the caller narrowed the listing to one account.
    pub account: Option<AccountId>,
    /// The number the page starts at (`None`: the first page).
    pub page: Option<String>,
    pub size: u32,
    /// The filters contradict each other or name statuses no row can
    /// have (e.g. `Available`): the answer is empty.
    pub matches_nothing: bool,
}

impl ListQuery {
    /// Parses `/tns` (or the seed's `/accounts/{a}/tns`) parameters.
    pub fn parse_tns(p: &(impl Params + ?Sized)) -> Result<ListQuery, CoreError> {
        let kind = ErrorKind::Invalid;
        let mut q = ListQuery {
            page: parse_page(p, kind)?,
            size: parse_size(p, TNS_DEFAULT_SIZE, kind)?,
            ..ListQuery::default()
        };
        let scoped = ["accountid", "siteid", "sippeerid"]
            .iter()
            .filter(|k| param(p, k).is_some())
            .count();
        if scoped > 1 {
            return Err(CoreError::invalid(
                codes::EXCLUSIVE,
                "'accountId', 'siteId', 'sippeerId' are mutually exclusive. Provide at most one.",
            ));
        }
        if let Some(v) = param(p, "accountid") {
            q.account = Some(AccountId::parse(v).map_err(|_| {
                CoreError::invalid(
                    common::INVALID_VALUE,
                    format!("The accountId '{v}' is not a valid account id"),
                )
            })?);
        }
        if let Some(v) = param(p, "siteid") {
            q.filter.site_id = Some(SiteId::parse(v).ok_or_else(|| {
                CoreError::invalid(codes::SITE_ID, format!("Site id '{v}' is not valid"))
            })?);
        }
        if let Some(v) = param(p, "sippeerid") {
            q.filter.peer_id = Some(PeerId::parse(v).ok_or_else(|| {
                CoreError::invalid(
                    common::INVALID_VALUE,
                    format!("The sippeerId '{v}' is not a valid SIP peer id"),
                )
            })?);
        }
        let mut prefixes = Prefixes::default();
        prefix_filters(p, ["npa", "npanxx", "npanxxx"], kind, &mut prefixes)?;
        if let Some(v) = param(p, "fullnumber") {
            prefixes.add(parse_tn(v)?.to_string());
        }
        match prefixes.combined() {
            Ok(prefix) => q.filter.prefix = prefix,
            Err(()) => q.matches_nothing = true,
        }
        q.filter.state = state_filter(p, kind)?;
        q.filter.city = param(p, "city").map(str::to_string);
        if let Some(v) = param(p, "ratecenter") {
            if v.chars().count() > 50 || v.chars().any(char::is_control) {
                return Err(CoreError::invalid(
                    codes::RATE_CENTER,
                    format!("The Rate Center '{v}' is invalid"),
                ));
            }
            q.filter.rate_center = Some(v.to_string());
        }
        q.filter.lata = number_filter(p, "lata", "LATA", kind)?;
        q.filter.tier = number_filter(p, "tier", "tier", kind)?;
        if let Some(v) = param(p, "status") {
            let mut any_modelled = false;
            for s in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                if let Some(status) =
                    NumberStatus::parse(s).filter(|s| *s != NumberStatus::Excluded)
                {
                    q.filter.statuses.push(status);
                    any_modelled = true;
                } else if !UNMODELLED_STATUSES
                    .iter()
                    .any(|u| u.eq_ignore_ascii_case(s))
                {
                    return Err(CoreError::invalid(
                        codes::STATUS,
                        format!(
                            "The TN status '{s}' is invalid. Valid values: Available, Inservice, Disconnected, Aging, PortInPendingFoc, PortOut, Reserved, Removed, Eliminated"
                        ),
                    ));
                }
            }
            if !any_modelled {
                q.matches_nothing = true;
            }
        }
        Ok(q)
    }

    /// Parses `inserviceNumbers` parameters (invalid filters are 404s there).
    pub fn parse_in_service(p: &(impl Params + ?Sized)) -> Result<ListQuery, CoreError> {
        let kind = ErrorKind::NotFound;
        let mut q = ListQuery {
            page: parse_page(p, kind)?,
            size: parse_size(p, IN_SERVICE_DEFAULT_SIZE, kind)?,
            ..ListQuery::default()
        };
        q.filter.statuses = vec![NumberStatus::Inservice];
        let mut prefixes = Prefixes::default();
        prefix_filters(p, ["areacode", "npanxx", "npanxxx"], kind, &mut prefixes)?;
        match prefixes.combined() {
            Ok(prefix) => q.filter.prefix = prefix,
            Err(()) => q.matches_nothing = true,
        }
        q.filter.state = state_filter(p, kind)?;
        q.filter.lata = number_filter(p, "lata", "LATA", kind)?;
        if let Some(v) = param(p, "ratecenter") {
            if q.filter.state.is_none() {
                return Err(fail(
                    kind,
                    codes::TOGETHER,
                    "'ratecenter' and 'state' must be used together".into(),
                ));
            }
            q.filter.rate_center = Some(v.to_string());
        }
        let date = |key: &str, end_of_day: bool| -> Result<Option<Timestamp>, CoreError> {
            param(p, key)
                .map(|v| {
                    let t = Timestamp::parse(v).ok_or_else(|| {
                        fail(
                            kind,
                            codes::DATE,
                            format!("Valid date is required ({key}: '{v}')"),
                        )
                    })?;
                    let date_only = v.trim_end_matches('Z').len() == 10;
                    Ok(if end_of_day && date_only {
                        t.plus_millis(86_400_000 - 1)
                    } else {
                        t
                    })
                })
                .transpose()
        };
        q.filter.in_service_from = date("startdate", false)?;
        q.filter.in_service_to = date("enddate", true)?;
        if let (Some(from), Some(to)) = (q.filter.in_service_from, q.filter.in_service_to)
            && from > to
        {
            return Err(fail(
                kind,
                codes::DATE_RANGE,
                format!("Invalid date range. Start date {from} must be before end date {to}"),
            ));
        }
        Ok(q)
    }

    /// Parses the `page`/`size` of a SIP peer's numbers.
    pub fn parse_peer(p: &(impl Params + ?Sized)) -> Result<ListQuery, CoreError> {
        let kind = ErrorKind::Invalid;
        Ok(ListQuery {
            filter: NumberQuery {
                statuses: vec![NumberStatus::Inservice],
                ..NumberQuery::default()
            },
            page: parse_page(p, kind)?,
            size: parse_size(p, PEER_TNS_DEFAULT_SIZE, kind)?,
            ..ListQuery::default()
        })
    }
}

/// Real statuses tnhub never stores for an account: valid in a filter,
/// but nothing matches them.
const UNMODELLED_STATUSES: &[&str] = &[
    "Available",
    "Disconnected",
    "Removed",
    "Eliminated",
    "StatusUnchanged",
];

/// One page of a number listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberPage {
    pub numbers: Vec<NumberRecord>,
    /// How many match over all pages (may briefly include rows whose hold
    /// just ended, until housekeeping deletes them).
    pub total: u64,
    /// The number the next page starts at, if there is one.
    pub next: Option<String>,
}

/// A number with where it is assigned, for `tndetails`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberDetails {
    pub number: NumberRecord,
    pub site: Option<Site>,
    pub peer: Option<SipPeer>,
    /// When the order that last changed the number was created.
    pub order_created_at: Option<Timestamp>,
}

/// Runs a listing: at most `size` live rows from the page's number on.
async fn page_of(
    repo: &mut dyn Repo,
    mut filter: NumberQuery,
    q: &ListQuery,
    now: Timestamp,
) -> Result<NumberPage, CoreError> {
    if q.matches_nothing || filter.accounts.is_empty() {
        return Ok(NumberPage {
            numbers: Vec::new(),
            total: 0,
            next: None,
        });
    }
    filter.from_tn = q.page.clone();
    filter.limit = q.size + 1;
    let mut rows = repo.numbers(&filter).await?;
    let total = repo.count_numbers(&filter).await?;
    let next = if rows.len() > q.size as usize {
        rows.pop().map(|r| r.tn.to_string())
    } else {
        None
    };
    rows.retain(|r| r.holds_at(now));
    Ok(NumberPage {
        numbers: rows,
        total,
        next,
    })
}

/// A visible row: one of `accounts`, still holding its number.
async fn visible_number(
    repo: &mut dyn Repo,
    accounts: &[AccountId],
    raw_tn: &str,
    now: Timestamp,
) -> Result<NumberRecord, CoreError> {
    let tn = parse_tn(raw_tn)?;
    match repo.number(&tn.to_string()).await? {
        Some(row)
            if row.holds_at(now)
                && row
                    .account_id
                    .as_ref()
                    .is_some_and(|a| accounts.contains(a)) =>
        {
            Ok(row)
        }
        _ => Err(tn_not_found(&tn.to_string())),
    }
}

/// A site of the account and one of its peers (12016 / 13563, both 404).
async fn load_site_peer(
    repo: &mut dyn Repo,
    account: &AccountId,
    raw_site: &str,
    raw_peer: &str,
) -> Result<(Site, SipPeer), CoreError> {
    let site = load_site(repo, account, raw_site).await?;
    let missing = || peer_not_found(raw_peer.trim(), account, raw_site.trim());
    let id = PeerId::parse(raw_peer).ok_or_else(missing)?;
    let peer = repo.peer(site.id, id).await?.ok_or_else(missing)?;
    Ok((site, peer))
}

impl Tnhub {
    /// A page of the numbers of the `granted` accounts (or of the one
    /// `accountId` names, which must be granted: 403, 5051, otherwise).
    pub async fn list_numbers(
        &self,
        granted: &[AccountId],
        q: &ListQuery,
    ) -> Result<NumberPage, CoreError> {
        let accounts = match &q.account {
            Some(a) if granted.contains(a) => vec![a.clone()],
            Some(a) => {
                return Err(CoreError::new(
                    ErrorKind::Forbidden,
                    common::NOT_AUTHORIZED_ON_ACCOUNT,
                    format!("Not authorized to perform operation on the account '{a}'"),
                ));
            }
            None => granted.to_vec(),
        };
        let filter = NumberQuery {
            accounts,
            ..q.filter.clone()
        };
        let now = self.clock.now();
        let mut repo = self.store.read().await?;
        page_of(repo.as_mut(), filter, q, now).await
    }

    /// One number of the `accounts`, with its site, peer and order date.
    pub async fn number_details(
        &self,
        accounts: &[AccountId],
        raw_tn: &str,
    ) -> Result<NumberDetails, CoreError> {
        let now = self.clock.now();
        let mut repo = self.store.read().await?;
        let number = visible_number(repo.as_mut(), accounts, raw_tn, now).await?;
        let account = number
            .account_id
            .clone()
            .ok_or_else(|| CoreError::internal("a visible number has no account"))?;
        let site = match number.site_id {
            Some(id) => repo.site(&account, id).await?,
            None => None,
        };
        let peer = match (number.site_id, number.peer_id) {
            (Some(s), Some(p)) => repo.peer(s, p).await?,
            _ => None,
        };
        let order_created_at = match &number.order_id {
            Some(id) => repo.order(&account, id).await?.map(|o| o.created_at),
            None => None,
        };
        Ok(NumberDetails {
            number,
            site,
            peer,
            order_created_at,
        })
    }

    /// A number's history as far as it concerns the `accounts` (15506 when
    /// nothing does).
    pub async fn number_history(
        &self,
        accounts: &[AccountId],
        raw_tn: &str,
    ) -> Result<Vec<NumberEvent>, CoreError> {
        let tn = parse_tn(raw_tn)?.to_string();
        let events: Vec<NumberEvent> = self
            .store
            .read()
            .await?
            .number_events(&tn)
            .await?
            .into_iter()
            .filter(|e| e.account_id.as_ref().is_some_and(|a| accounts.contains(a)))
            .collect();
        if events.is_empty() {
            return Err(tn_not_found(&tn));
        }
        Ok(events)
    }

    /// A page of the account's numbers in service (of one site, when given).
    pub async fn in_service_numbers(
        &self,
        account: &AccountId,
        raw_site: Option<&str>,
        q: &ListQuery,
    ) -> Result<NumberPage, CoreError> {
        let now = self.clock.now();
        let mut repo = self.store.read().await?;
        let mut filter = NumberQuery {
            accounts: vec![account.clone()],
            statuses: vec![NumberStatus::Inservice],
            ..q.filter.clone()
        };
        if let Some(site) = raw_site {
            filter.site_id = Some(load_site(repo.as_mut(), account, site).await?.id);
        }
        page_of(repo.as_mut(), filter, q, now).await
    }

    /// A page of the account's disconnected numbers still aging
    /// (`discnumbers`): the in-service filters apply, except the in-service
    /// dates.
    pub async fn disconnected_numbers(
        &self,
        account: &AccountId,
        q: &ListQuery,
    ) -> Result<NumberPage, CoreError> {
        let now = self.clock.now();
        let mut repo = self.store.read().await?;
        let filter = NumberQuery {
            accounts: vec![account.clone()],
            statuses: vec![NumberStatus::Aging],
            in_service_from: None,
            in_service_to: None,
            ..q.filter.clone()
        };
        page_of(repo.as_mut(), filter, q, now).await
    }

    /// How many of the account's disconnected numbers are still aging.
    pub async fn disconnected_total(&self, account: &AccountId) -> Result<u64, CoreError> {
        let now = self.clock.now();
        let rows = self
            .store
            .read()
            .await?
            .numbers(&NumberQuery {
                accounts: vec![account.clone()],
                statuses: vec![NumberStatus::Aging],
                ..NumberQuery::default()
            })
            .await?;
        Ok(rows.iter().filter(|r| r.holds_at(now)).count() as u64)
    }

    /// How many numbers the account has in service.
    pub async fn in_service_total(&self, account: &AccountId) -> Result<u64, CoreError> {
        Ok(self
            .store
            .read()
            .await?
            .count_numbers(&NumberQuery {
                accounts: vec![account.clone()],
                statuses: vec![NumberStatus::Inservice],
                ..NumberQuery::default()
            })
            .await?)
    }

    /// Succeeds when the number is in service on the account (13518, 404,
    /// otherwise).
    pub async fn check_in_service(
        &self,
        account: &AccountId,
        raw_tn: &str,
    ) -> Result<(), CoreError> {
        let tn = parse_tn(raw_tn)?.to_string();
        let row = self.store.read().await?.number(&tn).await?;
        match row {
            Some(r)
                if r.status == NumberStatus::Inservice
                    && r.account_id.as_ref() == Some(account) =>
            {
                Ok(())
            }
            _ => Err(CoreError::not_found(
                codes::NOT_IN_SERVICE,
                format!("Telephone number '{tn}' is not in service"),
            )),
        }
    }

    /// A page of the numbers in service on a SIP peer.
    pub async fn peer_numbers(
        &self,
        account: &AccountId,
        raw_site: &str,
        raw_peer: &str,
        q: &ListQuery,
    ) -> Result<NumberPage, CoreError> {
        let now = self.clock.now();
        let mut repo = self.store.read().await?;
        let (site, peer) = load_site_peer(repo.as_mut(), account, raw_site, raw_peer).await?;
        let filter = NumberQuery {
            accounts: vec![account.clone()],
            site_id: Some(site.id),
            peer_id: Some(peer.id),
            statuses: vec![NumberStatus::Inservice],
            ..NumberQuery::default()
        };
        page_of(repo.as_mut(), filter, q, now).await
    }

    /// One number in service on a SIP peer (13536, 404, otherwise).
    pub async fn peer_number(
        &self,
        account: &AccountId,
        raw_site: &str,
        raw_peer: &str,
        raw_tn: &str,
    ) -> Result<NumberRecord, CoreError> {
        let mut repo = self.store.read().await?;
        let (site, peer) = load_site_peer(repo.as_mut(), account, raw_site, raw_peer).await?;
        let tn = Tn::parse(raw_tn.trim()).map_err(|_| {
            CoreError::invalid(
                codes::MOVE_INVALID,
                format!(
                    "'{}' is not a valid 10-digit telephone number",
                    raw_tn.trim()
                ),
            )
        })?;
        match repo.number(&tn.to_string()).await? {
            Some(r)
                if r.status == NumberStatus::Inservice
                    && r.account_id.as_ref() == Some(account)
                    && r.site_id == Some(site.id)
                    && r.peer_id == Some(peer.id) =>
            {
                Ok(r)
            }
            _ => Err(CoreError::not_found(
                codes::NOT_ON_PEER,
                format!(
                    "Telephone number {tn} does not exist on Account {account}, Site {}, and Sip Peer {}",
                    site.id, peer.id
                ),
            )),
        }
    }

    /// How many numbers are in service on a SIP peer.
    pub async fn peer_number_count(
        &self,
        account: &AccountId,
        raw_site: &str,
        raw_peer: &str,
    ) -> Result<u64, CoreError> {
        let mut repo = self.store.read().await?;
        let (site, peer) = load_site_peer(repo.as_mut(), account, raw_site, raw_peer).await?;
        Ok(repo
            .count_numbers(&NumberQuery {
                accounts: vec![account.clone()],
                site_id: Some(site.id),
                peer_id: Some(peer.id),
                statuses: vec![NumberStatus::Inservice],
                ..NumberQuery::default()
            })
            .await?)
    }

    /// Moves numbers in service on the account to a SIP peer (and its
    /// site), all or none; returns how many changed peer (numbers already
    /// there are left alone). Each move is a versioned update and is
    /// recorded in the number's history.
    pub async fn move_numbers(
        &self,
        account: &AccountId,
        raw_site: &str,
        raw_peer: &str,
        raw_tns: &[String],
        user: &str,
    ) -> Result<usize, CoreError> {
        let texts: Vec<&str> = raw_tns
            .iter()
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
            .collect();
        if texts.is_empty() {
            return Err(CoreError::invalid(
                codes::MOVE_REQUIRED,
                "Full number is required",
            ));
        }
        if texts.len() > MAX_MOVE {
            return Err(CoreError::invalid(
                common::INVALID_VALUE,
                format!(
                    "At most {MAX_MOVE} telephone numbers can be moved at once; {} were sent",
                    texts.len()
                ),
            ));
        }
        let mut tns = Vec::with_capacity(texts.len());
        let mut seen = HashSet::new();
        for t in texts {
            let tn = Tn::parse(t).map_err(|_| {
                CoreError::invalid(
                    codes::MOVE_INVALID,
                    format!("'{t}' is not a valid 10-digit telephone number"),
                )
            })?;
            if !seen.insert(tn) {
                return Err(CoreError::invalid(
                    codes::MOVE_DUPLICATE,
                    format!("Duplicate telephone number '{tn}' provided"),
                ));
            }
            tns.push(tn);
        }

        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let (site, peer) = load_site_peer(tx.as_mut(), account, raw_site, raw_peer).await?;
        let mut rows = Vec::with_capacity(tns.len());
        for tn in &tns {
            let row = tx
                .number(&tn.to_string())
                .await?
                .filter(|r| r.holds_at(now) && r.account_id.as_ref() == Some(account))
                .ok_or_else(|| {
                    CoreError::invalid(
                        codes::NOT_ON_ACCOUNT,
                        format!("Telephone number '{tn}' is not on account"),
                    )
                })?;
            if row.status != NumberStatus::Inservice {
                return Err(CoreError::invalid(
                    codes::NOT_IN_SERVICE,
                    format!("Telephone number '{tn}' is not in service"),
                ));
            }
            rows.push(row);
        }
        let mut moved = 0;
        for row in rows {
            if row.site_id == Some(site.id) && row.peer_id == Some(peer.id) {
                continue;
            }
            let mut next = row.clone();
            next.site_id = Some(site.id);
            next.peer_id = Some(peer.id);
            next.updated_at = now;
            if !tx.update_number(&next, row.version).await? {
                return Err(CoreError::conflict(
                    common::INVALID_VALUE,
                    format!(
                        "Telephone number '{}' changed while it was being moved; nothing was moved, please retry",
                        row.tn
                    ),
                ));
            }
            let event = NumberRecord {
                order_id: None,
                order_type: Some(MOVE_ORDER_TYPE.to_string()),
                ..next
            };
            record_event(
                tx.as_mut(),
                &event,
                NumberStatus::Inservice.as_str(),
                Some(user),
                now,
            )
            .await?;
            moved += 1;
        }
        tx.commit().await?;
        tracing::info!(account = %account, site = %site.id, peer = %peer.id, moved, "numbers moved to a SIP peer");
        Ok(moved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
            .collect()
    }

    fn code(e: CoreError) -> u32 {
        e.code.unwrap_or(0)
    }

    #[test]
    fn tns_filters_parse_with_their_codes() {
        let q = ListQuery::parse_tns(
            params(&[
                ("npaNxx", "919555"),
                ("npa", "919"),
                ("page", "1"),
                ("size", "10"),
            ])
            .as_slice(),
        )
        .unwrap();
        assert_eq!(q.filter.prefix.as_deref(), Some("919555"));
        assert_eq!(q.size, 10);
        assert_eq!(q.page, None);
        assert!(!q.matches_nothing);

        let q = ListQuery::parse_tns(params(&[("npa", "919"), ("npaNxx", "212555")]).as_slice())
            .unwrap();
        assert!(q.matches_nothing);

        let bad = |pairs: &[(&str, &str)]| {
            code(ListQuery::parse_tns(params(pairs).as_slice()).unwrap_err())
        };
        assert_eq!(bad(&[("npaNxx", "9192384")]), 15511);
        assert_eq!(bad(&[("npa", "91")]), 15510);
        assert_eq!(bad(&[("npaNxxX", "91955")]), 15512);
        assert_eq!(bad(&[("fullNumber", "12")]), 12512);
        assert_eq!(bad(&[("status", "Sold")]), 15513);
        assert_eq!(bad(&[("state", "XX")]), 12535);
        assert_eq!(bad(&[("page", "abc")]), 15516);
        assert_eq!(bad(&[("size", "many")]), 13057);
        assert_eq!(bad(&[("size", "0")]), 13058);
        assert_eq!(bad(&[("lata", "x")]), 1004);
        assert_eq!(bad(&[("siteId", "x")]), 12527);
        assert_eq!(bad(&[("accountId", "1"), ("siteId", "2")]), 15507);

        let q = ListQuery::parse_tns(params(&[("status", "available")]).as_slice()).unwrap();
        assert!(q.matches_nothing);
        let q =
            ListQuery::parse_tns(params(&[("status", "inservice,Reserved")]).as_slice()).unwrap();
        assert_eq!(
            q.filter.statuses,
            vec![NumberStatus::Inservice, NumberStatus::Reserved]
        );
        let q =
            ListQuery::parse_tns(params(&[("page", "9195550001"), ("size", "99999")]).as_slice())
                .unwrap();
        assert_eq!(q.page.as_deref(), Some("9195550001"));
        assert_eq!(q.size, MAX_PAGE_SIZE);
    }

    #[test]
    fn in_service_filters_are_404s() {
        let e = ListQuery::parse_in_service(params(&[("areacode", "1x9")]).as_slice()).unwrap_err();
        assert_eq!((e.kind, e.code), (ErrorKind::NotFound, Some(15510)));
        let e =
            ListQuery::parse_in_service(params(&[("ratecenter", "CARY")]).as_slice()).unwrap_err();
        assert_eq!(e.code, Some(15508));
        let e = ListQuery::parse_in_service(
            params(&[("startdate", "2024-02-01"), ("enddate", "2024-01-01")]).as_slice(),
        )
        .unwrap_err();
        assert_eq!(e.code, Some(15501));
        let e =
            ListQuery::parse_in_service(params(&[("startdate", "soon")]).as_slice()).unwrap_err();
        assert_eq!(e.code, Some(15503));
        let q = ListQuery::parse_in_service(
            params(&[
                ("enddate", "2024-01-31"),
                ("state", "nc"),
                ("ratecenter", "CARY"),
            ])
            .as_slice(),
        )
        .unwrap();
        assert_eq!(q.size, IN_SERVICE_DEFAULT_SIZE);
        assert_eq!(q.filter.state.as_deref(), Some("NC"));
        assert_eq!(
            q.filter.in_service_to.map(|t| t.iso()).as_deref(),
            Some("2024-01-31T23:59:59.999Z")
        );
    }
}
