//! Operations endpoints: health, readiness, metrics and the OpenAPI document.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::metrics::MetricsAccess;
use crate::state::AppState;

/// The OpenAPI document describing exactly what this server serves.
pub const OPENAPI: &str = include_str!("../../openapi.yaml");

/// `GET /api/openapi.yaml` (no authentication).
pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/yaml")], OPENAPI).into_response()
}

/// `GET /health`: the process is up.
pub async fn health() -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "ok\n",
    )
        .into_response()
}

/// `GET /ready`: the database answers reads and takes writes (see
/// `Tnhub::ready`); 503 with `Retry-After` otherwise.
pub async fn ready(State(state): State<AppState>) -> Response {
    let backend = state.hub.store().backend();
    match state.hub.ready().await {
        Ok(()) => (
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("ready ({backend})\n"),
        )
            .into_response(),
        Err(e) => {
            tracing::warn!(error = %e.message, "readiness check failed");
            let mut refused = (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                format!("not ready: the {backend} database does not answer or refuses writes\n"),
            )
                .into_response();
            refused.headers_mut().insert(
                header::RETRY_AFTER,
                crate::error::DATABASE_RETRY_AFTER.into(),
            );
            refused
        }
    }
}

/// `GET /metrics` on the main listener: Prometheus text format, for whom
/// `--metrics-access` allows; 404 when it is served on a listener of its
/// own (`--metrics-listen`).
pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if state.config.metrics.separate {
        return crate::error::ApiError::no_route("/metrics").into_response();
    }
    metrics_here(State(state), headers).await
}

/// `GET /metrics` on the listener that serves it (see [`metrics`]).
pub async fn metrics_here(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if state.config.metrics.access == MetricsAccess::Operator
        && let Some(mut refused) = super::admin::operator_refusal(&state, &headers)
    {
        // The operator plane's answer, but always 401 here: /metrics
        // exists, it is the credential that is missing.
        *refused.status_mut() = StatusCode::UNAUTHORIZED;
        return refused;
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        crate::metrics::handle().render(),
    )
        .into_response()
}
