//! The operator plane for OAuth API clients (`/admin/clients`, JSON, the
//! admin bearer token), the HTTP side of `tnhub client …`:
//!
//! - `GET /admin/clients[?user=NAME]`: every client (or a user's), revoked
//!   ones with `revokedAt`; never a secret or its hash;
//! - `POST /admin/clients` `{"user", "name"?, "id"?, "secret"?}`: 201 with
//!   the client and its `secret` (generated unless given), shown this once;
//! - `GET /admin/clients/{clientId}`;
//! - `POST /admin/clients/{clientId}/revoke`: no more tokens for it, and its
//!   tokens refused at once here and within `--auth-cache-ttl` elsewhere.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use tnhub_core::CoreError;
use tnhub_core::client::{ApiClient, ClientId};
use tnhub_core::user::{Password, Username};

use crate::auth::Params;
use crate::query::QueryMap;
use crate::routes::admin_accounts::{body, core_error, error, off_runtime};
use crate::state::AppState;

/// A client as the operator plane shows it.
pub fn client_json(c: &ApiClient) -> Value {
    json!({
        "id": c.id.as_str(),
        "user": c.user.as_str(),
        "name": c.name,
        "createdAt": c.created_at.iso(),
        "revokedAt": c.revoked_at.map(|t| t.iso()),
    })
}

/// `GET /admin/clients[?user=NAME]`.
pub async fn list_clients(State(state): State<AppState>, q: QueryMap) -> Response {
    let user = match q.get("user").map(Username::parse).transpose() {
        Ok(u) => u,
        Err(e) => return core_error(e),
    };
    match state.hub.clients(user.as_ref()).await {
        Ok(list) => Json(json!({ "clients": list.iter().map(client_json).collect::<Vec<_>>() }))
            .into_response(),
        Err(e) => core_error(e),
    }
}

/// The body of `POST /admin/clients`.
#[derive(Debug, Default, Deserialize)]
struct NewClient {
    user: Option<String>,
    name: Option<String>,
    id: Option<String>,
    secret: Option<String>,
}

/// `POST /admin/clients`: 201 with the client and its secret (shown once);
/// 404 for an unknown user, 409 for a taken id.
pub async fn create_client(State(state): State<AppState>, bytes: Bytes) -> Response {
    let b: NewClient = match body(&bytes) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    let parsed = (|| {
        let user = Username::parse(
            b.user
                .as_deref()
                .ok_or_else(|| CoreError::required("user"))?,
        )?;
        let id = b.id.as_deref().map(ClientId::parse).transpose()?;
        let secret = b.secret.as_deref().map(Password::parse).transpose()?;
        Ok::<_, CoreError>((user, id, secret))
    })();
    let (user, id, secret) = match parsed {
        Ok(p) => p,
        Err(e) => return core_error(e),
    };
    let hub = state.hub.clone();
    let name = b.name;
    let made =
        off_runtime(async move { hub.create_client(&user, name.as_deref(), id, secret).await })
            .await;
    match made {
        Ok(made) => {
            tracing::info!(client = %made.client.id, user = %made.client.user, "client created through the operator plane");
            let mut v = client_json(&made.client);
            v["secret"] = json!(made.secret);
            let mut r = (StatusCode::CREATED, Json(v)).into_response();
            if let Ok(l) =
                header::HeaderValue::from_str(&format!("/admin/clients/{}", made.client.id))
            {
                r.headers_mut().insert(header::LOCATION, l);
            }
            r
        }
        Err(e) => core_error(e),
    }
}

fn client_id(p: &Params) -> Result<ClientId, Box<Response>> {
    ClientId::parse(p.get("clientId"))
        .map_err(|_| Box::new(error(StatusCode::NOT_FOUND, "no such client")))
}

/// `GET /admin/clients/{clientId}`.
pub async fn get_client(State(state): State<AppState>, p: Params) -> Response {
    let id = match client_id(&p) {
        Ok(id) => id,
        Err(r) => return *r,
    };
    match state.hub.client(&id).await {
        Ok(c) => Json(client_json(&c)).into_response(),
        Err(e) => core_error(e),
    }
}

/// `POST /admin/clients/{clientId}/revoke`: the client, now revoked.
pub async fn revoke_client(State(state): State<AppState>, p: Params) -> Response {
    let id = match client_id(&p) {
        Ok(id) => id,
        Err(r) => return *r,
    };
    match state.hub.revoke_client(&id).await {
        Ok(c) => {
            state.clients.forget(&id).await;
            tracing::info!(client = %id, "client revoked through the operator plane");
            Json(client_json(&c)).into_response()
        }
        Err(e) => core_error(e),
    }
}
