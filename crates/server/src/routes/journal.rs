//! Reading the request journal (see [`crate::journal`]): the operator's
//! `GET /admin/requests` over every account, and the customer's own
//! `GET /accounts/{accountId}/tnhub/requests` — a tnhub extension (the
//! `tnhub` segment keeps it apart from anything Bandwidth may add), JSON
//! like the operator plane since no Bandwidth client reads it.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::auth::AccountScope;
use crate::journal::{Filter, StatusFilter};
use crate::query::QueryMap;
use crate::routes::admin::error;
use crate::state::AppState;

/// The most entries one read returns.
const MAX_LIMIT: usize = 1_000;

/// Reads `path`, `status`, `since`, `limit` (and, for the operator,
/// `account`) into a filter, or says what is wrong.
fn filter(q: &QueryMap, operator: bool) -> Result<Filter, String> {
    let text = |k: &str| q.get(k).map(str::trim).filter(|v| !v.is_empty());
    let status =
        match text("status") {
            None => None,
            Some(s) => Some(StatusFilter::parse(s).ok_or_else(|| {
                format!("status must be a status (404) or a class (4xx), not '{s}'")
            })?),
        };
    let since_ms = match text("since") {
        None => None,
        Some(s) => Some(
            s.parse::<i64>()
                .ok()
                .or_else(|| tnhub_core::Timestamp::parse(s).map(|t| t.millis()))
                .ok_or_else(|| {
                    format!(
                        "since must be a time (2026-01-30T15:00:00Z) or epoch milliseconds, not '{s}'"
                    )
                })?,
        ),
    };
    let limit = match text("limit") {
        None => 100,
        Some(v) => v
            .parse::<usize>()
            .map_err(|_| format!("limit must be a whole number, not '{v}'"))?
            .clamp(1, MAX_LIMIT),
    };
    Ok(Filter {
        account: if operator {
            text("account").map(str::to_string)
        } else {
            None
        },
        path: text("path").map(str::to_string),
        status,
        since_ms,
        limit,
    })
}

fn answer(state: &AppState, filter: &Filter) -> Response {
    let config = state.journal.config();
    Json(serde_json::json!({
        "enabled": state.journal.enabled(),
        "perAccount": config.per_account,
        "bodyLimit": config.body_limit,
        "scope": "this server",
        "requests": state.journal.entries(filter).iter().map(|e| e.as_ref()).collect::<Vec<_>>(),
    }))
    .into_response()
}

/// `GET /admin/requests?account=&path=&status=&since=&limit=`: the newest
/// matching entries of every account, oldest first.
pub async fn admin(State(state): State<AppState>, q: QueryMap) -> Response {
    match filter(&q, true) {
        Ok(f) => answer(&state, &f),
        Err(e) => error(StatusCode::BAD_REQUEST, &e),
    }
}

/// `GET /accounts/{accountId}/tnhub/requests?path=&status=&since=&limit=`:
/// the same for the customer's own account.
pub async fn customer(
    State(state): State<AppState>,
    AccountScope(account): AccountScope,
    q: QueryMap,
) -> Response {
    match filter(&q, false) {
        Ok(mut f) => {
            f.account = Some(account.to_string());
            answer(&state, &f)
        }
        Err(e) => crate::error::ApiError::new(
            StatusCode::BAD_REQUEST,
            crate::error::GENERIC,
            Some(tnhub_core::error::codes::INVALID_VALUE),
            e,
        )
        .into_response(),
    }
}
