//! The operator plane for port-outs (`/admin/portouts…`, JSON, the admin
//! bearer token): the simulated winning carrier's side.
//!
//! - `POST /admin/portouts` `{"accountId": "…", "tns": ["…"], "winningCarrier":
//!   "9106", "passcode": "…", "requestedFocDate": "…", "pon": "…"}`: a
//!   port-out request arrives (201; checked by the worker at once);
//! - `GET /admin/portouts/{id}`: it as the operator sees it (with the
//!   passcode the request carried);
//! - `POST /admin/portouts/{id}/complete`: a port-out in FOC completes now;
//! - `POST /admin/portouts/{id}/cancel`: the winning carrier withdraws it.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use tnhub_core::Timestamp;
use tnhub_core::ids::AccountId;
use tnhub_core::order::portout::PortOutDraft;
use tnhub_core::service::PortOutView;

use crate::auth::Params;
use crate::routes::admin_portins::{body, core_error, error};
use crate::state::AppState;

/// A port-out as the operator sees it.
pub fn port_out_json(v: &PortOutView) -> Value {
    json!({
        "id": v.row.id,
        "accountId": v.row.account_id.to_string(),
        "status": v.row.status,
        "tns": v.request.tns,
        "winningCarrier": { "spid": v.request.winning_carrier.spid, "name": v.request.winning_carrier.name },
        "passcode": v.request.passcode,
        "pon": v.request.pon,
        "requestedFocDate": v.request.requested_foc_date.map(|t| t.iso()),
        "actualFocDate": v.result.actual_foc_date.map(|t| t.iso()),
        "completed": v.result.completed,
        "errors": v.result.errors.iter().map(|e| json!({"code": e.code, "description": e.description, "tns": e.tns})).collect::<Vec<_>>(),
        "createdAt": v.row.created_at.iso(),
        "updatedAt": v.row.updated_at.iso(),
    })
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct StartBody {
    account_id: Option<String>,
    tns: Vec<String>,
    winning_carrier: Option<String>,
    passcode: Option<String>,
    requested_foc_date: Option<String>,
    pon: Option<String>,
}

/// `POST /admin/portouts`: 201 with the port-out.
pub async fn start(State(state): State<AppState>, raw: Bytes) -> Response {
    let b: StartBody = match body(&raw) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    let Some(account) = b
        .account_id
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    else {
        return error(StatusCode::BAD_REQUEST, "give accountId and tns");
    };
    let requested_foc_date = match b.requested_foc_date.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(d) => match Timestamp::parse(d) {
            Some(t) => Some(t),
            None => {
                return error(
                    StatusCode::BAD_REQUEST,
                    &format!("requestedFocDate '{d}' is not a date (2030-01-02T15:30:00Z)"),
                );
            }
        },
    };
    let draft = PortOutDraft {
        tns: b.tns,
        winning_spid: b.winning_carrier,
        passcode: b.passcode,
        requested_foc_date,
        pon: b.pon,
    };
    let account = match AccountId::parse(account) {
        Ok(a) => a,
        Err(e) => return core_error(e),
    };
    match state.hub.start_port_out(&account, draft).await {
        Ok(v) => (StatusCode::CREATED, Json(port_out_json(&v))).into_response(),
        Err(e) => core_error(e),
    }
}

/// `GET /admin/portouts/{portoutId}`.
pub async fn get_one(State(state): State<AppState>, p: Params) -> Response {
    match state.hub.port_out_by_id(p.get("portoutId")).await {
        Ok(v) => Json(port_out_json(&v)).into_response(),
        Err(e) => core_error(e),
    }
}

/// `POST /admin/portouts/{portoutId}/complete`.
pub async fn complete(State(state): State<AppState>, p: Params) -> Response {
    match state.hub.complete_port_out(p.get("portoutId")).await {
        Ok(v) => Json(port_out_json(&v)).into_response(),
        Err(e) => core_error(e),
    }
}

/// `POST /admin/portouts/{portoutId}/cancel`.
pub async fn cancel(State(state): State<AppState>, p: Params) -> Response {
    match state.hub.cancel_port_out(p.get("portoutId")).await {
        Ok(v) => Json(port_out_json(&v)).into_response(),
        Err(e) => core_error(e),
    }
}
