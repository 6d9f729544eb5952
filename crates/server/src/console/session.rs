//! Console sessions, their cookie and CSRF tokens.
//!
//! A signed-in browser holds one cookie, `tnhub_console` (HttpOnly,
//! SameSite=Strict, `Path=/console`, and `Secure` when the request came
//! over the TLS listener), naming a session kept in memory by this server
//! (a bounded cache; idle sessions end after [`IDLE`]). Sessions are not
//! shared between servers and do not survive a restart: behind a load
//! balancer, pin the console to one server, or sign in again. A customer
//! session keeps the accounts granted at sign-in; a new grant shows after
//! signing in again.
//!
//! Every form carries the session's CSRF token in a hidden `csrf` field and
//! every POST is refused (403) without it ([`Sessions::check_csrf`]). The
//! sign-in form, before any session exists, uses a double-submit token: a
//! second cookie, `tnhub_console_csrf`, whose value the form repeats.

use std::sync::Arc;
use std::time::Duration;

use axum::http::HeaderMap;
use axum::http::header::COOKIE;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};
use tnhub_core::ids::AccountId;
use tnhub_core::user::Principal;

/// The session cookie's name.
pub const COOKIE_NAME: &str = "tnhub_console";
/// The sign-in form's double-submit cookie.
pub const SIGN_IN_COOKIE: &str = "tnhub_console_csrf";
/// How long an unused session lives.
pub const IDLE: Duration = Duration::from_secs(8 * 3600);
/// Sessions kept at most (the least used are forgotten beyond that).
const CAPACITY: u64 = 10_000;

/// Who signed in.
#[derive(Debug, Clone)]
pub enum Who {
    /// With the operator token: sees every account, can act.
    Operator,
    /// A customer user: sees only the accounts granted to it.
    Customer(Arc<Principal>),
}

/// One signed-in browser.
#[derive(Debug)]
pub struct Session {
    pub who: Who,
    /// The token every form of this session carries.
    pub csrf: String,
}

impl Session {
    /// Whether the operator signed in.
    pub fn is_operator(&self) -> bool {
        matches!(self.who, Who::Operator)
    }

    /// Whether this session may see an account's pages.
    pub fn may_see(&self, account: &AccountId) -> bool {
        match &self.who {
            Who::Operator => true,
            Who::Customer(p) => p.may_access(account),
        }
    }

    /// The accounts this session sees; `None`: every account (operator).
    pub fn accounts(&self) -> Option<&[AccountId]> {
        match &self.who {
            Who::Operator => None,
            Who::Customer(p) => Some(&p.accounts),
        }
    }

    /// The name shown in the header and written in histories.
    pub fn name(&self) -> String {
        match &self.who {
            Who::Operator => "operator".to_string(),
            Who::Customer(p) => p.user.to_string(),
        }
    }
}

/// The sessions of this server.
pub struct Sessions {
    cache: moka::future::Cache<[u8; 32], Arc<Session>>,
}

impl Default for Sessions {
    fn default() -> Self {
        Sessions {
            cache: moka::future::Cache::builder()
                .max_capacity(CAPACITY)
                .time_to_idle(IDLE)
                .build(),
        }
    }
}

/// 32 random bytes, base64url: a session id or a CSRF token.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Sessions are looked up by a digest of their id, so the table never
/// holds a usable cookie value.
fn key(id: &str) -> [u8; 32] {
    Sha256::digest(id.as_bytes()).into()
}

/// Compares two secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    Sha256::digest(a.as_bytes()) == Sha256::digest(b.as_bytes())
}

/// A cookie's value from the request's `Cookie` headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value for the console's cookies.
pub fn set_cookie(name: &str, value: &str, secure: bool, max_age: Option<u64>) -> String {
    let mut c = format!("{name}={value}; Path=/console; HttpOnly; SameSite=Strict");
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        c.push_str("; Secure");
    }
    c
}

impl Sessions {
    /// Starts a session; returns its id (the cookie's value).
    pub async fn start(&self, who: Who) -> (String, Arc<Session>) {
        let id = random_token();
        let session = Arc::new(Session {
            who,
            csrf: random_token(),
        });
        self.cache.insert(key(&id), session.clone()).await;
        (id, session)
    }

    /// The session a request's cookie names, if it is still open.
    pub async fn find(&self, headers: &HeaderMap) -> Option<Arc<Session>> {
        let id = cookie(headers, COOKIE_NAME)?;
        self.cache.get(&key(id)).await
    }

    /// Ends the session a request's cookie names.
    pub async fn end(&self, headers: &HeaderMap) {
        if let Some(id) = cookie(headers, COOKIE_NAME) {
            self.cache.invalidate(&key(id)).await;
        }
    }

    /// Whether a submitted form's `csrf` field is the session's token.
    pub fn check_csrf(session: &Session, submitted: Option<&str>) -> bool {
        submitted.is_some_and(|t| same_secret(t, &session.csrf))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[tokio::test]
    async fn a_session_is_found_by_its_cookie_until_it_ends() {
        let sessions = Sessions::default();
        let (id, s) = sessions.start(Who::Operator).await;
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_str(&format!("other=1; {COOKIE_NAME}={id}")).unwrap(),
        );
        let found = sessions.find(&headers).await.expect("session");
        assert!(found.is_operator() && Arc::ptr_eq(&found, &s));
        assert!(Sessions::check_csrf(&found, Some(&s.csrf)));
        assert!(!Sessions::check_csrf(&found, Some("forged")));
        assert!(!Sessions::check_csrf(&found, None));
        sessions.end(&headers).await;
        assert!(sessions.find(&headers).await.is_none());
    }

    #[test]
    fn cookies_are_http_only_strict_and_secure_under_tls() {
        let c = set_cookie(COOKIE_NAME, "v", true, None);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Strict") && c.ends_with("Secure"));
        assert!(!set_cookie(COOKIE_NAME, "v", false, Some(0)).contains("Secure"));
    }
}
