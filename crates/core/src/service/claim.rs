//! Taking a number: the one place a number changes hands.
//!
//! A claim first tries to insert the number's row; the primary key on the
//! number makes that insert fail for everyone but one claimant, on one
//! server or many. Only when a row exists does the claim look at it: an
//! ended reservation or aging period no longer holds the number, and a
//! reservation or aging period of the claiming account yields to it. Such a
//! takeover is a versioned update, so two claimants that both read the same
//! old row cannot both win.

use tnhub_nanp::Tn;

use crate::error::CoreError;
use crate::ids::AccountId;
use crate::inventory::BlockAttrs;
use crate::number::{NumberEvent, NumberGeo, NumberRecord, NumberStatus};
use crate::store::Repo;
use crate::timestamp::Timestamp;

/// How often a versioned change of a number is tried again after another
/// transaction changed the row first (another job runner or server working
/// on the same number): each try reads the committed row afresh.
pub const VERSION_RETRIES: usize = 5;

/// Why a claim failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Someone else holds the number (in service, reserved by another
    /// account, porting …).
    Held(NumberStatus),
}

/// The geography and vendor a number is sold with.
pub fn geo_of(attrs: &BlockAttrs) -> NumberGeo {
    NumberGeo {
        city: attrs.city.as_deref().map(str::to_string),
        state: attrs.state.as_deref().map(str::to_string),
        rate_center: attrs.rate_center.as_deref().map(str::to_string),
        lata: attrs.lata,
        tier: attrs.tier,
        vendor_id: Some(attrs.vendor_id),
        vendor_name: Some(attrs.vendor_name.to_string()),
    }
}

/// A fresh row for a number about to change hands.
pub fn new_record(
    tn: Tn,
    status: NumberStatus,
    account: &AccountId,
    geo: NumberGeo,
    now: Timestamp,
) -> NumberRecord {
    NumberRecord {
        tn,
        status,
        account_id: Some(account.clone()),
        site_id: None,
        peer_id: None,
        order_id: None,
        order_type: None,
        reservation_id: None,
        hold_until: None,
        in_service_at: None,
        created_at: now,
        updated_at: now,
        geo,
        attributes: Vec::new(),
        features: Default::default(),
        version: 0,
    }
}

/// Gives `wanted` to its account unless someone else holds the number.
/// `reservations` are the reservation ids the claimant names; a
/// reservation of the claimant's own account is taken over whether named
/// or not.
pub async fn claim(
    repo: &mut dyn Repo,
    wanted: &NumberRecord,
    now: Timestamp,
) -> Result<Result<(), Refusal>, CoreError> {
    let tn = wanted.tn.to_string();
    for _ in 0..VERSION_RETRIES {
        if repo.insert_number_if_absent(wanted).await? {
            return Ok(Ok(()));
        }
        let Some(existing) = repo.number(&tn).await? else {
            continue; // released meanwhile: try the insert again
        };
        let ours = existing.account_id.is_some() && existing.account_id == wanted.account_id;
        let yields = !existing.holds_at(now)
            || (ours
                && matches!(
                    existing.status,
                    NumberStatus::Reserved | NumberStatus::Aging
                ));
        if !yields {
            return Ok(Err(Refusal::Held(existing.status)));
        }
        let mut next = wanted.clone();
        next.features = if ours {
            existing.features.clone()
        } else {
            Default::default()
        };
        if repo.update_number(&next, existing.version).await? {
            return Ok(Ok(()));
        }
    }
    // Lost every race: someone else is busy with this number.
    Ok(Err(Refusal::Held(NumberStatus::Inservice)))
}

/// Takes up to `wanted` numbers no row is known to hold (drawn from the
/// inventory unchecked) by inserting their rows: the key refuses those
/// someone holds, and the next candidates replace them. As many at a time
/// as are still missing, in one multi-row insert (5,000 rows for a
/// 5,000-number order). The rows inserted, in the candidates' order.
pub async fn insert_fresh(
    repo: &mut dyn Repo,
    candidates: &mut (dyn Iterator<Item = NumberRecord> + Send),
    wanted: usize,
) -> Result<Vec<NumberRecord>, CoreError> {
    let mut got = Vec::with_capacity(wanted);
    while got.len() < wanted {
        let batch: Vec<NumberRecord> = (&mut *candidates).take(wanted - got.len()).collect();
        if batch.is_empty() {
            break;
        }
        let inserted = repo.insert_numbers_if_absent(&batch).await?;
        got.extend(
            batch
                .into_iter()
                .zip(inserted)
                .filter_map(|(r, ok)| ok.then_some(r)),
        );
    }
    Ok(got)
}

/// Records an event in the number's history.
pub async fn record_event(
    repo: &mut dyn Repo,
    n: &NumberRecord,
    status: &str,
    user: Option<&str>,
    now: Timestamp,
) -> Result<(), CoreError> {
    repo.add_number_event(&event(n, status, user, now)).await?;
    Ok(())
}

/// Records one event in each number's history, in one go (see
/// [`crate::store::NumberRepo::add_number_events`]): what an order of
/// thousands of numbers writes.
pub async fn record_events(
    repo: &mut dyn Repo,
    numbers: &[NumberRecord],
    status: &str,
    user: Option<&str>,
    now: Timestamp,
) -> Result<(), CoreError> {
    let events: Vec<NumberEvent> = numbers
        .iter()
        .map(|n| event(n, status, user, now))
        .collect();
    repo.add_number_events(&events).await?;
    Ok(())
}

fn event(n: &NumberRecord, status: &str, user: Option<&str>, now: Timestamp) -> NumberEvent {
    NumberEvent {
        tn: n.tn,
        account_id: n.account_id.clone(),
        order_id: n.order_id.clone(),
        order_type: n.order_type.clone(),
        status: status.to_string(),
        user: user.map(str::to_string),
        at: now,
    }
}
