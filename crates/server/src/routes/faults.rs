//! `POST|GET|DELETE /admin/faults` and `DELETE /admin/faults/{faultId}`:
//! the fault rules of this server (see [`crate::faults`]).

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::faults::RuleSpec;
use crate::routes::admin::error;
use crate::state::AppState;

/// `POST /admin/faults`: adds a rule; 201 with the rule and its id.
pub async fn add(State(state): State<AppState>, body: Bytes) -> Response {
    let spec: RuleSpec = match serde_json::from_slice(&body) {
        Ok(s) => s,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                &format!(
                    "the body must be a fault rule: {{\"route\":…, \"times\":1, \"action\":{{\"type\":\"error\"|\"latency\"|\"rateLimit\"|\"drop\"|\"workerFault\", …}}}} ({e})"
                ),
            );
        }
    };
    match state.faults.add(spec) {
        Ok(rule) => (StatusCode::CREATED, Json(rule)).into_response(),
        Err(e) => error(StatusCode::BAD_REQUEST, &e),
    }
}

/// `GET /admin/faults`: every rule with its remaining count and how often
/// it fired.
pub async fn list(State(state): State<AppState>) -> Response {
    Json(serde_json::json!({ "faults": state.faults.list(), "scope": "this server" }))
        .into_response()
}

/// `DELETE /admin/faults`: deletes every rule.
pub async fn clear(State(state): State<AppState>) -> Response {
    Json(serde_json::json!({ "deleted": state.faults.delete(None) })).into_response()
}

/// `DELETE /admin/faults/{faultId}`: deletes one rule (404 when unknown).
pub async fn delete(
    State(state): State<AppState>,
    crate::auth::Params(p): crate::auth::Params,
) -> Response {
    let id = p
        .iter()
        .find(|(k, _)| k == "faultId")
        .and_then(|(_, v)| v.trim().parse::<u64>().ok());
    match id.map(|id| state.faults.delete(Some(id))) {
        Some(n) if n > 0 => Json(serde_json::json!({ "deleted": n })).into_response(),
        _ => error(StatusCode::NOT_FOUND, "no such fault rule"),
    }
}
