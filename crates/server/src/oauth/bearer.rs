//! Authentication of the customer routes: `Authorization: Bearer <token>`
//! goes through here, anything else to HTTP Basic ([`crate::auth`]).
//!
//! A bearer token is checked by its signature and expiry alone, then its
//! client's standing is taken from [`ClientCache`]: whether the client is
//! still active and its user's grants, read from the database at most once
//! per `--auth-cache-ttl` per client. So a revoked client's tokens, or a
//! changed grant, take effect within that time on every server (at once on
//! the server that revoked it, which forgets the client), and the account
//! scoping is the very rule Basic requests follow ([`crate::auth::AccountScope`]
//! reads the same [`Principal`]).
//!
//! Refusals are 401 with `WWW-Authenticate: Bearer error="invalid_token"`
//! (RFC 6750) and Bandwidth's XML error body.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tnhub_core::client::ClientId;
use tnhub_core::user::Principal;

use crate::error::ApiError;
use crate::oauth::token::{TokenError, TokenKeys};
use crate::state::AppState;

/// Why a client's standing could not be had.
#[derive(Debug, Clone)]
enum Standing {
    /// Unknown, revoked, or its user is gone.
    Refused,
    /// The database failed.
    Failed(String),
}

/// The token keys, loaded once, and each client's standing, remembered
/// briefly.
pub struct ClientCache {
    keys: tokio::sync::OnceCell<TokenKeys>,
    standing: moka::future::Cache<String, Arc<Principal>>,
}

impl ClientCache {
    /// A cache whose entries live for `ttl`.
    pub fn new(ttl: Duration) -> Self {
        ClientCache {
            keys: tokio::sync::OnceCell::new(),
            standing: moka::future::Cache::builder()
                .max_capacity(10_000)
                .time_to_live(ttl)
                .build(),
        }
    }

    /// The signing keys, read (or created) in the database on first use.
    pub async fn keys(&self, state: &AppState) -> Result<&TokenKeys, ApiError> {
        self.keys
            .get_or_try_init(|| TokenKeys::load(&state.hub))
            .await
            .map_err(|e| ApiError::internal(&e.message))
    }

    /// Forgets a client (revoked on this server: refuse its tokens at once).
    pub async fn forget(&self, client: &ClientId) {
        self.standing.invalidate(client.as_str()).await;
    }

    /// Forgets every client (grants changed on this server).
    pub fn clear(&self) {
        self.standing.invalidate_all();
    }

    async fn principal(&self, state: &AppState, client: &str) -> Result<Arc<Principal>, Standing> {
        let lookup = async {
            let id = ClientId::parse(client).map_err(|_| Standing::Refused)?;
            match state.hub.client_identity(&id).await {
                Ok(Some((_, user))) => Ok(Arc::new(Principal {
                    user: user.name,
                    accounts: user.accounts,
                })),
                Ok(None) => Err(Standing::Refused),
                Err(e) => Err(Standing::Failed(e.message)),
            }
        };
        self.standing
            .try_get_with(client.to_string(), lookup)
            .await
            .map_err(|e| e.as_ref().clone())
    }
}

/// The token of an `Authorization: Bearer …` header (empty when the
/// header names the scheme alone), if that is the scheme.
pub fn bearer_token(req: &Request) -> Option<&str> {
    let value = req
        .headers()
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .trim();
    let (scheme, token) = value.split_once(' ').unwrap_or((value, ""));
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// A 401 for a bad or expired token, with RFC 6750's challenge.
fn invalid_token(why: &str) -> Response {
    let mut response = ApiError::unauthenticated(why).into_response();
    let challenge =
        format!("Bearer realm=\"tnhub\", error=\"invalid_token\", error_description=\"{why}\"");
    if let Ok(v) = HeaderValue::from_str(&challenge) {
        response.headers_mut().insert(header::WWW_AUTHENTICATE, v);
    }
    response
}

/// Middleware of the customer routes: Bearer tokens here, the rest to Basic.
pub async fn require_customer(state: State<AppState>, req: Request, next: Next) -> Response {
    let Some(token) = bearer_token(&req) else {
        return crate::auth::require_auth(state, req, next).await;
    };
    let keys = match state.clients.keys(&state).await {
        Ok(k) => k,
        Err(e) => return e.into_response(),
    };
    let claims = match keys.verify(token) {
        Ok(c) => c,
        Err(TokenError::Expired) => return invalid_token("the access token expired"),
        Err(TokenError::Invalid) => return invalid_token("the access token is invalid"),
    };
    match state.clients.principal(&state, &claims.sub).await {
        Ok(principal) => {
            let (mut parts, body) = req.into_parts();
            parts.extensions.insert(principal);
            next.run(Request::from_parts(parts, body)).await
        }
        Err(Standing::Refused) => {
            tracing::info!(client = %claims.sub, "token of a revoked or unknown client");
            invalid_token("the client of this access token is revoked")
        }
        Err(Standing::Failed(why)) => ApiError::internal(&why).into_response(),
    }
}
