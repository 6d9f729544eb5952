//! Reservations: `<ReservationResponse><Reservation>…` (`GET A/tnreservation/{id}`)
//! and the bare `<TNReservation>` of `GET /tns/{tn}/tnreservation`
//! (wire-format.md 2.9, 2.7).

use serde::Serialize;

use crate::write::Document;

/// One reservation. `<Id>` repeats `<ReservationId>`: Node's
/// `tnReservation.delete()` builds its URL from `id`, which only an `<Id>`
/// element sets (without it Node sends `DELETE …/tnreservation/undefined`).
/// As a document on its own this is the `<TNReservation>` root.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct ReservationXml {
    pub reservation_id: String,
    pub account_id: String,
    /// Seconds until the hold ends.
    pub reservation_expires: i64,
    pub reserved_tn: String,
    pub id: String,
}

impl Document for ReservationXml {
    const ROOT: &'static str = "TNReservation";
}

/// `<ReservationResponse><Reservation>…</Reservation></ReservationResponse>`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReservationResponse {
    pub reservation: ReservationXml,
}

impl Document for ReservationResponse {
    const ROOT: &'static str = "ReservationResponse";
}
