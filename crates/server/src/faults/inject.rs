//! The middleware that acts on a matched fault rule. It sits inside the
//! journal's middleware (so the entry shows what was injected) and outside
//! authentication (a fault rehearses the network and the service, whoever
//! asks). The operator plane and the operations endpoints are never
//! faulted, so a rule cannot lock the operator out.

use std::time::Duration;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::{Action, RequestFacts};
use crate::error::{ApiError, GENERIC};
use crate::state::AppState;

/// The 429 the real service answers: an empty body, `X-RateLimit-Reset`
/// (epoch seconds, on the sandbox clock) and `Retry-After` (seconds).
pub fn too_many(reset_epoch_s: i64, retry_after_s: u64) -> Response {
    let mut r = StatusCode::TOO_MANY_REQUESTS.into_response();
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&reset_epoch_s.to_string()) {
        h.insert("x-ratelimit-reset", v);
    }
    if let Ok(v) = HeaderValue::from_str(&retry_after_s.max(1).to_string()) {
        h.insert(axum::http::header::RETRY_AFTER, v);
    }
    r
}

/// Middleware: serves the request, or injects the fault a rule asks for.
pub async fn inject(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().map(|m| m.as_str());
    if route.is_none_or(|r| !r.starts_with("/api/") || r == "/api/openapi.yaml") {
        return next.run(req).await;
    }
    let account = crate::journal::record::account_of(req.uri().path());
    let fired = state.faults.for_request(&RequestFacts {
        method: req.method().as_str(),
        route,
        account: account.as_deref(),
    });
    let Some((action, description)) = fired else {
        return next.run(req).await;
    };
    crate::journal::fault(description);
    match action {
        Action::Error {
            status,
            code,
            description,
        } => ApiError::new(
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            GENERIC,
            Some(code),
            description,
        )
        .into_response(),
        Action::Latency { ms } => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            next.run(req).await
        }
        Action::RateLimit { reset_seconds } => {
            let reset = state.hub.clock().now().millis() / 1000 + reset_seconds as i64;
            too_many(reset, reset_seconds)
        }
        Action::Drop => {
            let mut r = StatusCode::INTERNAL_SERVER_ERROR.into_response();
            r.extensions_mut().insert(crate::listen::DropConnection);
            r
        }
        // Worker rules are matched by the worker, never here.
        Action::WorkerFault { .. } => next.run(req).await,
    }
}
