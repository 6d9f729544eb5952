//! A real HTTP receiver for callbacks on a loopback port: records every
//! request and answers with a scripted sequence of statuses. It can also
//! hold its answers until released (a hung receiver), redirect (3xx with a
//! `Location`), and challenge requests without the expected credentials
//! the way the real service expects (401 with `WWW-Authenticate`).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use tokio::sync::watch;

/// A request the receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    pub headers: HeaderMap,
    pub body: String,
}

#[derive(Default)]
struct Inner {
    got: Vec<Received>,
    script: VecDeque<u16>,
    otherwise: u16,
    /// Where 3xx answers point.
    location: Option<String>,
    /// The `Authorization` value required, else 401 and a challenge.
    challenge: Option<String>,
}

#[derive(Clone)]
struct Shared {
    inner: Arc<Mutex<Inner>>,
    /// True while answers flow; false holds every answer until released.
    open: Arc<watch::Sender<bool>>,
}

/// The receiver.
#[derive(Clone)]
pub struct Receiver {
    pub url: String,
    /// The port it listens on (to build URLs with another host name).
    pub port: u16,
    shared: Shared,
}

async fn record(
    State(shared): State<Shared>,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (code, location, challenged) = {
        let mut i = shared.inner.lock().unwrap();
        let challenged = i.challenge.as_ref().is_some_and(|expected| {
            headers
                .get(header::AUTHORIZATION)
                .is_none_or(|got| got != expected.as_str())
        });
        i.got.push(Received {
            path: uri.path().to_string(),
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
        });
        let code = i.script.pop_front().unwrap_or(i.otherwise);
        (code, i.location.clone(), challenged)
    };
    // Held: answer only once released.
    let mut open = shared.open.subscribe();
    let _ = open.wait_for(|o| *o).await;
    if challenged {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Basic realm=\"callbacks\"")],
        )
            .into_response();
    }
    let status = StatusCode::from_u16(code).unwrap();
    match location {
        Some(to) if status.is_redirection() => (status, [(header::LOCATION, to)]).into_response(),
        _ => status.into_response(),
    }
}

impl Receiver {
    /// Starts a receiver answering `script` in order, then `otherwise`.
    pub async fn start(script: &[u16], otherwise: u16) -> Receiver {
        let shared = Shared {
            inner: Arc::new(Mutex::new(Inner {
                got: Vec::new(),
                script: script.iter().copied().collect(),
                otherwise,
                ..Inner::default()
            })),
            open: Arc::new(watch::channel(true).0),
        };
        let app = Router::new()
            .route("/{*path}", post(record))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let url = format!("http://127.0.0.1:{port}/callbacks");
        tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Receiver { url, port, shared }
    }

    /// Changes what it answers from now on.
    pub fn answer(&self, code: u16) {
        let mut i = self.shared.inner.lock().unwrap();
        i.script.clear();
        i.otherwise = code;
    }

    /// Points 3xx answers at `location`.
    pub fn redirect_to(&self, location: &str) {
        self.shared.inner.lock().unwrap().location = Some(location.to_string());
    }

    /// Answers 401 with `WWW-Authenticate: Basic` to every request whose
    /// `Authorization` is not `expected`.
    pub fn challenge(&self, expected: &str) {
        self.shared.inner.lock().unwrap().challenge = Some(expected.to_string());
    }

    /// Holds every answer (requests are still recorded) until [`release`].
    ///
    /// [`release`]: Receiver::release
    pub fn hold(&self) {
        self.shared.open.send_replace(false);
    }

    /// Lets held and future answers go.
    pub fn release(&self) {
        self.shared.open.send_replace(true);
    }

    /// Everything received so far.
    pub fn received(&self) -> Vec<Received> {
        self.shared.inner.lock().unwrap().got.clone()
    }

    /// Waits until at least `n` requests arrived (at most ~10 s).
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        for _ in 0..400 {
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!(
            "the receiver got {} callbacks, expected {n}: {:?}",
            self.received().len(),
            self.received()
        );
    }
}
