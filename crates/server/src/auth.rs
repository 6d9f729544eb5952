//! HTTP Basic authentication and account scoping.
//!
//! Every API request carries `Authorization: Basic …` (Java sends it only
//! after a 401 with a `WWW-Authenticate` challenge, which every 401 here
//! carries). Checking an Argon2 hash costs tens of milliseconds, so a
//! successful check is remembered for a short time, keyed by a SHA-256 of
//! the user name and password (the password itself is never kept).
//! Concurrent requests with the same uncached credentials share one check.
//! Failed checks are not remembered.
//!
//! Because of the cache, a changed password or a new grant takes effect on
//! a running server after at most the cache's time-to-live (`--auth-cache-ttl`).

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{FromRequestParts, RawPathParams, Request, State};
use axum::http::header;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use sha2::{Digest, Sha256};
use tnhub_core::ids::AccountId;
use tnhub_core::user::{Principal, Username};

use crate::error::ApiError;
use crate::state::AppState;

/// Why a login did not produce a principal.
#[derive(Debug, Clone)]
enum LoginError {
    Denied,
    Failed(String),
}

/// Successful logins, remembered briefly.
pub struct AuthCache {
    cache: moka::future::Cache<[u8; 32], Arc<Principal>>,
}

impl AuthCache {
    /// A cache whose entries live for `ttl`.
    pub fn new(ttl: Duration) -> Self {
        AuthCache {
            cache: moka::future::Cache::builder()
                .max_capacity(10_000)
                .time_to_live(ttl)
                .build(),
        }
    }

    /// Forgets every remembered login (after a password change in-process).
    pub fn clear(&self) {
        self.cache.invalidate_all();
    }
}

fn credentials(parts: &Parts) -> Option<(String, String)> {
    let value = parts
        .headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .trim();
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, password) = text.split_once(':')?;
    Some((user.to_string(), password.to_string()))
}

async fn login(state: &AppState, user: &str, password: &str) -> Result<Arc<Principal>, LoginError> {
    let name = Username::parse(user).map_err(|_| LoginError::Denied)?;
    let stored = state
        .hub
        .user(&name)
        .await
        .map_err(|e| LoginError::Failed(e.message))?
        .ok_or(LoginError::Denied)?;
    let password = password.to_string();
    let hash = stored.password_hash.clone();
    let ok = tokio::task::spawn_blocking(move || hash.verify(&password))
        .await
        .map_err(|e| LoginError::Failed(format!("password check panicked: {e}")))?;
    if !ok {
        return Err(LoginError::Denied);
    }
    Ok(Arc::new(Principal {
        user: stored.name,
        accounts: stored.accounts,
    }))
}

/// Middleware: authenticates the request and stores its [`Principal`].
pub async fn require_auth(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let (mut parts, body) = req.into_parts();
    let Some((user, password)) = credentials(&parts) else {
        return ApiError::unauthenticated("this API requires HTTP Basic authentication")
            .into_response();
    };
    let key: [u8; 32] = {
        let mut h = Sha256::new();
        h.update(user.as_bytes());
        h.update([0u8]);
        h.update(password.as_bytes());
        h.finalize().into()
    };
    let result = state
        .auth
        .cache
        .try_get_with(key, login(&state, &user, &password))
        .await;
    match result {
        Ok(principal) => {
            parts.extensions.insert(principal);
            next.run(Request::from_parts(parts, body)).await
        }
        Err(e) => match e.as_ref() {
            LoginError::Denied => {
                tracing::info!(user = %user, "authentication failed");
                ApiError::unauthenticated("the user name or password is wrong").into_response()
            }
            LoginError::Failed(why) => ApiError::internal(why).into_response(),
        },
    }
}

/// The authenticated user of a request.
pub struct CurrentUser(pub Arc<Principal>);

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Arc<Principal>>()
            .cloned()
            .map(CurrentUser)
            .ok_or_else(|| ApiError::unauthenticated("this API requires HTTP Basic authentication"))
    }
}

/// The path's `{accountId}`, checked against the user's grants (403 if not granted).
pub struct AccountScope(pub AccountId);

impl<S: Send + Sync> FromRequestParts<S> for AccountScope {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let CurrentUser(principal) = CurrentUser::from_request_parts(parts, state).await?;
        let params = Params::from_request_parts(parts, state).await?;
        let raw = params.get("accountId");
        match AccountId::parse(raw) {
            Ok(id) if principal.may_access(&id) => Ok(AccountScope(id)),
            _ => {
                tracing::info!(user = %principal.user, account = raw, "account not granted");
                Err(ApiError::not_your_account(raw))
            }
        }
    }
}

/// The path parameters of the matched route, by name, percent-decoded.
pub struct Params(pub Vec<(String, String)>);

impl Params {
    /// A parameter's value; empty when the route has no such parameter.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let raw = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|e| ApiError::no_route(&format!("{} ({e})", parts.uri.path())))?;
        // axum has already percent-decoded the values.
        Ok(Params(
            raw.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        ))
    }
}
