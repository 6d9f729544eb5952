//! The operator plane: `/admin/…`, apart from the customer API.
//!
//! It has its own credential — `Authorization: Bearer <TNHUB_ADMIN_TOKEN>` —
//! and customer credentials never reach it (nor does the admin token reach
//! the customer API). It speaks JSON, since no Bandwidth client calls it.
//! Without a configured token it is disabled.

use axum::Json;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::query::QueryMap;
use crate::state::AppState;

pub(crate) fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(serde_json::json!({ "error": message }))).into_response()
}

/// Middleware: only the operator's bearer token passes.
pub async fn require_operator(State(state): State<AppState>, req: Request, next: Next) -> Response {
    match operator_refusal(&state, req.headers()) {
        None => next.run(req).await,
        Some(refused) => refused,
    }
}

/// The answer to a request without the operator's bearer token (403 when
/// the operator plane is disabled, 401 with a `Bearer` challenge
/// otherwise); `None` when it has the token. Also guards `/metrics` in
/// operator mode.
pub(crate) fn operator_refusal(state: &AppState, headers: &header::HeaderMap) -> Option<Response> {
    let Some(expected) = state.config.admin_token.as_deref() else {
        return Some(error(
            StatusCode::FORBIDDEN,
            "the operator plane is disabled: start the server with TNHUB_ADMIN_TOKEN set",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim);
    // Compare digests, so the comparison takes the same time however much matches.
    let digest = |s: &str| Sha256::digest(s.as_bytes());
    match given {
        Some(token) if digest(token) == digest(expected) => None,
        _ => {
            let mut r = error(
                StatusCode::UNAUTHORIZED,
                "the operator plane needs Authorization: Bearer <admin token>",
            );
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer realm=\"tnhub-admin\""),
            );
            Some(r)
        }
    }
}

/// The sandbox clock as JSON.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClockJson {
    now: String,
    now_ms: i64,
    sandbox: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    offset_ms: Option<i64>,
}

fn clock_json(state: &AppState) -> ClockJson {
    let c = state.hub.clock_state();
    ClockJson {
        now: c.now.iso(),
        now_ms: c.now.millis(),
        sandbox: c.offset_ms.is_some(),
        offset_ms: c.offset_ms,
    }
}

/// `GET /admin/clock`.
pub async fn clock(State(state): State<AppState>) -> Json<ClockJson> {
    Json(clock_json(&state))
}

/// `POST /admin/clock/advance?days=&hours=&minutes=&seconds=`: moves the
/// sandbox clock forward by the sum; work that became due runs at once.
pub async fn advance(State(state): State<AppState>, q: QueryMap) -> Response {
    let mut ms: i64 = 0;
    for (key, unit) in [
        ("days", 86_400_000i64),
        ("hours", 3_600_000),
        ("minutes", 60_000),
        ("seconds", 1_000),
        ("ms", 1),
    ] {
        if let Some(v) = q.get(key) {
            match v.trim().parse::<f64>() {
                Ok(n) if n.is_finite() && (0.0..1e7).contains(&n) => {
                    ms = ms.saturating_add((n * unit as f64).round() as i64)
                }
                _ => {
                    return error(
                        StatusCode::BAD_REQUEST,
                        &format!("{key} must be a non-negative number, not '{v}'"),
                    );
                }
            }
        }
    }
    if ms <= 0 {
        return error(
            StatusCode::BAD_REQUEST,
            "say how far to move the clock: ?days=, ?hours=, ?minutes=, ?seconds= or ?ms=",
        );
    }
    match state.hub.advance_clock(ms).await {
        Ok(_) => Json(clock_json(&state)).into_response(),
        Err(e) if e.kind == tnhub_core::ErrorKind::Conflict => {
            error(StatusCode::CONFLICT, &e.message)
        }
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, &e.message),
    }
}

/// A pending job as JSON.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JobJson {
    id: i64,
    kind: String,
    subject: String,
    run_at: String,
    attempts: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_error: Option<String>,
    created_at: String,
}

impl From<tnhub_core::order::Job> for JobJson {
    fn from(j: tnhub_core::order::Job) -> Self {
        JobJson {
            id: j.id,
            kind: j.kind,
            subject: j.subject,
            run_at: j.run_at.iso(),
            attempts: j.attempts,
            last_error: j.last_error,
            created_at: j.created_at.iso(),
        }
    }
}

/// `GET /admin/jobs?limit=`: pending jobs, soonest first, and whether this
/// server's job runner is paused.
pub async fn jobs(State(state): State<AppState>, q: QueryMap) -> Response {
    let limit = match q.get("limit").map(str::trim).filter(|v| !v.is_empty()) {
        None => 100,
        Some(v) => match v.parse::<u32>() {
            Ok(n) => n.clamp(1, 10_000),
            Err(_) => {
                return error(
                    StatusCode::BAD_REQUEST,
                    &format!("limit must be a whole number, not '{v}'"),
                );
            }
        },
    };
    match state.hub.pending_jobs(limit).await {
        Ok(jobs) => Json(serde_json::json!({
            "jobs": jobs.into_iter().map(JobJson::from).collect::<Vec<_>>(),
            "workerPaused": state.hub.worker_paused(),
        }))
        .into_response(),
        Err(e) => error(StatusCode::SERVICE_UNAVAILABLE, &e.message),
    }
}

/// The order a job works on, as JSON.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JobOrderJson {
    id: String,
    account_id: String,
    order_type: &'static str,
    status: String,
    created_at: String,
    updated_at: String,
}

/// `GET /admin/jobs/{jobId}`: one pending job and the order it works on
/// (404 when there is no such job: finished jobs are deleted).
pub async fn job(
    State(state): State<AppState>,
    crate::auth::Params(p): crate::auth::Params,
) -> Response {
    let missing = || error(StatusCode::NOT_FOUND, "no such pending job");
    let Some(id) = p
        .iter()
        .find(|(k, _)| k == "jobId")
        .and_then(|(_, v)| v.trim().parse::<i64>().ok())
    else {
        return missing();
    };
    match state.hub.pending_job(id).await {
        Ok(Some((job, order))) => {
            let mut body = serde_json::to_value(JobJson::from(job)).unwrap_or_default();
            if let Some(o) = order {
                body["order"] = serde_json::to_value(JobOrderJson {
                    id: o.id,
                    account_id: o.account_id.to_string(),
                    order_type: o.kind.as_str(),
                    status: o.status,
                    created_at: o.created_at.iso(),
                    updated_at: o.updated_at.iso(),
                })
                .unwrap_or_default();
            }
            Json(body).into_response()
        }
        Ok(None) => missing(),
        Err(e) => error(StatusCode::SERVICE_UNAVAILABLE, &e.message),
    }
}

fn worker_json(state: &AppState) -> Response {
    Json(serde_json::json!({ "paused": state.hub.worker_paused() })).into_response()
}

/// `GET /admin/worker`: whether this server's job runner is paused.
pub async fn worker(State(state): State<AppState>) -> Response {
    worker_json(&state)
}

/// `POST /admin/worker/pause`: holds this server's job runner. Orders are
/// still accepted and wait, with their jobs, until it is resumed (or
/// another server sharing the database runs them); a restart resumes it.
pub async fn pause_worker(State(state): State<AppState>) -> Response {
    state.hub.pause_worker(true);
    tracing::warn!("job runner paused by the operator");
    worker_json(&state)
}

/// `POST /admin/worker/resume`: lets this server's job runner go on; what
/// waited runs at once.
pub async fn resume_worker(State(state): State<AppState>) -> Response {
    state.hub.pause_worker(false);
    tracing::info!("job runner resumed by the operator");
    worker_json(&state)
}

/// `GET /admin/deliveries?state=&account=&limit=`: callbacks, newest first,
/// with their attempts.
pub async fn deliveries(State(state): State<AppState>, q: QueryMap) -> Response {
    let account = match q
        .get("account")
        .map(tnhub_core::ids::AccountId::parse)
        .transpose()
    {
        Ok(a) => a,
        Err(e) => return error(StatusCode::BAD_REQUEST, &e.message),
    };
    let filter = tnhub_core::subscription::DeliveryFilter {
        account_id: account,
        subscription_id: q.get("subscription").map(str::to_string),
        state: q
            .get("state")
            .and_then(tnhub_core::subscription::DeliveryState::parse),
        limit: q
            .get("limit")
            .and_then(|l| l.parse().ok())
            .unwrap_or(100)
            .clamp(1, 10_000),
    };
    match state.hub.deliveries(&filter).await {
        Ok(list) => Json(serde_json::json!({ "deliveries": list.iter().map(|(d, a)| delivery_json(d, a)).collect::<Vec<_>>() })).into_response(),
        Err(e) => error(StatusCode::SERVICE_UNAVAILABLE, &e.message),
    }
}

/// `POST /admin/deliveries/{deliveryId}/replay`: sends a callback again now.
pub async fn replay(
    State(state): State<AppState>,
    crate::auth::Params(p): crate::auth::Params,
) -> Response {
    let Some(id) = p
        .iter()
        .find(|(k, _)| k == "deliveryId")
        .and_then(|(_, v)| v.parse::<i64>().ok())
    else {
        return error(StatusCode::NOT_FOUND, "no such delivery");
    };
    match state.hub.replay_delivery(id, None).await {
        Ok(d) => Json(delivery_json(&d, &[])).into_response(),
        Err(e) if e.kind == tnhub_core::ErrorKind::NotFound => {
            error(StatusCode::NOT_FOUND, &e.message)
        }
        Err(e) => error(StatusCode::SERVICE_UNAVAILABLE, &e.message),
    }
}

fn delivery_json(
    d: &tnhub_core::subscription::Delivery,
    attempts: &[tnhub_core::subscription::Attempt],
) -> serde_json::Value {
    serde_json::json!({
        "id": d.id,
        "subscriptionId": d.subscription_id,
        "accountId": d.account_id.to_string(),
        "orderId": d.notification.order_id,
        "orderType": d.notification.order_type,
        "status": d.notification.status,
        "state": d.state.as_str(),
        "attempts": d.attempts,
        "nextAttemptAt": d.next_attempt_at.iso(),
        "lastStatusCode": d.last_status_code,
        "lastError": d.last_error,
        "createdAt": d.created_at.iso(),
        "deliveredAt": d.delivered_at.map(|t| t.iso()),
        "attemptLog": attempts.iter().map(|a| serde_json::json!({
            "at": a.at.iso(), "statusCode": a.status_code, "latencyMs": a.latency_ms, "error": a.error,
        })).collect::<Vec<_>>(),
    })
}
