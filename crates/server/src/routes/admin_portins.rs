//! The operator plane for port-ins (`/admin/portins/…`, JSON, the admin
//! bearer token; see [`crate::routes::admin`]): how the simulated losing
//! carrier behaves, and forcing a port-in to FOC, EXCEPTION or COMPLETE.
//!
//! - `GET /admin/portins/carrier`: the configuration and the simulated carriers;
//! - `PUT /admin/portins/carrier` `{"defaultDelaySeconds": N, "defaultBehaviour": …}`;
//! - `PUT|DELETE /admin/portins/carrier/carriers/{spid}` and
//!   `…/prefixes/{prefix}` with `{"behaviour": "accept"|"reject"|"never",
//!   "code": 7513, "description": "…", "delaySeconds": N}`;
//! - `GET /admin/portins/{id}`; `POST /admin/portins/{id}/foc`
//!   `{"focDate": "…"}`, `…/exception` `{"code": N, "description": "…"}`,
//!   `…/complete`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use tnhub_core::order::portin::carrier::{Behaviour, CarrierRule, CarrierSettings, carriers};
use tnhub_core::service::{PortFailure, PortInView, RuleScope, carrier_behaviour};
use tnhub_core::{CoreError, Timestamp};

use crate::auth::Params;
use crate::routes::portins::status_of;
use crate::state::AppState;

pub(crate) fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

pub(crate) fn core_error(e: CoreError) -> Response {
    let status = status_of(e.kind);
    if status.is_server_error() {
        tracing::error!(error = %e.message, "operator request failed");
    }
    error(status, &e.message)
}

fn port_error(f: PortFailure) -> Response {
    let message = f
        .errors
        .iter()
        .map(|e| format!("{} {}", e.code, e.description))
        .collect::<Vec<_>>()
        .join("; ");
    error(status_of(f.kind), &message)
}

/// Reads an optional JSON body (empty is `{}`); the error is the 400 to send.
pub(crate) fn body<T: for<'de> Deserialize<'de> + Default>(
    bytes: &Bytes,
) -> Result<T, Box<Response>> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(bytes).map_err(|e| {
        Box::new(error(
            StatusCode::BAD_REQUEST,
            &format!("the body is not the JSON expected: {e}"),
        ))
    })
}

fn rule_json(r: &CarrierRule) -> Value {
    let mut v = behaviour_json(&r.behaviour);
    v["updatedAt"] = json!(r.updated_at.iso());
    if let Some(d) = r.delay_seconds {
        v["delaySeconds"] = json!(d);
    }
    v
}

fn behaviour_json(b: &Behaviour) -> Value {
    let mut v = json!({ "behaviour": b.name() });
    if let Behaviour::Reject { code, description } = b {
        v["code"] = json!(code);
        v["description"] = json!(description);
    }
    v
}

fn config_json(state: &AppState, s: &CarrierSettings) -> Value {
    json!({
        "defaultDelaySeconds": s.default_delay_ms() / 1_000,
        "defaultBehaviour": behaviour_json(&state.hub.carrier_fallback(s)),
        "carriers": s.carriers.iter().map(|(k, r)| (k.clone(), rule_json(r))).collect::<serde_json::Map<_, _>>(),
        "prefixes": s.prefixes.iter().map(|(k, r)| (k.clone(), rule_json(r))).collect::<serde_json::Map<_, _>>(),
        "simulatedCarriers": carriers().map(|c| json!({
            "spid": c.spid,
            "name": c.name,
            "wireless": c.wireless,
            "accountNumberRequired": c.account_number_required,
            "minimumPortingIntervalDays": c.min_porting_interval,
        })).collect::<Vec<_>>(),
    })
}

/// A port-in as the operator sees it.
pub fn port_in_json(v: &PortInView) -> Value {
    let iso = |t: Option<Timestamp>| t.map(|t| t.iso());
    json!({
        "id": v.row.id,
        "accountId": v.row.account_id.to_string(),
        "status": v.row.status,
        "customerOrderId": v.row.customer_order_id,
        "siteId": v.row.site_id.map(|s| s.get()),
        "peerId": v.row.peer_id.map(|p| p.get()),
        "tns": v.request.tns,
        "triggered": v.request.triggered,
        "losingCarrier": v.result.losing_carrier.as_ref().map(|c| json!({
            "spid": c.spid, "name": c.name, "wireless": c.wireless,
            "minimumPortingIntervalDays": c.min_porting_interval,
        })),
        "portType": v.result.port_type,
        "requestedFocDate": iso(v.request.requested_foc_date),
        "actualFocDate": iso(v.result.actual_foc_date),
        "activationDate": iso(v.result.activation_date),
        "carrierAnswersAt": iso(v.result.carrier_due),
        "errors": v.result.errors.iter().map(|e| json!({"code": e.code, "description": e.description})).collect::<Vec<_>>(),
        "createdAt": v.row.created_at.iso(),
        "updatedAt": v.row.updated_at.iso(),
    })
}

/// `GET /admin/portins/carrier`.
pub async fn carrier(State(state): State<AppState>) -> Response {
    match state.hub.carrier_config().await {
        Ok(s) => Json(config_json(&state, &s)).into_response(),
        Err(e) => core_error(e),
    }
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct DefaultsBody {
    default_delay_seconds: Option<u64>,
    default_behaviour: Option<String>,
    code: Option<u32>,
    description: Option<String>,
}

/// `PUT /admin/portins/carrier` `{"defaultDelaySeconds": N, "defaultBehaviour":
/// "accept"|"reject"|"never", "code": …, "description": …}` (either or both).
pub async fn set_carrier(State(state): State<AppState>, raw: Bytes) -> Response {
    let b: DefaultsBody = match body(&raw) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    if b.default_delay_seconds.is_none() && b.default_behaviour.is_none() {
        return error(
            StatusCode::BAD_REQUEST,
            "give defaultDelaySeconds, defaultBehaviour, or both",
        );
    }
    let behaviour = match b
        .default_behaviour
        .map(|name| carrier_behaviour(&name, b.code, b.description))
        .transpose()
    {
        Ok(v) => v,
        Err(e) => return core_error(e),
    };
    match state
        .hub
        .set_carrier_defaults(b.default_delay_seconds, behaviour)
        .await
    {
        Ok(s) => Json(config_json(&state, &s)).into_response(),
        Err(e) => core_error(e),
    }
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RuleBody {
    behaviour: Option<String>,
    code: Option<u32>,
    description: Option<String>,
    delay_seconds: Option<u64>,
}

async fn put_rule(state: &AppState, scope: RuleScope, key: &str, raw: &Bytes) -> Response {
    let b: RuleBody = match body(raw) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    let Some(name) = b.behaviour else {
        return error(
            StatusCode::BAD_REQUEST,
            "give behaviour: accept, reject (with code and description) or never",
        );
    };
    let behaviour = match carrier_behaviour(&name, b.code, b.description) {
        Ok(v) => v,
        Err(e) => return core_error(e),
    };
    match state
        .hub
        .set_carrier_rule(scope, key, behaviour, b.delay_seconds)
        .await
    {
        Ok(s) => Json(config_json(state, &s)).into_response(),
        Err(e) => core_error(e),
    }
}

async fn delete_rule(state: &AppState, scope: RuleScope, key: &str) -> Response {
    match state.hub.remove_carrier_rule(scope, key).await {
        Ok(true) => Json(json!({ "removed": key })).into_response(),
        Ok(false) => error(StatusCode::NOT_FOUND, &format!("no rule for '{key}'")),
        Err(e) => core_error(e),
    }
}

/// `PUT /admin/portins/carrier/carriers/{spid}`.
pub async fn put_carrier_rule(State(state): State<AppState>, p: Params, raw: Bytes) -> Response {
    put_rule(&state, RuleScope::Carrier, p.get("spid"), &raw).await
}

/// `DELETE /admin/portins/carrier/carriers/{spid}`.
pub async fn delete_carrier_rule(State(state): State<AppState>, p: Params) -> Response {
    delete_rule(&state, RuleScope::Carrier, p.get("spid")).await
}

/// `PUT /admin/portins/carrier/prefixes/{prefix}`.
pub async fn put_prefix_rule(State(state): State<AppState>, p: Params, raw: Bytes) -> Response {
    put_rule(&state, RuleScope::Prefix, p.get("prefix"), &raw).await
}

/// `DELETE /admin/portins/carrier/prefixes/{prefix}`.
pub async fn delete_prefix_rule(State(state): State<AppState>, p: Params) -> Response {
    delete_rule(&state, RuleScope::Prefix, p.get("prefix")).await
}

/// `GET /admin/portins/{portinId}`.
pub async fn get_one(State(state): State<AppState>, p: Params) -> Response {
    match state.hub.port_in_by_id(p.get("portinId")).await {
        Ok(v) => Json(port_in_json(&v)).into_response(),
        Err(e) => core_error(e),
    }
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct FocBody {
    foc_date: Option<String>,
}

/// `POST /admin/portins/{portinId}/foc` `{"focDate": "…"}` (default: the
/// earliest date the losing carrier allows).
pub async fn force_foc(State(state): State<AppState>, p: Params, raw: Bytes) -> Response {
    let b: FocBody = match body(&raw) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    let date = match b
        .foc_date
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        None => None,
        Some(d) => match Timestamp::parse(d) {
            Some(t) => Some(t),
            None => {
                return error(
                    StatusCode::BAD_REQUEST,
                    &format!("focDate '{d}' is not a date (2030-01-02T15:30:00Z)"),
                );
            }
        },
    };
    match state.hub.force_foc(p.get("portinId"), date).await {
        Ok(v) => Json(port_in_json(&v)).into_response(),
        Err(f) => port_error(f),
    }
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ExceptionBody {
    code: Option<u32>,
    description: Option<String>,
}

/// `POST /admin/portins/{portinId}/exception` `{"code": N, "description": "…"}`
/// (default 7519 "Customer info does not match").
pub async fn force_exception(State(state): State<AppState>, p: Params, raw: Bytes) -> Response {
    let b: ExceptionBody = match body(&raw) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    match state
        .hub
        .force_exception(p.get("portinId"), b.code, b.description)
        .await
    {
        Ok(v) => Json(port_in_json(&v)).into_response(),
        Err(f) => port_error(f),
    }
}

/// `POST /admin/portins/{portinId}/complete`: the numbers go in service now.
pub async fn force_complete(State(state): State<AppState>, p: Params) -> Response {
    match state.hub.force_complete(p.get("portinId")).await {
        Ok(v) => Json(port_in_json(&v)).into_response(),
        Err(f) => port_error(f),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_body_is_the_default() {
        let b: FocBody = body(&Bytes::from_static(b"  ")).unwrap();
        assert!(b.foc_date.is_none());
        assert!(body::<FocBody>(&Bytes::from_static(b"{\"x\":1}")).is_err());
    }
}
