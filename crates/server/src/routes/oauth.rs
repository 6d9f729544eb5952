//! The OAuth 2.0 token endpoint, `POST /api/v1/oauth2/token` (and under the
//! other prefixes): the client-credentials grant of RFC 6749 §4.4, where
//! Bandwidth's clients get their bearer tokens.
//!
//! The client authenticates with HTTP Basic (what both official clients
//! send) or with `client_id` and `client_secret` form fields (§2.3.1), never
//! both. The answer is the JSON every OAuth client reads (`access_token`,
//! `token_type`, `expires_in`), not Bandwidth's XML, and so are the errors
//! (§5.2): `invalid_request` (400), `invalid_client` (401 with a
//! `WWW-Authenticate` challenge), `unsupported_grant_type` (400). Secrets
//! are Argon2 hashes, checked like passwords: on the bounded pool of
//! [`crate::auth::verifier`] (an unknown client against its decoy hash, 503
//! when the pool is full) and throttled per client id and address like
//! failed logins (429 with `Retry-After`).

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use axum::Json;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde_json::json;
use tnhub_core::client::ClientId;

use crate::state::AppState;

/// An RFC 6749 §5.2 error answer.
fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    let mut r = (
        status,
        Json(json!({ "error": error, "error_description": description })),
    )
        .into_response();
    no_store(r.headers_mut());
    if status == StatusCode::UNAUTHORIZED {
        r.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"tnhub\", charset=\"UTF-8\""),
        );
    }
    r
}

fn invalid_request(why: &str) -> Response {
    oauth_error(StatusCode::BAD_REQUEST, "invalid_request", why)
}

fn invalid_client(why: &str) -> Response {
    oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", why)
}

/// Tokens and their errors must not be cached (§5.1).
fn no_store(headers: &mut HeaderMap) {
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
}

/// The form's fields; `Err` names a field sent twice (§3.2).
fn form(body: &[u8]) -> Result<Vec<(String, String)>, String> {
    let mut fields: Vec<(String, String)> = Vec::new();
    for (k, v) in form_urlencoded::parse(body) {
        if fields.iter().any(|(seen, _)| *seen == k) {
            return Err(k.into_owned());
        }
        fields.push((k.into_owned(), v.into_owned()));
    }
    Ok(fields)
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// How the client authenticated: `Ok(None)` when it did not, `Err` when
/// the header is there but not HTTP Basic with an id and a secret.
fn basic_credentials(headers: &HeaderMap) -> Result<Option<(String, String)>, ()> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let parsed = value.to_str().ok().and_then(|v| {
        let (scheme, encoded) = v.trim().split_once(' ')?;
        if !scheme.eq_ignore_ascii_case("basic") {
            return None;
        }
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(encoded.trim())
            .ok()?;
        let (id, secret) = String::from_utf8(decoded)
            .ok()?
            .split_once(':')
            .map(|(a, b)| (a.to_string(), b.to_string()))?;
        Some((id, secret))
    });
    parsed.map(Some).ok_or(())
}

/// A refusal with `Retry-After` (throttled, or the checking pool full).
fn retry_later(status: StatusCode, error: &str, description: &str, wait: Duration) -> Response {
    let mut r = oauth_error(status, error, description);
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    r.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(secs.max(1)));
    r
}

/// The throttle's key of a client id, apart from user names.
fn throttle_key(id: &str) -> String {
    format!("oauth-client:{id}")
}

/// `POST /oauth2/token`: a bearer token for an active client.
pub async fn token(State(state): State<AppState>, req: Request) -> Response {
    let address: Option<IpAddr> = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(a)| a.ip());
    let headers = req.headers().clone();
    let Ok(body) = axum::body::to_bytes(req.into_body(), state.config.body_limit).await else {
        return oauth_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "invalid_request",
            "the request body is larger than this server takes",
        );
    };
    let fields = match form(&body) {
        Ok(f) => f,
        Err(twice) => return invalid_request(&format!("the parameter '{twice}' was sent twice")),
    };
    let Ok(basic) = basic_credentials(&headers) else {
        return invalid_client(
            "client authentication must be HTTP Basic with the client id and secret",
        );
    };
    let in_form = field(&fields, "client_secret").is_some();
    let (id, secret) = match (basic, in_form) {
        (Some(_), true) => {
            return invalid_request(
                "the client authenticated twice (HTTP Basic and client_secret); use one",
            );
        }
        (Some(c), false) => c,
        (None, true) => (
            field(&fields, "client_id").unwrap_or_default().to_string(),
            field(&fields, "client_secret")
                .unwrap_or_default()
                .to_string(),
        ),
        (None, false) => {
            return invalid_client(
                "no client authentication: send the client id and secret with HTTP Basic",
            );
        }
    };
    match field(&fields, "grant_type") {
        None | Some("") => return invalid_request("grant_type is required"),
        Some("client_credentials") => {}
        Some(other) => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                &format!("grant_type '{other}' is not supported; use client_credentials"),
            );
        }
    }
    let throttle = &state.auth.throttle;
    if let Err(wait) = throttle.check(&throttle_key(&id), address).await {
        tracing::info!(client = %id, address = ?address, "token request throttled");
        metrics::counter!("tnhub_auth_throttled_total").increment(1);
        return retry_later(
            StatusCode::TOO_MANY_REQUESTS,
            "invalid_client",
            "too many failed client authentications; retry later",
            wait,
        );
    }
    // An unknown, malformed or revoked client is checked against the decoy
    // hash: refusing it takes as long as refusing a wrong secret.
    let identity = match ClientId::parse(&id) {
        Ok(client_id) => match state.hub.client_identity(&client_id).await {
            Ok(found) => found,
            Err(e) => return crate::routes::admin_accounts::core_error(e),
        },
        Err(_) => None,
    };
    let hash = identity.as_ref().map(|(c, _)| c.secret_hash.clone());
    let Ok(verified) = state.auth.verifier.verify(hash, &secret).await else {
        return retry_later(
            StatusCode::SERVICE_UNAVAILABLE,
            "temporarily_unavailable",
            "the server is busy; please retry shortly",
            Duration::from_secs(1),
        );
    };
    let (client, user) = match identity {
        Some(found) if verified => found,
        _ => {
            tracing::info!(client = %id, address = ?address, "token refused: unknown or revoked client, or wrong secret");
            throttle.failed(&throttle_key(&id), address).await;
            return invalid_client("unknown client or wrong secret");
        }
    };
    let keys = match state.clients.keys(&state).await {
        Ok(k) => k,
        Err(e) => return e.into_response(),
    };
    let ttl = state.config.token_ttl;
    let token = match keys.issue(&client.id, &user.name, ttl) {
        Ok(t) => t,
        Err(e) => return crate::routes::admin_accounts::core_error(e),
    };
    tracing::info!(client = %client.id, user = %user.name, "access token issued");
    let mut r = Json(json!({
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": ttl.as_secs().max(1),
    }))
    .into_response();
    no_store(r.headers_mut());
    r
}
