//! Parsing a number listing's parameters into a [`ListQuery`]: the `/tns`
//! filters, the `inserviceNumbers` filters (404s there) and a SIP peer's
//! page, each failing with its Bandwidth code. Kept apart from the look-ups
//! because it is pure parsing, tested without a store.

use tnhub_nanp::{Npa, NpaNxx, NpaNxxX, Tn};

use crate::error::{CoreError, ErrorKind, codes as common};
use crate::ids::{AccountId, PeerId, SiteId};
use crate::inventory::query::Params;
use crate::number::NumberStatus;
use crate::store::NumberQuery;
use crate::timestamp::Timestamp;

use super::{
    IN_SERVICE_DEFAULT_SIZE, MAX_PAGE_SIZE, PEER_TNS_DEFAULT_SIZE, TNS_DEFAULT_SIZE, codes,
    parse_tn,
};

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

/// `startdate`/`enddate` of the in-service and disconnected lists: dates
/// (an end date given as a day includes all of it), start not after end
/// (15503, 15501).
fn date_range(
    p: &(impl Params + ?Sized),
    kind: ErrorKind,
) -> Result<(Option<Timestamp>, Option<Timestamp>), CoreError> {
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
    let from = date("startdate", false)?;
    let to = date("enddate", true)?;
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        return Err(fail(
            kind,
            codes::DATE_RANGE,
            format!("Invalid date range. Start date {from} must be before end date {to}"),
        ));
    }
    Ok((from, to))
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
        (q.filter.in_service_from, q.filter.in_service_to) = date_range(p, kind)?;
        Ok(q)
    }

    /// Parses `discnumbers` parameters: the in-service filters, except
    /// that `startdate`/`enddate` bound the day a number was disconnected
    /// (its last change), plus `type`: `local` or `tollfree` (tnhub's
    /// reading of the real parameter, whose values Bandwidth does not
    /// publish). Invalid filters are 404s, as for in-service numbers.
    pub fn parse_disconnected(p: &(impl Params + ?Sized)) -> Result<ListQuery, CoreError> {
        let kind = ErrorKind::NotFound;
        let mut q = ListQuery::parse_in_service(p)?;
        q.filter.statuses = vec![NumberStatus::Aging];
        q.filter.changed_from = q.filter.in_service_from.take();
        q.filter.changed_to = q.filter.in_service_to.take();
        q.filter.toll_free = match param(p, "type").map(str::to_ascii_lowercase).as_deref() {
            None | Some("all") => None,
            Some("local") => Some(false),
            Some("tollfree" | "toll-free" | "toll_free") => Some(true),
            Some(_) => {
                return Err(fail(
                    kind,
                    common::INVALID_VALUE,
                    format!(
                        "The type '{}' is invalid. Valid values: local, tollfree, all",
                        param(p, "type").unwrap_or_default()
                    ),
                ));
            }
        };
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
