//! The operator plane for accounts, users and the inventory (`/admin/…`,
//! JSON, the admin bearer token; see [`crate::routes::admin`]), so an
//! operator running several servers need not reach the database with the
//! CLI. Each route calls the same domain operation as its `tnhub`
//! subcommand, with the same validation:
//!
//! - `GET /admin/accounts`, `POST /admin/accounts` `{"id"?, "companyName"}`
//!   (`tnhub account list|create`), `GET /admin/accounts/{id}`;
//! - `GET /admin/users`, `POST /admin/users` `{"name", "accounts": [...],
//!   "password"?}` (`tnhub user list|create`), `POST
//!   /admin/users/{name}/grants` `{"account"}` (`tnhub user grant`), `PUT
//!   /admin/users/{name}/password` `{"password"?}` (`tnhub user passwd`): a
//!   password left out is generated and returned once, in that answer only;
//! - `POST /admin/inventory/import[?replaceDefault=true]` with the CSV of
//!   `tnhub import` as the body: read whole and checked first (every bad
//!   row reported with its line, nothing stored), then stored in one
//!   transaction.
//!
//! Passwords are hashed (slow on purpose) off the async threads. A changed
//! password or grant is seen at once by this server (its login cache is
//! cleared) and by others within their `--auth-cache-ttl`.

use std::future::Future;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use tnhub_core::CoreError;
use tnhub_core::account::Account;
use tnhub_core::ids::AccountId;
use tnhub_core::inventory::import::{RowError, parse_csv};
use tnhub_core::user::{Password, User, Username};

use crate::auth::Params;
use crate::query::QueryMap;
use crate::routes::portins::status_of;
use crate::state::AppState;

/// The largest inventory file taken over HTTP (about ten million
/// single-number rows); `tnhub import` reads files of any size.
pub const IMPORT_BODY_LIMIT: usize = 128 * 1024 * 1024;

pub(crate) fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

pub(crate) fn core_error(e: CoreError) -> Response {
    let status = status_of(e.kind);
    if status.is_server_error() {
        tracing::error!(error = %e.message, "operator request failed");
    }
    error(status, &e.message)
}

/// Reads a JSON body (an empty one is `{}`); the error is the 400 to send.
pub(crate) fn body<T: for<'de> Deserialize<'de> + Default>(
    bytes: &Bytes,
) -> Result<T, Box<Response>> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(bytes).map_err(|e| {
        Box::new(error(
            StatusCode::BAD_REQUEST,
            &format!("the body is not the JSON expected: {e}"),
        ))
    })
}

/// Runs work that hashes a password on a thread that may block, so the
/// async threads keep serving (the domain's user operations hash inline).
pub(crate) async fn off_runtime<T: Send + 'static>(
    work: impl Future<Output = Result<T, CoreError>> + Send + 'static,
) -> Result<T, CoreError> {
    let handle = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || handle.block_on(work))
        .await
        .map_err(|e| CoreError::internal(format!("password hashing stopped: {e}")))?
}

fn account_json(a: &Account) -> Value {
    json!({
        "id": a.id.to_string(),
        "companyName": a.company_name,
        "createdAt": a.created_at.iso(),
    })
}

fn user_json(u: &User) -> Value {
    json!({
        "name": u.name.as_str(),
        "accounts": u.accounts.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "createdAt": u.created_at.iso(),
    })
}

/// `GET /admin/accounts`: every account, by id.
pub async fn list_accounts(State(state): State<AppState>) -> Response {
    match state.hub.accounts().await {
        Ok(list) => Json(json!({ "accounts": list.iter().map(account_json).collect::<Vec<_>>() }))
            .into_response(),
        Err(e) => core_error(e),
    }
}

/// The body of `POST /admin/accounts`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewAccount {
    id: Option<String>,
    company_name: Option<String>,
}

/// `POST /admin/accounts`: 201 with the account (a fresh 7-digit id when
/// none is given); 409 when the id is taken.
pub async fn create_account(State(state): State<AppState>, bytes: Bytes) -> Response {
    let b: NewAccount = match body(&bytes) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    let id = match b.id.as_deref().map(AccountId::parse).transpose() {
        Ok(id) => id,
        Err(e) => return core_error(e),
    };
    let company = b.company_name.unwrap_or_default();
    match state.hub.create_account(id, &company).await {
        Ok(a) => {
            tracing::info!(account = %a.id, "account created through the operator plane");
            let mut r = (StatusCode::CREATED, Json(account_json(&a))).into_response();
            if let Ok(v) = header::HeaderValue::from_str(&format!("/admin/accounts/{}", a.id)) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        Err(e) => core_error(e),
    }
}

/// `GET /admin/accounts/{accountId}`: the account and the users granted it.
pub async fn get_account(State(state): State<AppState>, p: Params) -> Response {
    let id = match AccountId::parse(p.get("accountId")) {
        Ok(id) => id,
        Err(_) => return error(StatusCode::NOT_FOUND, "no such account"),
    };
    let account = match state.hub.account(&id).await {
        Ok(a) => a,
        Err(e) => return core_error(e),
    };
    match state.hub.users().await {
        Ok(users) => {
            let mut v = account_json(&account);
            v["users"] = json!(
                users
                    .iter()
                    .filter(|u| u.accounts.contains(&id))
                    .map(|u| u.name.as_str())
                    .collect::<Vec<_>>()
            );
            Json(v).into_response()
        }
        Err(e) => core_error(e),
    }
}

/// `GET /admin/users`: every user with its grants (never a password hash).
pub async fn list_users(State(state): State<AppState>) -> Response {
    match state.hub.users().await {
        Ok(list) => {
            Json(json!({ "users": list.iter().map(user_json).collect::<Vec<_>>() })).into_response()
        }
        Err(e) => core_error(e),
    }
}

/// The body of `POST /admin/users`.
#[derive(Debug, Default, Deserialize)]
struct NewUser {
    name: Option<String>,
    #[serde(default)]
    accounts: Vec<String>,
    password: Option<String>,
}

/// The password given, or a generated one (and whether it was generated).
fn password_or_generated(given: Option<String>) -> Result<(Password, bool), CoreError> {
    match given {
        Some(p) => Ok((Password::parse(&p)?, false)),
        None => Ok((Password::generate(), true)),
    }
}

/// `POST /admin/users`: 201 with the user, and `password` when it was
/// generated (shown this once). At least one account, each existing.
pub async fn create_user(State(state): State<AppState>, bytes: Bytes) -> Response {
    let b: NewUser = match body(&bytes) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    let name = match Username::parse(b.name.as_deref().unwrap_or_default()) {
        Ok(n) => n,
        Err(e) => return core_error(e),
    };
    if b.accounts.is_empty() {
        return core_error(CoreError::required(
            "accounts (at least one account to grant)",
        ));
    }
    let accounts = match b
        .accounts
        .iter()
        .map(|a| AccountId::parse(a))
        .collect::<Result<Vec<_>, _>>()
    {
        Ok(a) => a,
        Err(e) => return core_error(e),
    };
    let (password, generated) = match password_or_generated(b.password) {
        Ok(p) => p,
        Err(e) => return core_error(e),
    };
    let hub = state.hub.clone();
    let shown = generated.then(|| password.expose().to_string());
    let created =
        off_runtime(async move { hub.create_user(&name, &password, &accounts).await }).await;
    match created {
        Ok(u) => {
            tracing::info!(user = %u.name, "user created through the operator plane");
            let mut v = user_json(&u);
            if let Some(p) = shown {
                v["password"] = json!(p);
            }
            (StatusCode::CREATED, Json(v)).into_response()
        }
        Err(e) => core_error(e),
    }
}

fn username(p: &Params) -> Result<Username, Box<Response>> {
    Username::parse(p.get("name"))
        .map_err(|_| Box::new(error(StatusCode::NOT_FOUND, "no such user")))
}

/// The body of `POST /admin/users/{name}/grants`.
#[derive(Debug, Default, Deserialize)]
struct NewGrant {
    account: Option<String>,
}

/// `POST /admin/users/{name}/grants`: grants an account (idempotent);
/// answers the user with its grants.
pub async fn grant(State(state): State<AppState>, p: Params, bytes: Bytes) -> Response {
    let name = match username(&p) {
        Ok(n) => n,
        Err(r) => return *r,
    };
    let b: NewGrant = match body(&bytes) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    let Some(raw) = b.account else {
        return core_error(CoreError::required("account"));
    };
    let account = match AccountId::parse(&raw) {
        Ok(a) => a,
        Err(e) => return core_error(e),
    };
    if let Err(e) = state.hub.grant(&name, &account).await {
        return core_error(e);
    }
    state.auth.clear();
    state.clients.clear();
    tracing::info!(user = %name, account = %account, "account granted through the operator plane");
    match state.hub.user(&name).await {
        Ok(Some(u)) => Json(user_json(&u)).into_response(),
        Ok(None) => error(StatusCode::NOT_FOUND, "no such user"),
        Err(e) => core_error(e),
    }
}

/// The body of `PUT /admin/users/{name}/password`.
#[derive(Debug, Default, Deserialize)]
struct NewPassword {
    password: Option<String>,
}

/// `PUT /admin/users/{name}/password`: sets the password given, or a
/// generated one returned in this answer only.
pub async fn set_password(State(state): State<AppState>, p: Params, bytes: Bytes) -> Response {
    let name = match username(&p) {
        Ok(n) => n,
        Err(r) => return *r,
    };
    let b: NewPassword = match body(&bytes) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    let (password, generated) = match password_or_generated(b.password) {
        Ok(p) => p,
        Err(e) => return core_error(e),
    };
    let shown = generated.then(|| password.expose().to_string());
    let hub = state.hub.clone();
    let who = name.clone();
    if let Err(e) = off_runtime(async move { hub.set_password(&who, &password).await }).await {
        return core_error(e);
    }
    state.auth.clear();
    tracing::info!(user = %name, "password changed through the operator plane");
    let mut v = json!({ "name": name.as_str() });
    if let Some(p) = shown {
        v["password"] = json!(p);
    }
    Json(v).into_response()
}

fn row_json(e: &RowError) -> Value {
    if e.line == 0 {
        json!({ "message": e.message })
    } else {
        json!({ "line": e.line, "message": e.message })
    }
}

/// `POST /admin/inventory/import[?replaceDefault=true]`: the body is an
/// inventory CSV (`tnhub import`'s format). 200 with what was stored; 400
/// with every problem by line when a row is bad (nothing is stored); 413
/// over [`IMPORT_BODY_LIMIT`].
pub async fn import_inventory(
    State(state): State<AppState>,
    q: QueryMap,
    req: Request,
) -> Response {
    let replace_default = match q
        .get("replaceDefault")
        .map(|v| v.trim().to_ascii_lowercase())
    {
        None => false,
        Some(v) if v == "true" => true,
        Some(v) if v == "false" || v.is_empty() => false,
        Some(v) => {
            return error(
                StatusCode::BAD_REQUEST,
                &format!("replaceDefault must be true or false, not '{v}'"),
            );
        }
    };
    let bytes = match axum::body::to_bytes(req.into_body(), IMPORT_BODY_LIMIT).await {
        Ok(b) => b,
        Err(_) => {
            return error(
                StatusCode::PAYLOAD_TOO_LARGE,
                &format!(
                    "an inventory file over HTTP is at most {} MiB; import larger files with `tnhub import`",
                    IMPORT_BODY_LIMIT / (1024 * 1024)
                ),
            );
        }
    };
    let parsed = match tokio::task::spawn_blocking(move || parse_csv(bytes.as_ref(), &|_| {})).await
    {
        Ok(Ok(p)) => p,
        Ok(Err(errors)) => {
            let bad = errors.iter().filter(|e| e.line > 0).count();
            return (
                StatusCode::BAD_REQUEST,
                Json(json!({
                    "error": format!(
                        "the file was refused ({bad} problem{}); nothing was stored",
                        if bad == 1 { "" } else { "s" }
                    ),
                    "errors": errors.iter().map(row_json).collect::<Vec<_>>(),
                })),
            )
                .into_response();
        }
        Err(e) => return core_error(CoreError::internal(format!("the parser stopped: {e}"))),
    };
    let summary = match state.hub.import_inventory(&parsed, replace_default).await {
        Ok(s) => s,
        Err(e) => return core_error(e),
    };
    let default_sold = match state.hub.store().read().await {
        Ok(mut repo) => repo.inventory_meta().await.map(|m| m.default_inventory),
        Err(e) => Err(e),
    };
    let default_sold = match default_sold {
        Ok(d) => d,
        Err(e) => return core_error(e.into()),
    };
    tracing::info!(
        rows = summary.rows,
        generation = summary.generation,
        "inventory imported through the operator plane"
    );
    Json(json!({
        "rows": summary.rows,
        "availableNumbers": summary.available_numbers,
        "excludedNumbers": summary.excluded_numbers,
        "blocks": summary.blocks,
        "generation": summary.generation,
        "defaultInventory": default_sold,
    }))
    .into_response()
}
