//! Accepting and serving connections, with the limits a server open to
//! anyone needs (what nginx has by default, and `axum::serve` has not):
//!
//! - **header timeout**: a request's head must arrive within it (hyper's
//!   `header_read_timeout`). Hyper starts that clock as soon as it waits for
//!   a head, so it also closes a kept-alive connection left idle that long
//!   between requests, and a slowloris connection that never finishes;
//! - **body timeout**: the longest wait for the next piece of a request
//!   body (tower-http's `RequestBodyTimeoutLayer`; a body that stalls is
//!   refused with 408);
//! - **connection cap**: at most this many connections are served at once;
//!   more wait in the kernel's accept queue. The cap is lowered to fit the
//!   process's descriptor limit less [`RESERVED_DESCRIPTORS`] kept for the
//!   database, the WAL, callbacks and logs (the soft limit is first raised
//!   to the hard one);
//! - a failed `accept` is logged, and descriptor exhaustion (`EMFILE`)
//!   backs off instead of spinning;
//! - **graceful shutdown with a deadline**: on shutdown, idle connections
//!   close, requests in flight may finish, and whatever is still open when
//!   the deadline passes is closed.
//!
//! Each request carries the client's address (axum's `ConnectInfo`), which
//! the login throttle counts failures by.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;
use tower::ServiceExt;

/// A response extension asking for the connection to be closed without an
/// answer (an injected fault: the client sees the connection drop).
#[derive(Debug, Clone, Copy)]
pub struct DropConnection;

/// The error that makes hyper close a connection instead of answering.
#[derive(Debug, thiserror::Error)]
#[error("the connection was dropped on purpose (an injected fault)")]
pub struct Dropped;

impl From<std::convert::Infallible> for Dropped {
    fn from(never: std::convert::Infallible) -> Self {
        match never {}
    }
}

/// Turns a response marked [`DropConnection`] into an error, which hyper
/// answers by closing the connection.
pub fn drop_marked(
    res: Result<axum::response::Response, std::convert::Infallible>,
) -> Result<axum::response::Response, Dropped> {
    match res {
        Ok(r) if r.extensions().get::<DropConnection>().is_some() => Err(Dropped),
        Ok(r) => Ok(r),
        Err(never) => match never {},
    }
}

/// How connections are bounded (flags of `tnhub serve`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// The longest a request's head may take, counted from when the server
    /// starts waiting for it (so also the longest idle keep-alive).
    pub header_timeout: Duration,
    /// The longest wait for the next piece of a request body.
    pub body_timeout: Duration,
    /// Connections served at once.
    pub max_connections: usize,
    /// How long a shutdown waits for open connections before closing them.
    pub shutdown_timeout: Duration,
}

impl Default for ConnectionLimits {
    /// nginx's defaults (`client_header_timeout`, `client_body_timeout`
    /// 60 s; 1,024 connections), and 30 s to shut down.
    fn default() -> Self {
        ConnectionLimits {
            header_timeout: Duration::from_secs(60),
            body_timeout: Duration::from_secs(60),
            max_connections: 1024,
            shutdown_timeout: Duration::from_secs(30),
        }
    }
}

/// Descriptors kept out of the connection cap: the database pool and files,
/// callback deliveries, the log and the listener itself.
pub const RESERVED_DESCRIPTORS: u64 = 128;

/// The connection cap after fitting it to the descriptor limit (raised to
/// the hard limit first, where allowed).
fn fit_to_descriptors(wanted: usize) -> usize {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let mut limit = getrlimit(Resource::Nofile);
    if limit.current < limit.maximum {
        let raised = rustix::process::Rlimit {
            current: limit.maximum,
            maximum: limit.maximum,
        };
        if setrlimit(Resource::Nofile, raised).is_ok() {
            limit = raised;
        }
    }
    let Some(soft) = limit.current else {
        return wanted.max(1);
    };
    let room = soft.saturating_sub(RESERVED_DESCRIPTORS).max(1);
    let cap = wanted
        .min(usize::try_from(room).unwrap_or(usize::MAX))
        .max(1);
    if cap < wanted {
        tracing::warn!(
            wanted,
            cap,
            descriptors = soft,
            "the connection cap is lowered to leave descriptors for the database and workers"
        );
    }
    cap
}

/// Serves `app` on `listener` until `shutdown` completes, then shuts down
/// within `limits.shutdown_timeout`.
pub async fn run(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl std::future::Future<Output = ()> + Send,
) -> std::io::Result<()> {
    let app = app.layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
        limits.body_timeout,
    ));
    let slots = Arc::new(Semaphore::new(fit_to_descriptors(limits.max_connections)));
    let (closing_tx, closing) = watch::channel(false);
    let mut connections = JoinSet::new();
    let mut shutdown = std::pin::pin!(shutdown);
    let mut backoff = Duration::from_millis(5);
    loop {
        while connections.try_join_next().is_some() {}
        let slot = tokio::select! {
            s = slots.clone().acquire_owned() => s.map_err(std::io::Error::other)?,
            () = &mut shutdown => break,
        };
        let accepted = tokio::select! {
            a = listener.accept() => a,
            () = &mut shutdown => break,
        };
        let (stream, peer) = match accepted {
            Ok(a) => {
                backoff = Duration::from_millis(5);
                a
            }
            Err(e) if is_connection_error(&e) => continue,
            Err(e) => {
                // EMFILE/ENFILE/ENOMEM: wait for descriptors to be freed
                // rather than spin on the same error.
                metrics::counter!("tnhub_accept_errors_total").increment(1);
                tracing::error!(error = %e, retry_in_ms = backoff.as_millis() as u64, "accepting a connection failed");
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(1));
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let closing = closing.clone();
        connections.spawn(async move {
            serve_connection(stream, peer, app, limits, closing).await;
            drop(slot);
        });
    }
    drop(listener);
    let _ = closing_tx.send(true);
    let open = connections.len();
    let drained = tokio::time::timeout(limits.shutdown_timeout, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::warn!(
            open,
            left = connections.len(),
            "connections still open at the shutdown deadline are closed"
        );
        connections.shutdown().await;
    }
    Ok(())
}

async fn serve_connection(
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    app: Router,
    limits: ConnectionLimits,
    mut closing: watch::Receiver<bool>,
) {
    let service = app
        .map_request(move |req: Request<Incoming>| {
            let mut req = req.map(Body::new);
            req.extensions_mut().insert(ConnectInfo(peer));
            req
        })
        .map_result(drop_marked);
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let conn = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
    let mut conn = std::pin::pin!(conn.with_upgrades());
    let result = tokio::select! {
        r = conn.as_mut() => r,
        () = signalled(&mut closing) => {
            conn.as_mut().graceful_shutdown();
            conn.await
        }
    };
    if let Err(e) = result {
        tracing::debug!(%peer, error = %e, "connection ended with an error");
    }
}

/// Completes when shutdown is signalled (or the server is gone).
async fn signalled(closing: &mut watch::Receiver<bool>) {
    let _ = closing.wait_for(|c| *c).await;
}

fn is_connection_error(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    matches!(
        e.kind(),
        ConnectionRefused | ConnectionAborted | ConnectionReset
    )
}
