//! Sandboxes on the operator plane (JSON, the admin bearer token):
//!
//! - `POST /admin/sandboxes` `{"accountId"?, "companyName"?, "user"?,
//!   "password"?}`: a whole tenant in one call (account, user, OAuth API
//!   client, site, default SIP peer) and everything a test needs to use
//!   it — ids, credentials (password; client id, secret and token URL),
//!   the base URLs for each client family — as JSON; the password and the
//!   client secret are shown in this answer only;
//! - `DELETE /admin/accounts/{id}`: removes an account and everything it
//!   owns, releasing its numbers to inventory at once.
//!
//! The domain operations are [`tnhub_core::Tnhub::create_sandbox`] and
//! [`tnhub_core::Tnhub::delete_account`].

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use tnhub_core::ids::AccountId;
use tnhub_core::service::SandboxRequest;
use tnhub_core::user::{Password, Username};

use crate::auth::Params;
use crate::routes::admin_accounts::{body, core_error, error, off_runtime};
use crate::routes::base::RequestBase;
use crate::state::AppState;

/// The body of `POST /admin/sandboxes`; everything is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct NewSandbox {
    account_id: Option<String>,
    company_name: Option<String>,
    user: Option<String>,
    password: Option<String>,
}

fn request(b: NewSandbox) -> Result<SandboxRequest, tnhub_core::CoreError> {
    Ok(SandboxRequest {
        account: b.account_id.as_deref().map(AccountId::parse).transpose()?,
        company_name: b.company_name,
        user: b.user.as_deref().map(Username::parse).transpose()?,
        password: b.password.as_deref().map(Password::parse).transpose()?,
        api_client: true,
    })
}

/// `POST /admin/sandboxes`: 201 with the sandbox; 400 for a bad value, 409
/// when the account id or user name asked for is taken.
pub async fn create(State(state): State<AppState>, base: RequestBase, bytes: Bytes) -> Response {
    let req = match body::<NewSandbox>(&bytes).map(request) {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => return core_error(e),
        Err(r) => return *r,
    };
    let hub = state.hub.clone();
    let sandbox = match off_runtime(async move { hub.create_sandbox(req).await }).await {
        Ok(s) => s,
        Err(e) => return core_error(e),
    };
    let account = sandbox.account.id.as_str();
    tracing::info!(account, user = %sandbox.user.name, "sandbox created");
    let origin = base.origin();
    let (client_id, client_secret) = match &sandbox.client {
        Some(c) => (Some(c.client.id.as_str()), Some(c.secret.as_str())),
        None => (None, None),
    };
    let v = json!({
        "accountId": account,
        "companyName": sandbox.account.company_name,
        "user": sandbox.user.name.as_str(),
        "password": sandbox.password,
        "siteId": sandbox.site.id.to_string(),
        "sipPeerId": sandbox.peer.id.to_string(),
        "clientId": client_id,
        "clientSecret": client_secret,
        // Where the client id and secret buy a bearer token (the path
        // Bandwidth's clients hard-code, on this server).
        "tokenUrl": format!("{origin}/api/v1/oauth2/token"),
        "createdAt": sandbox.account.created_at.iso(),
        "baseUrls": {
            // Node, Python and PHP clients.
            "api": format!("{origin}/api"),
            // The official specification's prefix.
            "apiV1": format!("{origin}/api/v1"),
            // Ruby, Java and C# clients.
            "v1_0": format!("{origin}/v1.0"),
            "account": format!("{origin}/api/accounts/{account}"),
            "admin": format!("{origin}/admin"),
        },
    });
    let mut r = (StatusCode::CREATED, Json(v)).into_response();
    if let Ok(v) = header::HeaderValue::from_str(&format!("/admin/accounts/{account}")) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// `DELETE /admin/accounts/{accountId}`: 200 with what was removed; 404
/// when there is no such account.
pub async fn delete_account(State(state): State<AppState>, p: Params) -> Response {
    let Ok(id) = AccountId::parse(p.get("accountId")) else {
        return error(StatusCode::NOT_FOUND, "no such account");
    };
    let removed = match state.hub.delete_account(&id).await {
        Ok(r) => r,
        Err(e) => return core_error(e),
    };
    // Its users' remembered logins and their clients' tokens must stop
    // working now, not after the TTL.
    state.auth.clear();
    state.clients.clear();
    tracing::info!(account = %id, numbers = removed.numbers, "account deleted");
    Json(json!({
        "accountId": id.as_str(),
        "numbersReleased": removed.numbers,
        "orders": removed.orders,
        "sites": removed.sites,
        "sipPeers": removed.peers,
        "subscriptions": removed.subscriptions,
        "usersDeleted": removed.users.iter().map(Username::as_str).collect::<Vec<_>>(),
    }))
    .into_response()
}
