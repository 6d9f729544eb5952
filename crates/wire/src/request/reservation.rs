//! `<Reservation><ReservedTn/></Reservation>` as sent to `POST A/tnreservation`.

use serde::Deserialize;

use super::RequestDocument;

/// A reservation request.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ReservationBody {
    #[serde(rename = "reservedtn")]
    pub reserved_tn: Option<String>,
}

impl RequestDocument for ReservationBody {
    const ROOTS: &'static [&'static str] = &["Reservation", "TNReservation"];
}
