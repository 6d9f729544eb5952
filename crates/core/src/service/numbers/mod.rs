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
//!   changing one's settings: 1004 (tnhub) a `FullNumber` other than the
//!   path's, 5081 a setting's value, 1004 a text too long;
//! - `POST /tns`: 15607 more than 2 500 numbers (400); per number, in the
//!   answer's `ErrorList`: 15608 not a valid number, 15610 not on the
//!   user's accounts;
//! - moves: 13505 no number, 13512 invalid number, 13511 duplicate, 13520
//!   not on the account, 13518 not in service, 1004 (tnhub) more than
//!   5 000 numbers.
//!
//! This module holds the codes, the page sizes and the shared look-ups;
//! the parts live beside it: `query` parses listing parameters,
//! `listing` answers `/tns`, `tndetails`, history and the in-service and
//! disconnected lists, `lookup` answers `POST /tns` and `/tns/{tn}/lca`,
//! `peer` answers a SIP peer's numbers and moves, and `settings` changes
//! one number's settings on its peer.

use tnhub_nanp::Tn;

use crate::error::CoreError;
use crate::ids::AccountId;
use crate::number::NumberRecord;
use crate::sippeer::SipPeer;
use crate::site::Site;
use crate::store::{NumberQuery, Repo};
use crate::timestamp::Timestamp;

mod listing;
mod lookup;
mod peer;
mod query;
mod settings;
#[cfg(test)]
mod tests;

pub use lookup::NumberLookup;
pub use query::ListQuery;
pub use settings::PeerNumberSettings;

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
    /// `POST /tns`: more numbers than [`super::MAX_LOOKUP`].
    pub const LOOKUP_TOO_MANY: u32 = 15607;
    /// `POST /tns`: a number that is not a valid 10-digit number.
    pub const LOOKUP_INVALID: u32 = 15608;
    /// `POST /tns`: a number not on any of the user's accounts.
    pub const LOOKUP_NOT_ON_ACCOUNT: u32 = 15610;
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
/// The most numbers one `POST /tns` may name.
pub const MAX_LOOKUP: usize = 2_500;

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
