//! Failed logins, counted per user name and per source address.
//!
//! Each key gets a fixed window (`--login-window`) that opens at its first
//! failure; once a key has failed its limit within the window, logins for
//! that name or from that address are refused with 429 and `Retry-After`
//! (the rest of the window) before any password is checked, so guessing
//! costs the server nothing. Logins already remembered by the auth cache are
//! not throttled: a real user keeps working while someone guesses its
//! password. Both tables are bounded caches, so a flood of invented names
//! cannot grow memory without bound.

use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// How failed logins are limited; a limit of 0 turns that count off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginLimits {
    /// Failures allowed per user name within a window.
    pub per_user: u32,
    /// Failures allowed per source address within a window.
    pub per_address: u32,
    /// How long a window lasts from its first failure.
    pub window: Duration,
}

impl Default for LoginLimits {
    fn default() -> Self {
        LoginLimits {
            per_user: 10,
            per_address: 100,
            window: Duration::from_secs(60),
        }
    }
}

struct Window {
    opened: Instant,
    failures: AtomicU32,
}

/// The failure counters.
pub struct Throttle {
    limits: LoginLimits,
    users: moka::future::Cache<String, Arc<Window>>,
    addresses: moka::future::Cache<IpAddr, Arc<Window>>,
}

/// Keys remembered per table; beyond that the least useful are forgotten.
const CAPACITY: u64 = 100_000;

impl Throttle {
    /// Counters for these limits.
    pub fn new(limits: LoginLimits) -> Self {
        Throttle {
            limits,
            users: table(limits.window),
            addresses: table(limits.window),
        }
    }

    /// `Err(retry_after)` when this name or address has used up its failures.
    pub async fn check(&self, user: &str, address: Option<IpAddr>) -> Result<(), Duration> {
        let mut wait = None;
        if self.limits.per_user > 0
            && let Some(w) = self.users.get(user).await
        {
            wait = wait.max(self.exhausted(&w, self.limits.per_user));
        }
        if let (Some(a), true) = (address, self.limits.per_address > 0)
            && let Some(w) = self.addresses.get(&a).await
        {
            wait = wait.max(self.exhausted(&w, self.limits.per_address));
        }
        wait.map_or(Ok(()), Err)
    }

    /// Counts one failed login.
    pub async fn failed(&self, user: &str, address: Option<IpAddr>) {
        let open = || async {
            Arc::new(Window {
                opened: Instant::now(),
                failures: AtomicU32::new(0),
            })
        };
        if self.limits.per_user > 0 {
            let w = self.users.get_with(user.to_string(), open()).await;
            w.failures.fetch_add(1, Ordering::Relaxed);
        }
        if let (Some(a), true) = (address, self.limits.per_address > 0) {
            let w = self.addresses.get_with(a, open()).await;
            w.failures.fetch_add(1, Ordering::Relaxed);
        }
    }

    fn exhausted(&self, w: &Window, limit: u32) -> Option<Duration> {
        let left = self.limits.window.checked_sub(w.opened.elapsed())?;
        (w.failures.load(Ordering::Relaxed) >= limit).then_some(left)
    }
}

fn table<K>(window: Duration) -> moka::future::Cache<K, Arc<Window>>
where
    K: std::hash::Hash + Eq + Send + Sync + 'static,
{
    moka::future::Cache::builder()
        .max_capacity(CAPACITY)
        .time_to_live(window)
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn refuses_a_name_or_an_address_after_its_limit() {
        let t = Throttle::new(LoginLimits {
            per_user: 2,
            per_address: 3,
            window: Duration::from_secs(60),
        });
        let here: IpAddr = "127.0.0.2".parse().unwrap();
        let there: IpAddr = "127.0.0.3".parse().unwrap();
        assert!(t.check("alice", Some(here)).await.is_ok());
        t.failed("alice", Some(here)).await;
        assert!(t.check("alice", Some(here)).await.is_ok());
        t.failed("alice", Some(here)).await;
        let wait = t.check("alice", Some(there)).await.unwrap_err();
        assert!(wait > Duration::from_secs(58) && wait <= Duration::from_secs(60));
        // Another name from the same address still has one failure left.
        assert!(t.check("bob", Some(here)).await.is_ok());
        t.failed("bob", Some(here)).await;
        assert!(t.check("carol", Some(here)).await.is_err());
        assert!(t.check("carol", Some(there)).await.is_ok());
    }

    #[tokio::test]
    async fn a_window_ends() {
        let t = Throttle::new(LoginLimits {
            per_user: 1,
            per_address: 0,
            window: Duration::from_millis(200),
        });
        t.failed("alice", None).await;
        assert!(t.check("alice", None).await.is_err());
        tokio::time::sleep(Duration::from_millis(250)).await;
        assert!(t.check("alice", None).await.is_ok());
    }
}
