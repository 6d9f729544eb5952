//! Safe retries: what an `Idempotency-Key` names and what is kept for it.
//!
//! A client that sends a POST/PUT/PATCH with an `Idempotency-Key` may send
//! it again (after a timeout, a dropped connection) and get the first
//! answer instead of a second order. Stripe's contract: the key is scoped
//! to an account (or, on routes without one, to the user); its first use
//! stores a [`Fingerprint`] of the request and, once answered, the
//! [`StoredResponse`]. The same key with the same request replays that
//! answer; with another request it is refused; while the first is still
//! running it is refused as in flight. 5xx answers are not kept.
//!
//! The rows live in the database (`idempotency_keys`, see
//! [`crate::store::IdempotencyRepo`]) so every server sharing it agrees;
//! the service steps are in `service::idempotency`.

use crate::error::CoreError;
use crate::ids::AccountId;
use crate::timestamp::Timestamp;
use crate::user::Username;

/// tnhub's error codes for keys (the real service has no idempotency keys).
pub mod codes {
    /// The `Idempotency-Key` header is empty, too long, repeated or holds
    /// characters other than printable ASCII (400).
    pub const INVALID_KEY: u32 = 1008;
    /// The key was used for another request (another method, path or
    /// body) (422).
    pub const KEY_REUSED: u32 = 1009;
    /// The first request with this key is still being answered (409).
    pub const KEY_IN_FLIGHT: u32 = 1010;
}

/// The longest key accepted, in bytes (Stripe's limit).
pub const MAX_KEY_LEN: usize = 255;

/// How long a claimed key may stay unanswered before another request with
/// the same key and request takes it over: its server stopped mid-request
/// (a handler that runs this long does not exist). Judged on the service's
/// clock.
pub const IN_FLIGHT_LEASE_MS: i64 = 5 * 60 * 1000;

/// How long keys are kept unless configured (Stripe keeps them 24 h).
pub const DEFAULT_TTL_MS: i64 = 24 * 3_600 * 1000;

/// A client's idempotency key: 1 to 255 printable ASCII characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// Checks a key as sent.
    pub fn parse(s: &str) -> Result<Self, CoreError> {
        let ok = !s.trim().is_empty()
            && s.len() <= MAX_KEY_LEN
            && s.bytes().all(|b| (0x20..=0x7e).contains(&b));
        if ok {
            Ok(IdempotencyKey(s.to_string()))
        } else {
            Err(CoreError::invalid(
                codes::INVALID_KEY,
                format!(
                    "The Idempotency-Key header must be 1 to {MAX_KEY_LEN} printable ASCII characters, such as a UUID"
                ),
            ))
        }
    }

    /// The key as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whose keys a key is among: the account the path names, or the user on
/// routes without one. Two accounts may use the same key for different
/// requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyScope {
    /// Requests on `/accounts/{id}/…`.
    Account(AccountId),
    /// Requests on routes naming no account (`POST /tns`, …).
    User(Username),
}

impl KeyScope {
    /// The scope as stored: `account:ID` or `user:NAME`.
    pub fn stored(&self) -> String {
        match self {
            KeyScope::Account(a) => format!("account:{a}"),
            KeyScope::User(u) => format!("user:{u}"),
        }
    }
}

/// What identifies a request for its key: a digest of its method,
/// canonical path and query, and body (computed by the HTTP layer), as
/// lower-case hex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint(String);

impl Fingerprint {
    /// From a 32-byte digest.
    pub fn from_digest(digest: [u8; 32]) -> Self {
        Fingerprint(digest.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// As stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The first answer to a key, replayed byte for byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    /// The HTTP status (never 5xx).
    pub status: u16,
    /// Its `Content-Type`, when it had one.
    pub content_type: Option<String>,
    /// Its `Location`, when it had one (creates).
    pub location: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

/// A key's row: who claimed it for which request, and the answer once
/// there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRecord {
    /// [`KeyScope::stored`].
    pub scope: String,
    /// The key.
    pub key: String,
    /// The request it was first used for.
    pub fingerprint: String,
    /// A random token of the claim, so only its holder stores the answer
    /// or releases it (a takeover gives the row a new one).
    pub token: String,
    /// When it was claimed (the TTL and the in-flight lease count from here).
    pub created_at: Timestamp,
    /// The answer; `None` while the first request is running.
    pub response: Option<StoredResponse>,
}
