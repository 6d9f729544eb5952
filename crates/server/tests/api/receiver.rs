//! A real HTTP receiver for callbacks on a loopback port: records every
//! request and answers with a scripted sequence of statuses.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;

/// A request the receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    /// The path called (kept for debugging output).
    #[allow(dead_code)]
    pub path: String,
    pub headers: HeaderMap,
    pub body: String,
}

#[derive(Default)]
struct Inner {
    got: Vec<Received>,
    script: VecDeque<u16>,
    otherwise: u16,
}

/// The receiver.
#[derive(Clone)]
pub struct Receiver {
    pub url: String,
    inner: Arc<Mutex<Inner>>,
}

async fn record(
    State(inner): State<Arc<Mutex<Inner>>>,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let mut i = inner.lock().unwrap();
    i.got.push(Received {
        path: uri.path().to_string(),
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    });
    let code = i.script.pop_front().unwrap_or(i.otherwise);
    StatusCode::from_u16(code).unwrap()
}

impl Receiver {
    /// Starts a receiver answering `script` in order, then `otherwise`.
    pub async fn start(script: &[u16], otherwise: u16) -> Receiver {
        let inner = Arc::new(Mutex::new(Inner {
            got: Vec::new(),
            script: script.iter().copied().collect(),
            otherwise,
        }));
        let app = Router::new()
            .route("/{*path}", post(record))
            .with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/callbacks", listener.local_addr().unwrap());
        tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Receiver { url, inner }
    }

    /// Changes what it answers from now on.
    pub fn answer(&self, code: u16) {
        let mut i = self.inner.lock().unwrap();
        i.script.clear();
        i.otherwise = code;
    }

    /// Everything received so far.
    pub fn received(&self) -> Vec<Received> {
        self.inner.lock().unwrap().got.clone()
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
