//! Snapshots and the reset on the operator plane (JSON, the admin bearer
//! token), the same operations as `tnhub snapshot`:
//!
//! - `GET /admin/snapshots`: `{snapshots: [{name, createdAt, bytes}]}`;
//! - `POST /admin/snapshots` `{"name"}`: saves the whole state (replacing
//!   a snapshot of that name), 201;
//! - `POST /admin/snapshots/{name}/restore`: brings it back exactly;
//! - `DELETE /admin/snapshots/{name}`: 204;
//! - `POST /admin/reset` `{"inventory"?: true}`: a fresh start that keeps
//!   the demo accounts and users, the snapshots and (unless asked) the
//!   operator's inventory.
//!
//! A restore or reset clears this server's login cache at once; other
//! servers sharing the database forget within `--auth-cache-ttl`.

use std::time::Instant;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use tnhub_core::store::SnapshotInfo;

use crate::auth::Params;
use crate::routes::admin_accounts::{body, core_error};
use crate::state::AppState;

fn info_json(s: &SnapshotInfo) -> Value {
    json!({ "name": s.name, "createdAt": s.created_at.iso(), "bytes": s.bytes })
}

/// `GET /admin/snapshots`.
pub async fn list(State(state): State<AppState>) -> Response {
    match state.hub.snapshots().await {
        Ok(l) => Json(json!({ "snapshots": l.iter().map(info_json).collect::<Vec<_>>() }))
            .into_response(),
        Err(e) => core_error(e),
    }
}

/// The body of `POST /admin/snapshots`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewSnapshot {
    name: Option<String>,
}

/// `POST /admin/snapshots`: 201 with the snapshot and how long saving took.
pub async fn save(State(state): State<AppState>, bytes: Bytes) -> Response {
    let b: NewSnapshot = match body(&bytes) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    let Some(name) = b.name else {
        return core_error(tnhub_core::CoreError::required("name"));
    };
    let started = Instant::now();
    match state.hub.save_snapshot(&name).await {
        Ok(s) => {
            let ms = started.elapsed().as_millis() as u64;
            tracing::info!(snapshot = %s.name, bytes = s.bytes, ms, "snapshot saved");
            let mut v = info_json(&s);
            v["ms"] = json!(ms);
            (StatusCode::CREATED, Json(v)).into_response()
        }
        Err(e) => core_error(e),
    }
}

/// `POST /admin/snapshots/{name}/restore`: 200, or 404 for no such snapshot.
pub async fn restore(State(state): State<AppState>, p: Params) -> Response {
    let started = Instant::now();
    if let Err(e) = state.hub.restore_snapshot(p.get("name")).await {
        return core_error(e);
    }
    state.auth.clear();
    let ms = started.elapsed().as_millis() as u64;
    tracing::info!(snapshot = p.get("name"), ms, "snapshot restored");
    Json(json!({ "name": p.get("name"), "restored": true, "ms": ms })).into_response()
}

/// `DELETE /admin/snapshots/{name}`: 204, or 404.
pub async fn delete(State(state): State<AppState>, p: Params) -> Response {
    match state.hub.delete_snapshot(p.get("name")).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => core_error(e),
    }
}

/// The body of `POST /admin/reset`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Reset {
    /// Also reset the operator's inventory (imported blocks, the default switch).
    #[serde(default)]
    inventory: bool,
}

/// `POST /admin/reset`: 200 with what was kept.
pub async fn reset(State(state): State<AppState>, bytes: Bytes) -> Response {
    let b: Reset = match body(&bytes) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    let started = Instant::now();
    let kept = match state.hub.reset(b.inventory).await {
        Ok(k) => k,
        Err(e) => return core_error(e),
    };
    state.auth.clear();
    let ms = started.elapsed().as_millis() as u64;
    tracing::info!(ms, inventory = b.inventory, "database reset");
    Json(json!({
        "keptAccounts": kept.accounts.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "keptUsers": kept.users.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "inventoryKept": kept.inventory,
        "ms": ms,
    }))
    .into_response()
}
