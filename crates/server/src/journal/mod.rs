//! The request journal: what each app sent and what it got back.
//!
//! Layout:
//! - this module: [`Journal`], a bounded ring of [`Entry`] per account,
//!   kept **in this server's memory** (servers sharing a database each keep
//!   their own; a restart forgets it), and the task-local [`Marks`] through
//!   which code serving a request adds diagnostics ([`note`]) and marks
//!   injected faults ([`fault`]);
//! - [`record`]: the middleware that writes an entry for every request;
//! - [`capture`]: copies the first bytes of a request body as the handler
//!   reads it (no second buffer of the whole body);
//! - [`redact`]: removes credentials from everything the journal shows;
//! - [`diagnose`]: the diagnostics judged from the request itself;
//! - [`offered`]: the numbers each account's searches recently offered,
//!   for the note on an order of a number no search offered.
//!
//! Off with `--journal-size 0` (the middleware is then not installed at
//! all); `--journal-body-limit 0` keeps entries without bodies.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use serde::Serialize;

pub mod capture;
pub mod diagnose;
pub mod offered;
pub mod record;
pub mod redact;

pub use record::record;

/// How much the journal keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JournalConfig {
    /// Entries kept per account (0: the journal is off).
    pub per_account: usize,
    /// Bytes kept of each request and response body (0: none).
    pub body_limit: usize,
}

impl Default for JournalConfig {
    /// 100 entries per account, 8 KiB of each body: at most ~1.6 MB an
    /// account, and [`MAX_ACCOUNTS`] accounts.
    fn default() -> Self {
        JournalConfig {
            per_account: 100,
            body_limit: 8 * 1024,
        }
    }
}

/// The most accounts journaled at once; past it, the account written to
/// least recently is forgotten (bounds memory whatever clients send).
pub const MAX_ACCOUNTS: usize = 1_000;

/// What an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A request to this server.
    Request,
    /// A callback this server sent.
    Callback,
    /// The worker processing an order (a worker fault fired).
    Worker,
}

/// One request (or callback) and its answer.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// Increasing per server: the order of the timeline.
    pub seq: u64,
    /// Request or callback.
    pub kind: Kind,
    /// When it started, on the sandbox clock.
    pub at: String,
    /// [`Entry::at`] in epoch milliseconds.
    pub at_ms: i64,
    /// The account the path names (none for `/tns`, `/admin/…` …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The HTTP method.
    pub method: String,
    /// The path as sent (a callback: its URL).
    pub path: String,
    /// The query string as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// The route template it matched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
    /// The status answered (0: no answer — the connection was dropped or
    /// the callback got none).
    pub status: u16,
    /// Milliseconds until the answer's head.
    pub latency_ms: f64,
    /// The client's `User-Agent`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// The request id (`x-request-id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// How the request authenticated, without the credential
    /// (`Basic [redacted]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorization: Option<String>,
    /// The request body, cut at the body limit; redacted when shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_body: Option<KeptBody>,
    /// The response body, cut at the body limit; redacted when shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_body: Option<KeptBody>,
    /// Whether either body was longer than what is kept.
    pub truncated: bool,
    /// What tnhub accepted that the real service would treat differently.
    pub diagnostics: Vec<String>,
    /// Faults injected into this request (see `POST /admin/faults`).
    pub faults: Vec<String>,
}

/// The head of a body as the journal keeps it: the bytes as sent, redacted
/// ([`redact::body`]) every time it is shown or serialised.
///
/// Why not redact when the entry is written: the scan (and the copy it
/// makes) then runs on every request, while entries are read rarely; it
/// cost a third of a 10-result search's throughput (BENCHMARKS.md, "The
/// request journal's cost"). Kept this way, writing an entry copies at most
/// the body limit of a response (nothing when the whole body fits). The raw
/// bytes live only in this server's memory; no reader ever sees them.
#[derive(Clone)]
pub struct KeptBody(axum::body::Bytes);

impl KeptBody {
    /// Keeps `bytes` (already cut at the body limit).
    pub fn new(bytes: impl Into<axum::body::Bytes>) -> Self {
        KeptBody(bytes.into())
    }

    /// The body as shown: redacted, lossily decoded.
    pub fn text(&self) -> String {
        redact::body(&self.0)
    }
}

impl std::fmt::Debug for KeptBody {
    /// Redacted here too, so a log line never shows a credential.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text())
    }
}

impl Serialize for KeptBody {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text())
    }
}

/// The most bytes of bodies the whole journal keeps. Requests are journaled
/// before authentication, so anyone can make entries for up to
/// [`MAX_ACCOUNTS`] account ids; without this bound that is
/// 1,000 x 100 x 16 KiB, about 1.6 GB. Past it, the oldest entries of the
/// accounts written to least recently go first.
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// The journal of one server.
pub struct Journal {
    config: JournalConfig,
    seq: std::sync::atomic::AtomicU64,
    accounts: Mutex<Rings>,
}

/// Every account's ring and the body bytes they hold together.
#[derive(Default)]
struct Rings {
    by_account: HashMap<Option<String>, VecDeque<Arc<Entry>>>,
    body_bytes: usize,
}

/// The body bytes an entry holds.
fn body_bytes(e: &Entry) -> usize {
    [&e.request_body, &e.response_body]
        .into_iter()
        .flatten()
        .map(|b| b.0.len())
        .sum()
}

impl Rings {
    /// Drops the oldest entry of the account written to least recently;
    /// false when nothing is left to drop.
    fn drop_stalest(&mut self) -> bool {
        let stalest = self
            .by_account
            .iter()
            .min_by_key(|(_, q)| q.back().map_or(0, |e| e.seq))
            .map(|(k, _)| k.clone());
        let Some(key) = stalest else {
            self.body_bytes = 0;
            return false;
        };
        let ring = self.by_account.get_mut(&key).expect("found above");
        if let Some(old) = ring.pop_front() {
            self.body_bytes -= body_bytes(&old);
        }
        if ring.is_empty() {
            self.by_account.remove(&key);
        }
        true
    }
}

/// Which entries to return.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only this account's.
    pub account: Option<String>,
    /// Only paths containing this (case-insensitive).
    pub path: Option<String>,
    /// Only this status, or this class (`4` for 4xx).
    pub status: Option<StatusFilter>,
    /// Only entries at or after this time (epoch ms, sandbox clock).
    pub since_ms: Option<i64>,
    /// At most this many (the newest).
    pub limit: usize,
}

/// A status or a class of statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFilter {
    /// Exactly this status.
    Exact(u16),
    /// `4xx`: every status in the hundred.
    Class(u16),
}

impl StatusFilter {
    /// Parses `404`, `4xx` or `4`.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase();
        if let Some(c) = s
            .strip_suffix("xx")
            .or((s.len() == 1).then_some(s.as_str()))
        {
            return c
                .parse()
                .ok()
                .filter(|c| (1..=5).contains(c))
                .map(Self::Class);
        }
        s.parse().ok().map(Self::Exact)
    }

    fn matches(self, status: u16) -> bool {
        match self {
            Self::Exact(s) => s == status,
            Self::Class(c) => status / 100 == c,
        }
    }
}

impl Journal {
    /// An empty journal.
    pub fn new(config: JournalConfig) -> Self {
        Journal {
            config,
            seq: std::sync::atomic::AtomicU64::new(1),
            accounts: Mutex::new(Rings::default()),
        }
    }

    /// Whether anything is kept.
    pub fn enabled(&self) -> bool {
        self.config.per_account > 0
    }

    /// The settings.
    pub fn config(&self) -> JournalConfig {
        self.config
    }

    /// The next sequence number.
    pub fn next_seq(&self) -> u64 {
        self.seq.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    }

    /// Keeps an entry, dropping the account's oldest past the bound.
    pub fn push(&self, entry: Entry) {
        if !self.enabled() {
            return;
        }
        let mut rings = self.accounts.lock().unwrap_or_else(|p| p.into_inner());
        let key = entry.account.clone();
        if !rings.by_account.contains_key(&key) && rings.by_account.len() >= MAX_ACCOUNTS {
            // Forget the account written to least recently, whole.
            let stalest = rings
                .by_account
                .iter()
                .min_by_key(|(_, q)| q.back().map_or(0, |e| e.seq))
                .map(|(k, _)| k.clone());
            if let Some(q) = stalest.and_then(|k| rings.by_account.remove(&k)) {
                rings.body_bytes -= q.iter().map(|e| body_bytes(e)).sum::<usize>();
            }
        }
        let size = body_bytes(&entry);
        let per_account = self.config.per_account;
        let ring = rings.by_account.entry(key).or_default();
        let evicted = if ring.len() >= per_account {
            ring.pop_front().map_or(0, |old| body_bytes(&old))
        } else {
            0
        };
        ring.push_back(Arc::new(entry));
        rings.body_bytes = rings.body_bytes - evicted + size;
        while rings.body_bytes > MAX_BODY_BYTES && rings.drop_stalest() {}
    }

    /// The entries matching `filter`, oldest first (the newest `limit`).
    pub fn entries(&self, filter: &Filter) -> Vec<Arc<Entry>> {
        let rings = self.accounts.lock().unwrap_or_else(|p| p.into_inner());
        let accounts = &rings.by_account;
        let path = filter.path.as_ref().map(|p| p.to_ascii_lowercase());
        let keep = |e: &&Arc<Entry>| {
            path.as_ref()
                .is_none_or(|p| e.path.to_ascii_lowercase().contains(p))
                && filter.status.is_none_or(|s| s.matches(e.status))
                && filter.since_ms.is_none_or(|t| e.at_ms >= t)
        };
        let mut found: Vec<Arc<Entry>> = match &filter.account {
            Some(a) => accounts
                .get(&Some(a.clone()))
                .map(|q| q.iter().filter(keep).cloned().collect())
                .unwrap_or_default(),
            None => accounts
                .values()
                .flat_map(|q| q.iter().filter(keep).cloned())
                .collect(),
        };
        drop(rings);
        found.sort_by_key(|e| e.seq);
        let skip = found.len().saturating_sub(filter.limit.max(1));
        found.split_off(skip)
    }
}

/// What code serving one request adds to its entry.
#[derive(Debug, Default)]
pub struct Marks {
    /// Diagnostics, in plain words.
    pub diagnostics: Vec<String>,
    /// Injected faults.
    pub faults: Vec<String>,
}

tokio::task_local! {
    static MARKS: Arc<Mutex<Marks>>;
}

/// Runs `f` with a place for the request's marks.
pub(crate) async fn with_marks<F: std::future::Future>(
    marks: Arc<Mutex<Marks>>,
    f: F,
) -> F::Output {
    MARKS.scope(marks, f).await
}

fn mark(f: impl FnOnce(&mut Marks)) {
    let _ = MARKS.try_with(|m| f(&mut m.lock().unwrap_or_else(|p| p.into_inner())));
}

/// Whether the request being served is journaled (so diagnostics are
/// worth working out).
pub fn active() -> bool {
    MARKS.try_with(|_| ()).is_ok()
}

/// Adds a diagnostic to the journal entry of the request being served
/// (nothing when the journal is off or outside a request).
pub fn note(text: impl Into<String>) {
    mark(|m| m.diagnostics.push(text.into()));
}

/// Marks an injected fault on the journal entry of the request being served.
pub fn fault(text: impl Into<String>) {
    mark(|m| m.faults.push(text.into()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(journal: &Journal, account: &str, body: usize) -> Entry {
        Entry {
            seq: journal.next_seq(),
            kind: Kind::Request,
            at: String::new(),
            at_ms: 0,
            account: Some(account.to_string()),
            method: "POST".into(),
            path: "/".into(),
            query: None,
            route: None,
            status: 200,
            latency_ms: 0.0,
            user_agent: None,
            request_id: None,
            authorization: None,
            request_body: Some(KeptBody::new(vec![b'x'; body])),
            response_body: None,
            truncated: false,
            diagnostics: Vec::new(),
            faults: Vec::new(),
        }
    }

    /// Entries for many account ids (anyone can make them: requests are
    /// journaled before authentication) stay within the byte budget, and
    /// the newest are the ones kept.
    #[test]
    fn many_accounts_stay_within_the_byte_budget() {
        let journal = Journal::new(JournalConfig {
            per_account: 100,
            body_limit: 1 << 20,
        });
        for i in 0..300 {
            journal.push(entry(&journal, &format!("a{i}"), 1 << 20));
        }
        let rings = journal.accounts.lock().unwrap();
        let held: usize = rings
            .by_account
            .values()
            .flatten()
            .map(|e| body_bytes(e))
            .sum();
        assert_eq!(held, rings.body_bytes);
        assert!(held <= MAX_BODY_BYTES, "{held} bytes held");
        assert!(rings.by_account.contains_key(&Some("a299".to_string())));
        assert!(!rings.by_account.contains_key(&Some("a0".to_string())));
    }
}
