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
//! Hostile clients are bounded (see the submodules): every password check
//! runs on the bounded [`verifier`] pool (503 with `Retry-After` when it is
//! full), an unknown user is checked against a decoy hash so that it costs
//! what a wrong password costs, and failed logins are counted per user name
//! and per source address by the [`throttle`] (429 with `Retry-After` once
//! a limit is reached). Remembered logins skip both.
//!
//! Because of the cache, a changed password or a new grant takes effect on
//! a running server after at most the cache's time-to-live (`--auth-cache-ttl`).
//!
//! With `--auto-accounts` (sandbox mode only), a credential whose user does
//! not exist, used on `/accounts/{id}` of an account that does not exist
//! either, creates both (with a site and default peer, as a sandbox) and
//! logs in: a CI job needs no setup call. Anyone who can reach the server
//! can then create accounts; no existing user or account is ever granted
//! or changed this way.

pub mod throttle;
pub mod verifier;

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, FromRequestParts, RawPathParams, Request, State};
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
use throttle::{LoginLimits, Throttle};
use verifier::Verifier;

/// Why a login did not produce a principal.
#[derive(Debug, Clone)]
pub(crate) enum LoginError {
    Denied,
    Busy,
    Failed(String),
}

/// Successful logins, remembered briefly, with the bounded checking pool
/// and the failure counters.
pub struct AuthCache {
    cache: moka::future::Cache<[u8; 32], Arc<Principal>>,
    /// Where every Argon2 check runs (shared with anything else that checks
    /// a stored secret).
    pub verifier: Arc<Verifier>,
    /// Failed-login counters (shared with the OAuth token endpoint).
    pub throttle: Throttle,
}

/// How the authentication work is bounded (flags of `tnhub serve`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthLimits {
    /// Threads checking passwords; `None`: one per CPU.
    pub workers: Option<usize>,
    /// Checks that may wait for a thread before 503.
    pub queue: usize,
    /// Failed-login throttling.
    pub logins: LoginLimits,
}

impl Default for AuthLimits {
    fn default() -> Self {
        AuthLimits {
            workers: None,
            queue: 64,
            logins: LoginLimits::default(),
        }
    }
}

impl AuthCache {
    /// A cache whose entries live for `ttl`, and a checking pool and
    /// throttle bounded by `limits`.
    pub fn new(ttl: Duration, limits: AuthLimits) -> Self {
        let workers = limits
            .workers
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
        AuthCache {
            cache: moka::future::Cache::builder()
                .max_capacity(10_000)
                .time_to_live(ttl)
                .build(),
            verifier: Arc::new(Verifier::new(workers, limits.queue)),
            throttle: Throttle::new(limits.logins),
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

/// Checks a user name and password on the bounded [`verifier`] pool (the
/// API's Basic logins and the console's sign-in).
pub(crate) async fn login(
    state: &AppState,
    user: &str,
    password: &str,
) -> Result<Arc<Principal>, LoginError> {
    // An unknown or malformed name is checked against the decoy hash: the
    // answer takes as long as for a wrong password.
    let stored = match Username::parse(user) {
        Ok(name) => state
            .hub
            .user(&name)
            .await
            .map_err(|e| LoginError::Failed(e.message))?,
        Err(_) => None,
    };
    let hash = stored.as_ref().map(|u| u.password_hash.clone());
    let ok = state
        .auth
        .verifier
        .verify(hash, password)
        .await
        .map_err(|verifier::Busy| LoginError::Busy)?;
    match stored {
        Some(stored) if ok => Ok(Arc::new(Principal {
            user: stored.name,
            accounts: stored.accounts,
        })),
        _ => Err(LoginError::Denied),
    }
}

/// The client's address, when the server was started with connection info.
pub(crate) fn source(parts: &Parts) -> Option<IpAddr> {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(a)| a.ip())
}

/// Seconds for `Retry-After`, rounded up (at least 1).
pub(crate) fn retry_secs(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
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
    let address = source(&parts);
    let mut result = match state.auth.cache.get(&key).await {
        Some(principal) => Ok(principal),
        None => {
            if let Err(wait) = state.auth.throttle.check(&user, address).await {
                tracing::info!(user = %user, address = ?address, "login throttled");
                metrics::counter!("tnhub_auth_throttled_total").increment(1);
                return ApiError::too_many_logins(retry_secs(wait)).into_response();
            }
            state
                .auth
                .cache
                .try_get_with(key, login(&state, &user, &password))
                .await
        }
    };
    if state.config.auto_accounts
        && matches!(
            result.as_ref().map_err(|e| e.as_ref()),
            Err(LoginError::Denied)
        )
        && first_use(&state, &mut parts, &user, &password).await
    {
        result = state
            .auth
            .cache
            .try_get_with(key, login(&state, &user, &password))
            .await;
    }
    match result {
        Ok(principal) => {
            parts.extensions.insert(principal);
            next.run(Request::from_parts(parts, body)).await
        }
        Err(e) => match e.as_ref() {
            LoginError::Denied => {
                tracing::info!(user = %user, address = ?address, "authentication failed");
                state.auth.throttle.failed(&user, address).await;
                ApiError::unauthenticated("the user name or password is wrong").into_response()
            }
            LoginError::Busy => ApiError::busy(1).into_response(),
            LoginError::Failed(why) => ApiError::internal(why).into_response(),
        },
    }
}

/// `--auto-accounts`: creates the path's account and the credential's
/// user when neither exists; true when a login may now succeed (also when
/// a concurrent request created them first).
async fn first_use(state: &AppState, parts: &mut Parts, user: &str, password: &str) -> bool {
    let Ok(params) = Params::from_request_parts(parts, state).await else {
        return false;
    };
    let (Ok(account), Ok(name)) = (
        AccountId::parse(params.get("accountId")),
        Username::parse(user),
    ) else {
        return false;
    };
    let hub = state.hub.clone();
    let password = password.to_string();
    let (who, acct) = (name.clone(), account.clone());
    let created = tokio::task::spawn_blocking(move || {
        tokio::runtime::Handle::current().block_on(hub.auto_account(&acct, &who, &password))
    })
    .await;
    match created {
        Ok(Ok(true)) => {
            tracing::info!(user = %name, account = %account, "account created on first use (--auto-accounts)");
            true
        }
        Ok(Ok(false)) => true,
        Ok(Err(e)) => {
            tracing::info!(user = %name, account = %account, error = %e.message, "no account on first use");
            false
        }
        Err(e) => {
            tracing::error!(error = %e, "creating an account on first use stopped");
            false
        }
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
