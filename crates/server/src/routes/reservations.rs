//! Reservations: `POST A/tnreservation`, `GET|DELETE A/tnreservation/{id}`,
//! and Python's `GET /tns/{tn}/tnreservation` (wire-format.md 2.9).
//!
//! Errors are `<ReservationResponse><ResponseStatus>`: 400 5040 (not in the
//! inventory), 400 5041 (not available), 404 5043 (unknown, ended or
//! another account's reservation), 400 1003 (`ReservedTn` missing).

use axum::extract::State;
use axum::response::Response;
use tnhub_core::service::Reservation;
use tnhub_wire::request::reservation::ReservationBody;
use tnhub_wire::response::reservation::{ReservationResponse, ReservationXml};

use crate::auth::{AccountScope, CurrentUser, Params};
use crate::error::{ApiError, ErrorShape};
use crate::routes::base::RequestBase;
use crate::state::AppState;
use crate::xml::{Created, RawBody, Xml, ok_empty, parse};

const RESERVATION: ErrorShape = ErrorShape::status("ReservationResponse");
const TN_RESERVATION: ErrorShape = ErrorShape::status("TNReservation");

fn to_wire(r: &Reservation) -> ReservationXml {
    ReservationXml {
        reservation_id: r.id.clone(),
        account_id: r.account_id.to_string(),
        reservation_expires: r.seconds_remaining(),
        reserved_tn: r.tn.to_string(),
        id: r.id.clone(),
    }
}

/// `POST A/tnreservation`: 201 with `Location: …/tnreservation/{id}`, no body.
pub async fn create(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    CurrentUser(user): CurrentUser,
    base: RequestBase,
    body: RawBody,
) -> Result<Created, ApiError> {
    let request: ReservationBody = parse(&body, RESERVATION)?;
    if let Some(tn) = &request.reserved_tn {
        state.check_offered(account.as_str(), "reservation", std::slice::from_ref(tn));
    }
    let r = state
        .hub
        .reserve_number(&account, user.user.as_str(), request.reserved_tn.as_deref())
        .await
        .map_err(RESERVATION.core())?;
    Ok(Created {
        location: base.url(&format!("/accounts/{account}/tnreservation/{}", r.id)),
        body: None,
    })
}

/// `GET A/tnreservation/{id}`: `ReservationExpires` counts down in seconds.
pub async fn get_one(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    p: Params,
) -> Result<Xml<ReservationResponse>, ApiError> {
    let r = state
        .hub
        .reservation(&account, p.get("reservationId"))
        .await
        .map_err(RESERVATION.core())?;
    Ok(Xml(ReservationResponse {
        reservation: to_wire(&r),
    }))
}

/// `DELETE A/tnreservation/{id}`: 200; the number is available again.
pub async fn remove(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    CurrentUser(user): CurrentUser,
    p: Params,
) -> Result<Response, ApiError> {
    state
        .hub
        .cancel_reservation(&account, user.user.as_str(), p.get("reservationId"))
        .await
        .map_err(RESERVATION.core())?;
    Ok(ok_empty())
}

/// `GET /tns/{tn}/tnreservation`: the bare `<TNReservation>` of a number
/// reserved by one of the user's accounts.
pub async fn of_number(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    p: Params,
) -> Result<Xml<ReservationXml>, ApiError> {
    let r = state
        .hub
        .reservation_of_number(&user.accounts, p.get("tn"))
        .await
        .map_err(TN_RESERVATION.core())?;
    Ok(Xml(to_wire(&r)))
}
