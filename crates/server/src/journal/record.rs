//! The middleware writing a journal entry for each request.
//!
//! It sits inside the router (like the metrics), so it knows the route
//! template, and outside authentication, so refused logins are journaled
//! too. The request body is copied as the handler reads it
//! ([`super::capture`]); the response body is already in memory (every
//! handler answers a complete body), so keeping its head copies only the
//! bytes kept. Bodies are kept as sent and redacted ([`super::redact`])
//! whenever they are shown ([`super::KeptBody`]). The journal's own reads, health checks and metrics are not
//! journaled.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::body::Body;
use axum::extract::{MatchedPath, OriginalUri, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use http_body_util::BodyExt;

use super::{Entry, KeptBody, Kind, Marks, capture, diagnose, redact, with_marks};
use crate::state::AppState;

/// Routes never journaled: the journal itself and the operations endpoints.
const QUIET: &[&str] = &[
    "/admin/requests",
    "/api/accounts/{accountId}/tnhub/requests",
    "/health",
    "/ready",
    "/metrics",
];

/// The account a canonical path names (`/api/accounts/{a}/…`).
pub fn account_of(path: &str) -> Option<String> {
    let mut parts = path.split('/').skip(1);
    (parts.next() == Some("api") && parts.next() == Some("accounts"))
        .then(|| parts.next())
        .flatten()
        .filter(|a| !a.is_empty())
        .map(str::to_string)
}

/// Middleware: serves the request and journals it.
pub async fn record(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string());
    if route.as_deref().is_some_and(|r| QUIET.contains(&r)) {
        return next.run(req).await;
    }
    let journal = state.journal.clone();
    let started = Instant::now();
    let at = state.hub.clock().now();
    let original = req
        .extensions()
        .get::<OriginalUri>()
        .map_or_else(|| req.uri().clone(), |o| o.0.clone());
    let (user_agent, request_id, authorization) = {
        let header = |name: header::HeaderName| {
            req.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        (
            header(header::USER_AGENT),
            header(header::HeaderName::from_static("x-request-id")),
            header(header::AUTHORIZATION).map(|a| redact::authorization(&a)),
        )
    };
    let method = req.method().to_string();
    let account = account_of(req.uri().path());
    let query = original.query().map(str::to_string);
    let limit = journal.config().body_limit;
    let (req, captured) = if limit > 0 {
        let (parts, body) = req.into_parts();
        let (body, captured) = capture::tee(body, limit);
        (Request::from_parts(parts, body), Some(captured))
    } else {
        (req, None)
    };
    let marks = Arc::new(Mutex::new(Marks::default()));
    let response = with_marks(marks.clone(), next.run(req)).await;
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
    let dropped = response
        .extensions()
        .get::<crate::listen::DropConnection>()
        .is_some();
    let status = if dropped {
        0
    } else {
        response.status().as_u16()
    };
    let mut truncated = false;
    let request_body = captured.and_then(|c| {
        let (head, cut) = c.take();
        truncated |= cut;
        (!head.is_empty()).then(|| KeptBody::new(head))
    });
    let (response, response_body) = if limit > 0 && !dropped {
        keep_response_head(response, limit, &mut truncated).await
    } else {
        (response, None)
    };
    let Marks {
        mut diagnostics,
        faults,
    } = std::mem::take(&mut *marks.lock().unwrap_or_else(|p| p.into_inner()));
    if let Some(d) = diagnose::request_line(&method, route.as_deref(), query.as_deref()) {
        diagnostics.insert(0, d);
    }
    journal.push(Entry {
        seq: journal.next_seq(),
        kind: Kind::Request,
        at: at.iso(),
        at_ms: at.millis(),
        account,
        method,
        path: original.path().to_string(),
        query,
        route,
        status,
        latency_ms,
        user_agent,
        request_id,
        authorization,
        request_body,
        response_body,
        truncated,
        diagnostics,
        faults,
    });
    response
}

/// The response again, and the head of its body when the body is complete
/// in memory (a streamed body is passed on untouched).
async fn keep_response_head(
    response: Response,
    limit: usize,
    truncated: &mut bool,
) -> (Response, Option<KeptBody>) {
    use axum::body::HttpBody;
    let exact = response.body().size_hint().exact();
    match exact {
        Some(0) => (response, None),
        Some(_) => {
            let (parts, body) = response.into_parts();
            match body.collect().await {
                Ok(collected) => {
                    let bytes = collected.to_bytes();
                    *truncated |= bytes.len() > limit;
                    // A slice would keep the whole body's buffer alive as
                    // long as the entry: copy the head when the body is
                    // longer than what is kept, so an entry costs at most
                    // the limit whatever the answer's size.
                    let kept = if bytes.len() > limit {
                        KeptBody::new(axum::body::Bytes::copy_from_slice(&bytes[..limit]))
                    } else {
                        KeptBody::new(bytes.clone())
                    };
                    (Response::from_parts(parts, Body::from(bytes)), Some(kept))
                }
                Err(e) => (
                    Response::from_parts(parts, Body::empty()),
                    Some(KeptBody::new(format!("[the body could not be read: {e}]"))),
                ),
            }
        }
        None => (
            response,
            Some(KeptBody::new(&b"[a streamed body, not kept]"[..])),
        ),
    }
}
