//! # tnhub-server — Bandwidth's Phone Numbers API over HTTP
//!
//! [`serve`] runs the API on a listener until a shutdown future completes;
//! the binary and every test start the server the same way (mini-redis's
//! `serve(listener, shutdown)`).
//!
//! Layout:
//! - [`routes`]: the route table (one module per API area) — the single list
//!   of what is served, checked against `openapi.yaml` by a test;
//! - [`paths`]: the `/api`, `/api/v1`, `/v1.0` prefixes and case-insensitive
//!   literal segments, applied before routing;
//! - [`listen`]: accepting and serving connections, with timeouts, a
//!   connection cap and a shutdown deadline;
//! - [`auth`]: Basic authentication with a short-lived cache, account scoping;
//! - [`oauth`]: OAuth 2.0 client credentials: signed bearer tokens, and the
//!   customer routes' choice between Bearer and Basic;
//! - [`error`]: [`error::ApiError`], which renders Bandwidth's XML envelopes;
//! - [`xml`], [`query`]: bodies in and out, case-insensitive query strings;
//! - [`convert`]: wire types to domain values and back;
//! - [`metrics`]: Prometheus counters by route template;
//! - [`idempotency`]: `Idempotency-Key` on the customer API's writes;
//! - [`tls`]: the optional HTTPS listener and the local CA that lets it
//!   stand in for Bandwidth's hosts;
//! - [`console`]: the web console at `/console` (HTML, not API: outside the
//!   route table and the OpenAPI document).
//!
//! Around the router sit, outermost first: a request id (`x-request-id`,
//! generated when absent and echoed back), tracing of each request, panic
//! catching (a panic becomes an XML 500, never a dropped connection), and
//! the path rewrite.
#![forbid(unsafe_code)]

use std::future::Future;

use axum::Router;
use axum::extract::{OriginalUri, Request};
use axum::http::{Method, Uri};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

pub mod auth;
pub mod callbacks;
pub mod console;
pub mod convert;
pub mod error;
pub mod faults;
pub mod idempotency;
pub mod journal;
pub mod listen;
pub mod metrics;
pub mod oauth;
pub mod paths;
pub mod query;
pub mod ratelimit;
pub mod routes;
pub mod state;
pub mod tls;
pub mod workers;
pub mod xml;

pub use state::{AppState, ServerConfig};

use error::ApiError;

/// The router: every API route under `/api` plus the operations endpoints.
pub fn router(state: AppState) -> Router {
    // Install the recorder before the first request is counted.
    metrics::handle();
    let mut customer: Router<AppState> = Router::new();
    let mut operator: Router<AppState> = Router::new();
    let mut open: Router<AppState> = Router::new();
    for route in routes::api_routes() {
        let path = routes::router_path(route.path);
        match route.access {
            routes::Access::Customer => customer = customer.route(&path, route.handler),
            routes::Access::Operator => operator = operator.route(&path, route.handler),
            routes::Access::Open => open = open.route(&path, route.handler),
        }
    }
    // Innermost first: the idempotency keys need the authenticated user;
    // rate limits count only a customer who logged in.
    customer = customer.route_layer(middleware::from_fn_with_state(
        state.clone(),
        idempotency::idempotent,
    ));
    if state.rate_limits.enabled() {
        customer = customer.route_layer(middleware::from_fn_with_state(
            state.clone(),
            ratelimit::limit,
        ));
    }
    let customer = customer.route_layer(middleware::from_fn_with_state(
        state.clone(),
        oauth::require_customer,
    ));
    let operator = operator.route_layer(middleware::from_fn_with_state(
        state.clone(),
        routes::admin::require_operator,
    ));
    // The operations endpoints live at the root, outside the API prefixes.
    for route in routes::ops_routes() {
        open = open.route(route.path, route.handler);
    }
    let mut router = Router::new()
        .merge(customer)
        .merge(operator)
        .merge(open)
        .merge(console::router())
        .fallback(no_route)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            faults::inject,
        ));
    if state.journal.enabled() {
        router = router.layer(middleware::from_fn_with_state(
            state.clone(),
            journal::record,
        ));
    }
    router
        .layer(middleware::from_fn(metrics::track))
        .with_state(state)
}

async fn no_route(OriginalUri(original): OriginalUri) -> Response {
    ApiError::no_route(original.path()).into_response()
}

async fn method_not_allowed(
    method: Method,
    uri: Uri,
    OriginalUri(original): OriginalUri,
) -> Response {
    let allow = routes::api_routes()
        .iter()
        .filter(|r| routes::router_path(r.path) == template_of(uri.path()))
        .map(|r| r.method.to_string())
        .collect::<Vec<_>>();
    let allow = (!allow.is_empty()).then(|| allow.join(", "));
    ApiError::method_not_allowed(method.as_str(), original.path(), allow).into_response()
}

/// The route template a canonical path matches, for the `Allow` header.
fn template_of(path: &str) -> String {
    routes::api_routes()
        .iter()
        .map(|r| routes::router_path(r.path))
        .find(|t| {
            let (a, b): (Vec<&str>, Vec<&str>) =
                (t.split('/').collect(), path.split('/').collect());
            a.len() == b.len() && a.iter().zip(&b).all(|(t, p)| t.starts_with('{') || t == p)
        })
        .unwrap_or_default()
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ApiError::internal("a request handler panicked").into_response()
}

/// The complete HTTP service: the router behind the path rewrite, inside
/// the request-id, tracing and panic layers.
pub fn app(state: AppState) -> Router {
    let rewritten = ServiceBuilder::new()
        .map_request(paths::canonicalise)
        .service(router(state));
    let trace = TraceLayer::new_for_http()
        .make_span_with(|req: &Request| {
            let id = req
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("-");
            tracing::info_span!("request", id, method = %req.method(), path = %req.uri().path())
        })
        .on_request(())
        .on_response(
            |res: &Response, latency: std::time::Duration, _span: &tracing::Span| {
                tracing::info!(
                    status = res.status().as_u16(),
                    ms = latency.as_secs_f64() * 1000.0,
                    "served"
                );
            },
        );
    Router::new()
        .fallback_service(rewritten)
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(trace)
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}

/// The operations listener of `--metrics-listen`: `/metrics` (for whom
/// `--metrics-access` allows) and `/health`, nothing else, so a scraper on
/// a private address needs no route to the API.
pub fn ops_app(state: AppState) -> Router {
    Router::new()
        .route("/metrics", axum::routing::get(routes::ops::metrics_here))
        .route("/health", axum::routing::get(routes::ops::health))
        .fallback(no_route)
        .with_state(state)
}

/// Listeners besides the API's own.
#[derive(Default)]
pub struct OtherListeners {
    /// The same application over TLS (`--tls-listen`).
    pub tls: Option<tls::TlsListener>,
    /// [`ops_app`] (`--metrics-listen`); set `ServerConfig::metrics.separate`
    /// with it, so the API's listener stops serving `/metrics`.
    pub metrics: Option<tokio::net::TcpListener>,
}

/// Serves the API on `listener` until `shutdown` completes, then finishes
/// the requests in flight (within the configured shutdown deadline). Loads the inventory index first and runs the
/// background workers for as long as the server runs.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, OtherListeners::default(), state, shutdown).await
}

/// [`serve`], and the same application over TLS on `tls` when given.
pub async fn serve_with_tls(
    listener: tokio::net::TcpListener,
    tls: Option<tls::TlsListener>,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let others = OtherListeners { tls, metrics: None };
    serve_with(listener, others, state, shutdown).await
}

/// [`serve`], and the [`OtherListeners`] given.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    others: OtherListeners,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let OtherListeners { tls, metrics } = others;
    state
        .hub
        .refresh_inventory()
        .await
        .map_err(|e| std::io::Error::other(format!("cannot load the inventory: {e}")))?;
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    state
        .hub
        .sync_clock()
        .await
        .map_err(|e| std::io::Error::other(format!("cannot read the sandbox clock: {e}")))?;
    let job_runners = state
        .config
        .job_runners
        .unwrap_or(match state.hub.store().backend() {
            "postgres" => state::DEFAULT_PG_JOB_RUNNERS,
            _ => 1,
        });
    let pacing = workers::Pacing {
        job_poll: state.config.job_poll,
        housekeeping: state.config.housekeeping,
        inventory_refresh: state.config.inventory_refresh,
        job_runners: job_runners.max(1),
    };
    let mut workers = workers::spawn(state.hub.clone(), stop_rx.clone(), pacing);
    let deliverer = callbacks::Deliverer::new(state.hub.clone(), state.config.callbacks.clone())
        .map(|d| d.with_journal(state.journal.clone()))
        .map_err(|e| {
            std::io::Error::other(format!("cannot build the callback HTTP client: {e}"))
        })?;
    if let Some(tls) = tls {
        workers.push(tokio::spawn(tls::listen::run(
            tls,
            app(state.clone()),
            stop_rx.clone(),
        )));
    }
    let limits = state.config.connections;
    if let Some(metrics) = metrics {
        let mut stop = stop_rx.clone();
        let ops = ops_app(state.clone());
        workers.push(tokio::spawn(async move {
            let stopped = async move {
                let _ = stop.wait_for(|s| *s).await;
            };
            // A scraper or two, not the public: a small cap of its own.
            let limits = listen::ConnectionLimits {
                max_connections: 64,
                ..limits
            };
            if let Err(e) = listen::run(metrics, ops, limits, stopped).await {
                tracing::error!(error = %e, "the metrics listener stopped");
            }
        }));
    }
    workers.push(tokio::spawn(std::sync::Arc::new(deliverer).run(stop_rx)));
    let result = listen::run(listener, app(state), limits, async move {
        shutdown.await;
        let _ = stop_tx.send(true);
    })
    .await;
    for w in workers {
        let _ = w.await;
    }
    result
}
