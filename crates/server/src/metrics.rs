//! Prometheus metrics.
//!
//! Requests are counted and timed by method, status and **route template**
//! (the matched route, e.g. `/api/accounts/{accountId}/sites`), never the raw
//! path, so the number of series stays bounded whatever clients send.
//!
//! Who may read `/metrics` is [`MetricsConfig`]: anyone, or only the
//! operator (its bearer token), on the main listener or only on a separate
//! one (`--metrics-access`, `--metrics-listen` of `tnhub serve`).

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

/// Who may read `/metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricsAccess {
    /// Anyone who can reach the listener (a sandbox, or a private
    /// metrics listener).
    Open,
    /// Only requests with the operator's bearer token (`TNHUB_ADMIN_TOKEN`);
    /// others get 401. Request counts by route tell an outsider how the
    /// service is used, so production keeps them to the operator.
    Operator,
}

/// Where and for whom `/metrics` is served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MetricsConfig {
    /// Who may read it.
    pub access: MetricsAccess,
    /// Served on a listener of its own (`--metrics-listen`, see
    /// [`crate::ops_app`]), so the main listener answers 404 for it.
    pub separate: bool,
}

impl Default for MetricsConfig {
    fn default() -> Self {
        MetricsConfig {
            access: MetricsAccess::Open,
            separate: false,
        }
    }
}

const DURATION: &str = "tnhub_http_request_duration_seconds";

/// The process-wide Prometheus recorder (installed on first use).
pub fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let builder = || {
            PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Full(DURATION.to_string()),
                    &[
                        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
                        5.0,
                    ],
                )
                .expect("the bucket list is not empty")
        };
        match builder().install_recorder() {
            Ok(handle) => handle,
            Err(e) => {
                // Another recorder is installed (an embedding program's):
                // keep serving /metrics from a private recorder.
                tracing::warn!(error = %e, "could not install the metrics recorder globally");
                builder().build_recorder().handle()
            }
        }
    })
}

/// Middleware recording each request.
pub async fn track(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().to_string();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |m| m.as_str().to_string());
    let response = next.run(req).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("tnhub_http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!(DURATION, "method" => method, "route" => route)
        .record(start.elapsed().as_secs_f64());
    response
}
