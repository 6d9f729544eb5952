//! Operations endpoints: health, readiness, metrics and the OpenAPI document.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

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

/// `GET /metrics`: Prometheus text format.
pub async fn metrics() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        crate::metrics::handle().render(),
    )
        .into_response()
}
