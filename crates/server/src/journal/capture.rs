//! Copies the first bytes of a request body while the handler reads it.
//!
//! The body is not buffered a second time: each piece passes through to the
//! handler as it arrives, and only the first `limit` bytes are copied aside
//! (so the size limit, the body timeout and their errors behave exactly as
//! without the journal). What a handler never reads is not kept.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Body;
use http_body_util::BodyExt;

/// The copied head of a body and how long the whole was.
#[derive(Clone, Default)]
pub struct Captured {
    head: Arc<Mutex<Vec<u8>>>,
    seen: Arc<AtomicUsize>,
}

impl Captured {
    /// The bytes kept and whether more were read than kept.
    pub fn take(&self) -> (Vec<u8>, bool) {
        let head = std::mem::take(&mut *self.head.lock().unwrap_or_else(|p| p.into_inner()));
        let truncated = self.seen.load(Ordering::Relaxed) > head.len();
        (head, truncated)
    }
}

/// Wraps `body` so that its first `limit` bytes are copied into the
/// returned [`Captured`] as they are read.
pub fn tee(body: Body, limit: usize) -> (Body, Captured) {
    let captured = Captured::default();
    let sink = captured.clone();
    let body = body.map_frame(move |frame| {
        if let Some(data) = frame.data_ref() {
            let before = sink.seen.fetch_add(data.len(), Ordering::Relaxed);
            if before < limit {
                let room = limit - before;
                sink.head
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .extend_from_slice(&data[..data.len().min(room)]);
            }
        }
        frame
    });
    (Body::new(body), captured)
}
