//! Safe retries: the `Idempotency-Key` middleware of the customer API.
//!
//! Layered inside authentication on every customer route; it acts on
//! POST, PUT and PATCH requests that carry the header, and costs nothing
//! to the others. For those it reads the body (bounded by `--body-limit`,
//! which the handler would read anyway), fingerprints the request (SHA-256
//! of the method, the canonical path and query, and the body's SHA-256) and
//! asks the service to claim the key in its scope (the path's account when
//! the user was granted it, else the user) — see
//! `tnhub_core::service::idempotency`. Then:
//!
//! - claimed: the request runs in a task of its own, so a client that
//!   hangs up does not cancel it, and its answer is stored (a 5xx answer
//!   instead releases the key: a retry runs again);
//! - the same request was answered: that answer again, byte for byte, with
//!   `Idempotent-Replayed: true`; nothing runs;
//! - the same request is running: 409, code 1010, `Retry-After: 1`;
//! - the key was used for another request: 422, code 1009;
//! - a key that is not 1-255 printable ASCII characters: 400, code 1008.
//!
//! A request whose path names an account the user was not granted is
//! passed through untouched (its handler answers 403), so nobody can take
//! keys in another account's scope. See `docs/idempotency.md`.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use tnhub_core::Tnhub;
use tnhub_core::idempotency::{Fingerprint, IdempotencyKey, KeyScope, StoredResponse, codes};
use tnhub_core::ids::AccountId;
use tnhub_core::service::idempotency::{Begin, Claim};
use tnhub_core::user::Principal;

use crate::auth::Params;
use crate::error::{ApiError, GENERIC};
use crate::state::AppState;

/// The request header naming the key.
pub const KEY_HEADER: &str = "idempotency-key";
/// The response header marking a replayed answer.
pub const REPLAYED_HEADER: &str = "idempotent-replayed";

/// Middleware: answers a keyed POST/PUT/PATCH once, then replays it.
pub async fn idempotent(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !matches!(*req.method(), Method::POST | Method::PUT | Method::PATCH) {
        return next.run(req).await;
    }
    let mut sent = req.headers().get_all(KEY_HEADER).iter();
    let Some(first) = sent.next() else {
        return next.run(req).await;
    };
    let key = match (first.to_str(), sent.next()) {
        (Ok(v), None) => IdempotencyKey::parse(v),
        _ => IdempotencyKey::parse(""),
    };
    let key = match key {
        Ok(k) => k,
        Err(e) => return ApiError::from_core(e, GENERIC).into_response(),
    };
    let (mut parts, body) = req.into_parts();
    let Some(scope) = scope(&state, &mut parts).await else {
        return next.run(Request::from_parts(parts, body)).await;
    };
    let body = match crate::xml::read_body(&parts.headers, body, state.config.body_limit).await {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    let fingerprint = fingerprint(&parts.method, &parts.uri, &body);
    match state
        .hub
        .begin_idempotent(&scope, &key, &fingerprint)
        .await
    {
        Err(e) => ApiError::from_core(e, GENERIC).into_response(),
        Ok(Begin::Replay(stored)) => replay(stored),
        Ok(Begin::InFlight) => ApiError::new(
            StatusCode::CONFLICT,
            GENERIC,
            Some(codes::KEY_IN_FLIGHT),
            "A request with this Idempotency-Key is still being answered; retry shortly to get its answer",
        )
        .with_retry_after(1)
        .into_response(),
        Ok(Begin::Mismatch) => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            GENERIC,
            Some(codes::KEY_REUSED),
            "This Idempotency-Key was already used for another request (another method, path or body); use a new key for a new request",
        )
        .into_response(),
        Ok(Begin::Run(claim)) => {
            let req = Request::from_parts(parts, Body::from(body));
            let hub = state.hub.clone();
            let released = (hub.clone(), claim.clone());
            // Run to the end even if the client hangs up: its retry then
            // gets the answer instead of running the request again.
            let run = tokio::spawn(async move { settle(&hub, &claim, next.run(req).await).await });
            match run.await {
                Ok(response) => response,
                Err(e) => {
                    release(&released.0, &released.1).await;
                    ApiError::internal(&format!("a keyed request stopped: {e}")).into_response()
                }
            }
        }
    }
}

/// The key's scope: the path's account when the user was granted it (else
/// `None`: the handler refuses the request), or the user on routes without
/// an account.
async fn scope(state: &AppState, parts: &mut axum::http::request::Parts) -> Option<KeyScope> {
    let principal = parts.extensions.get::<Arc<Principal>>().cloned()?;
    let account = Params::from_request_parts(parts, state)
        .await
        .map(|p| p.get("accountId").to_string())
        .unwrap_or_default();
    if account.is_empty() {
        return Some(KeyScope::User(principal.user.clone()));
    }
    AccountId::parse(&account)
        .ok()
        .filter(|id| principal.may_access(id))
        .map(KeyScope::Account)
}

/// SHA-256 over the method, the canonical path and query, and the body's
/// SHA-256, each ended by a NUL.
fn fingerprint(method: &Method, uri: &axum::http::Uri, body: &Bytes) -> Fingerprint {
    let mut h = Sha256::new();
    h.update(method.as_str());
    h.update([0]);
    h.update(uri.path_and_query().map_or("", |p| p.as_str()));
    h.update([0]);
    h.update(Sha256::digest(body));
    h.update([0]);
    Fingerprint::from_digest(h.finalize().into())
}

/// Stores the answer (or releases the key for a 5xx) and passes it on.
async fn settle(hub: &Tnhub, claim: &Claim, response: Response) -> Response {
    if response.status().is_server_error() {
        release(hub, claim).await;
        return response;
    }
    let (parts, body) = response.into_parts();
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(e) => {
            release(hub, claim).await;
            return ApiError::internal(&format!("an answer could not be read: {e}"))
                .into_response();
        }
    };
    let text = |name: header::HeaderName| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let stored = StoredResponse {
        status: parts.status.as_u16(),
        content_type: text(header::CONTENT_TYPE),
        location: text(header::LOCATION),
        body: body.to_vec(),
    };
    if let Err(e) = hub.finish_idempotent(claim, Some(&stored)).await {
        // The request was done: answer it. A retry finds the key unanswered
        // (409) until the in-flight lease ends, then runs again.
        tracing::error!(error = %e, "the answer of an idempotent request could not be stored");
    }
    Response::from_parts(parts, Body::from(body))
}

async fn release(hub: &Tnhub, claim: &Claim) {
    if let Err(e) = hub.finish_idempotent(claim, None).await {
        tracing::warn!(error = %e, "an idempotency key could not be released; it frees itself after the in-flight lease");
    }
}

/// The stored answer again, marked as such.
fn replay(stored: StoredResponse) -> Response {
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let mut response = (status, stored.body).into_response();
    let headers = response.headers_mut();
    headers.remove(header::CONTENT_TYPE);
    for (name, value) in [
        (header::CONTENT_TYPE, stored.content_type),
        (header::LOCATION, stored.location),
    ] {
        if let Some(v) = value.and_then(|v| HeaderValue::from_str(&v).ok()) {
            headers.insert(name, v);
        }
    }
    headers.insert(REPLAYED_HEADER, HeaderValue::from_static("true"));
    response
}
