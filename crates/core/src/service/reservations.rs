//! Reservations (`POST|GET|DELETE A/tnreservation[/{id}]`, wire-format.md
//! 2.9 and 3.7).
//!
//! A reservation is a number row with status `Reserved`, a reservation id
//! and a `hold_until`. It is taken with [`claim`], the one way a number
//! changes hands, so a reservation and a sale can never both win. Nothing
//! runs when a hold ends: the row simply stops holding the number
//! ([`crate::number::NumberRecord::holds_at`]), so searches and orders see
//! it as available at once, and housekeeping deletes it later
//! ([`Tnhub::release_expired_numbers`]). Only the reserving account may
//! order a reserved number (the claim rule).
//!
//! Codes: 5040 "Reservation failed: telephone number %s not found." (not a
//! number, or not in the inventory), 5041 "… is not available." (held by
//! anyone, including an earlier reservation of the same account), 5043
//! "Reservation %s not found." (unknown, ended, or another account's), and
//! 1003 when `ReservedTn` is missing.

use tnhub_nanp::Tn;

use crate::error::CoreError;
use crate::ids::AccountId;
use crate::number::{NumberRecord, NumberStatus};
use crate::store::{NumberQuery, Repo};
use crate::timestamp::Timestamp;

use super::Tnhub;
use super::claim::{claim, geo_of, new_record, record_event};

/// How long a reservation holds its number unless configured otherwise
/// (the real service's 4 hours).
pub const DEFAULT_RESERVATION_HOLD_MS: i64 = 4 * 60 * 60 * 1000;

/// Bandwidth's reservation codes.
pub mod codes {
    /// "Reservation failed: telephone number %s not found."
    pub const NOT_FOUND_TN: u32 = 5040;
    /// "Reservation failed: telephone number %s is not available."
    pub const UNAVAILABLE: u32 = 5041;
    /// "Reservation %s not found."
    pub const NOT_FOUND: u32 = 5043;
}

/// A reservation as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reservation {
    pub id: String,
    pub account_id: AccountId,
    pub tn: Tn,
    pub expires_at: Timestamp,
    /// When this view was taken (for the seconds remaining).
    pub now: Timestamp,
}

impl Reservation {
    /// Whole seconds until the hold ends (never negative).
    pub fn seconds_remaining(&self) -> i64 {
        ((self.expires_at.millis() - self.now.millis()).max(0) + 999) / 1000
    }

    fn of(row: &NumberRecord, now: Timestamp) -> Option<Reservation> {
        if row.status != NumberStatus::Reserved || !row.holds_at(now) {
            return None;
        }
        Some(Reservation {
            id: row.reservation_id.clone()?,
            account_id: row.account_id.clone()?,
            tn: row.tn,
            expires_at: row.hold_until?,
            now,
        })
    }
}

/// "Reservation %s not found."
pub fn reservation_not_found(id: &str) -> CoreError {
    CoreError::not_found(codes::NOT_FOUND, format!("Reservation {id} not found."))
}

fn tn_not_found(tn: &str) -> CoreError {
    CoreError::invalid(
        codes::NOT_FOUND_TN,
        format!("Reservation failed: telephone number {tn} not found."),
    )
}

fn unavailable(tn: &str) -> CoreError {
    CoreError::invalid(
        codes::UNAVAILABLE,
        format!("Reservation failed: telephone number {tn} is not available."),
    )
}

/// The account's live reservation row with this id. Reservations are few
/// per account, so the account's reserved rows are scanned rather than
/// indexed by id.
async fn load_reservation(
    repo: &mut dyn Repo,
    account: &AccountId,
    id: &str,
    now: Timestamp,
) -> Result<NumberRecord, CoreError> {
    let id = id.trim();
    if uuid::Uuid::parse_str(id).is_err() {
        return Err(reservation_not_found(id));
    }
    let rows = repo
        .numbers(&NumberQuery {
            accounts: vec![account.clone()],
            statuses: vec![NumberStatus::Reserved],
            ..NumberQuery::default()
        })
        .await?;
    rows.into_iter()
        .find(|r| r.reservation_id.as_deref() == Some(id) && r.holds_at(now))
        .ok_or_else(|| reservation_not_found(id))
}

impl Tnhub {
    /// Sets how long new reservations hold their number.
    pub fn with_reservation_hold(mut self, hold: std::time::Duration) -> Self {
        self.reservation_hold_ms = i64::try_from(hold.as_millis()).unwrap_or(i64::MAX).max(1);
        self
    }

    /// How long new reservations hold their number, in milliseconds.
    pub fn reservation_hold_ms(&self) -> i64 {
        self.reservation_hold_ms
    }

    /// Reserves a number in the inventory for the account.
    pub async fn reserve_number(
        &self,
        account: &AccountId,
        user: &str,
        raw_tn: Option<&str>,
    ) -> Result<Reservation, CoreError> {
        let text = raw_tn
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| CoreError::required("ReservedTn"))?;
        let tn = Tn::parse(text).map_err(|_| tn_not_found(text))?;
        let inventory = self.inventory();
        let block = inventory
            .block_of(tn)
            .ok_or_else(|| tn_not_found(&tn.to_string()))?;
        let now = self.clock.now();
        let mut wanted = new_record(
            tn,
            NumberStatus::Reserved,
            account,
            geo_of(inventory.attrs(block)),
            now,
        );
        let id = uuid::Uuid::new_v4().to_string();
        wanted.reservation_id = Some(id.clone());
        wanted.hold_until = Some(now.plus_millis(self.reservation_hold_ms));

        let mut tx = self.store.write().await?;
        // A claim lets an account take over its own reservation; reserving
        // a number twice is refused instead (the first id stays valid).
        if let Some(existing) = tx.number(&tn.to_string()).await?
            && existing.status == NumberStatus::Reserved
            && existing.holds_at(now)
        {
            return Err(unavailable(&tn.to_string()));
        }
        if claim(tx.as_mut(), &wanted, now).await?.is_err() {
            return Err(unavailable(&tn.to_string()));
        }
        record_event(
            tx.as_mut(),
            &wanted,
            NumberStatus::Reserved.as_str(),
            Some(user),
            now,
        )
        .await?;
        tx.commit().await?;
        tracing::info!(account = %account, tn = %tn, reservation = %id, "number reserved");
        Ok(Reservation {
            id,
            account_id: account.clone(),
            tn,
            expires_at: now.plus_millis(self.reservation_hold_ms),
            now,
        })
    }

    /// One of the account's live reservations.
    pub async fn reservation(
        &self,
        account: &AccountId,
        id: &str,
    ) -> Result<Reservation, CoreError> {
        let now = self.clock.now();
        let mut repo = self.store.read().await?;
        let row = load_reservation(repo.as_mut(), account, id, now).await?;
        Reservation::of(&row, now).ok_or_else(|| reservation_not_found(id))
    }

    /// Cancels a reservation: the number goes back to the inventory.
    pub async fn cancel_reservation(
        &self,
        account: &AccountId,
        user: &str,
        id: &str,
    ) -> Result<(), CoreError> {
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let row = load_reservation(tx.as_mut(), account, id, now).await?;
        if !tx.delete_number(&row.tn.to_string(), row.version).await? {
            // Taken over (ordered) between the read and the delete.
            return Err(reservation_not_found(id));
        }
        record_event(tx.as_mut(), &row, "Available", Some(user), now).await?;
        tx.commit().await?;
        tracing::info!(account = %account, tn = %row.tn, reservation = id.trim(), "reservation cancelled");
        Ok(())
    }

    /// The live reservation of a number, if one of `accounts` holds it
    /// (`GET /tns/{tn}/tnreservation`); 5043 otherwise, whoever holds it.
    pub async fn reservation_of_number(
        &self,
        accounts: &[AccountId],
        raw_tn: &str,
    ) -> Result<Reservation, CoreError> {
        let missing = || {
            CoreError::not_found(
                codes::NOT_FOUND,
                format!(
                    "Reservation for telephone number {} not found.",
                    raw_tn.trim()
                ),
            )
        };
        let tn = super::numbers::parse_tn(raw_tn)?;
        let now = self.clock.now();
        let row = self
            .store
            .read()
            .await?
            .number(&tn.to_string())
            .await?
            .ok_or_else(missing)?;
        match Reservation::of(&row, now) {
            Some(r) if accounts.contains(&r.account_id) => Ok(r),
            _ => Err(missing()),
        }
    }
}
