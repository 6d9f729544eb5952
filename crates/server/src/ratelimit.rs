//! Rate limits like Bandwidth's (`--rate-limit GROUP=N/PERIOD`), off unless
//! configured.
//!
//! Bandwidth limits its Numbers API by named groups of endpoints and
//! answers a request over the limit with `429`, an empty body and
//! `X-RateLimit-Reset` (epoch **seconds**) — its published list of groups
//! (`ORDER`, `SEARCH`, `MOVE_TNS`, `DISCONNECT`, `PORT_IN`, …) is
//! [`GROUPS`], restricted to the endpoints tnhub serves. tnhub adds
//! `Retry-After` (seconds), which HTTP clients understand without knowing
//! Bandwidth.
//!
//! Counting: a fixed window of PERIOD per account (the path's account; a
//! route without one is counted per credential) and group, judged on the
//! sandbox clock, so a test moves the clock past the reset instead of
//! waiting. Counted **per server**, in memory: N servers behind a balancer
//! allow up to N times the limit (the database is not asked, so a limit
//! costs a map lookup, not a write per request).
//!
//! The check runs after authentication: a request without valid
//! credentials never uses up an account's allowance.

use std::collections::HashMap;
use std::sync::Mutex;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use sha2::{Digest, Sha256};

use crate::state::AppState;

/// Bandwidth's groups: (name, method, route template as routed).
pub const GROUPS: &[(&str, &str, &str)] = &[
    ("order", "POST", "/api/accounts/{accountId}/orders"),
    ("order", "PUT", "/api/accounts/{accountId}/orders/{orderId}"),
    (
        "search",
        "GET",
        "/api/accounts/{accountId}/availablenumbers",
    ),
    ("search", "GET", "/api/cities"),
    ("search", "GET", "/api/ratecenters"),
    (
        "move_tns",
        "POST",
        "/api/accounts/{accountId}/sites/{siteId}/sippeers/{sipPeerId}/movetns",
    ),
    (
        "disconnect",
        "POST",
        "/api/accounts/{accountId}/disconnects",
    ),
    ("port_in", "POST", "/api/accounts/{accountId}/portins"),
    (
        "port_in",
        "PUT",
        "/api/accounts/{accountId}/portins/{portinId}",
    ),
];

/// One limit: at most `limit` requests of `group` per `period_ms`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limit {
    /// The group (one of [`GROUPS`]' names).
    pub group: String,
    /// Requests allowed per window.
    pub limit: u32,
    /// The window, in milliseconds.
    pub period_ms: i64,
}

impl std::str::FromStr for Limit {
    type Err = String;

    /// `order=100/m`, `search=10/s`, `port_in=5/10s`, `disconnect=1000/h`.
    fn from_str(s: &str) -> Result<Self, String> {
        let usage = "write GROUP=N/PERIOD, e.g. order=100/m or search=5/10s (PERIOD: s, m, h, or a number before one)";
        let (group, rest) = s.split_once('=').ok_or_else(|| format!("'{s}': {usage}"))?;
        let group = group.trim().to_ascii_lowercase();
        if !GROUPS.iter().any(|(g, _, _)| *g == group) {
            let mut names: Vec<&str> = GROUPS.iter().map(|(g, _, _)| *g).collect();
            names.dedup();
            return Err(format!(
                "'{group}' is not a group; the groups are {}",
                names.join(", ")
            ));
        }
        let (n, period) = rest
            .split_once('/')
            .ok_or_else(|| format!("'{s}': {usage}"))?;
        let limit: u32 = n
            .trim()
            .parse()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| format!("'{n}' is not a positive number of requests; {usage}"))?;
        let period = period.trim();
        let unit_at = period.len().saturating_sub(1);
        let (count, unit) = period.split_at(unit_at);
        let unit_ms = match unit {
            "s" => 1_000,
            "m" => 60_000,
            "h" => 3_600_000,
            _ => return Err(format!("'{period}' is not a period; {usage}")),
        };
        let count: i64 = if count.is_empty() {
            1
        } else {
            count
                .parse()
                .ok()
                .filter(|c| (1..=1_000_000).contains(c))
                .ok_or_else(|| format!("'{period}' is not a period; {usage}"))?
        };
        Ok(Limit {
            group,
            limit,
            period_ms: count * unit_ms,
        })
    }
}

/// Windows kept before old ones are pruned.
const MAX_WINDOWS: usize = 100_000;

/// The counters of this server.
#[derive(Default)]
pub struct RateLimiter {
    limits: Vec<Limit>,
    windows: Mutex<HashMap<(usize, String), (i64, u32)>>,
}

/// Why a request was refused: when its window ends (epoch ms).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    /// The end of the window, epoch milliseconds (sandbox clock).
    pub reset_ms: i64,
}

impl RateLimiter {
    /// A limiter for these limits (none: nothing is limited).
    pub fn new(limits: Vec<Limit>) -> Self {
        RateLimiter {
            limits,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Whether any limit is configured.
    pub fn enabled(&self) -> bool {
        !self.limits.is_empty()
    }

    /// Counts a request of `group` by `key` at `now_ms`; refuses it when
    /// the window's allowance is used up.
    pub fn check(&self, group: &str, key: &str, now_ms: i64) -> Result<(), Refused> {
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        for (i, l) in self.limits.iter().enumerate() {
            if l.group != group {
                continue;
            }
            let start = now_ms - now_ms.rem_euclid(l.period_ms);
            if windows.len() >= MAX_WINDOWS {
                windows.retain(|(i, _), (s, _)| *s + self.limits[*i].period_ms > now_ms);
            }
            let w = windows.entry((i, key.to_string())).or_insert((start, 0));
            if w.0 != start {
                *w = (start, 0);
            }
            if w.1 >= l.limit {
                return Err(Refused {
                    reset_ms: start + l.period_ms,
                });
            }
            w.1 += 1;
        }
        Ok(())
    }
}

/// The group of a route, if it is limited.
pub fn group_of(method: &str, route: &str) -> Option<&'static str> {
    GROUPS
        .iter()
        .find(|(_, m, r)| *m == method && *r == route)
        .map(|(g, _, _)| *g)
}

/// Middleware (after authentication): 429 over the limit.
pub async fn limit(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let group = req
        .extensions()
        .get::<MatchedPath>()
        .and_then(|m| group_of(req.method().as_str(), m.as_str()));
    let Some(group) = group else {
        return next.run(req).await;
    };
    let key = crate::journal::record::account_of(req.uri().path()).unwrap_or_else(|| {
        let auth = req
            .headers()
            .get(header::AUTHORIZATION)
            .map(|v| v.as_bytes())
            .unwrap_or_default();
        format!("credential {:x}", Sha256::digest(auth))
    });
    let now = state.hub.clock().now().millis();
    match state.rate_limits.check(group, &key, now) {
        Ok(()) => next.run(req).await,
        Err(r) => {
            let reset_s = (r.reset_ms + 999).div_euclid(1000);
            let wait_s = (r.reset_ms - now + 999).div_euclid(1000).max(1) as u64;
            crate::journal::note(format!(
                "rate-limited: the {group} group's allowance for {key} is used up until {reset_s} (epoch seconds)"
            ));
            crate::faults::inject::too_many(reset_s, wait_s)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_parse_and_windows_reset() {
        let l: Limit = "order=2/m".parse().unwrap();
        assert_eq!((l.limit, l.period_ms), (2, 60_000));
        let l: Limit = "SEARCH=5/10s".parse().unwrap();
        assert_eq!((l.group.as_str(), l.period_ms), ("search", 10_000));
        assert!(
            "orders=1/s"
                .parse::<Limit>()
                .unwrap_err()
                .contains("groups are")
        );
        assert!("order=0/s".parse::<Limit>().is_err());
        assert!("order=1/week".parse::<Limit>().is_err());

        let rl = RateLimiter::new(vec!["order=2/m".parse().unwrap()]);
        assert!(rl.check("order", "a", 60_000).is_ok());
        assert!(rl.check("order", "a", 60_001).is_ok());
        assert_eq!(
            rl.check("order", "a", 60_002),
            Err(Refused { reset_ms: 120_000 })
        );
        assert!(rl.check("order", "b", 60_002).is_ok());
        assert!(rl.check("search", "a", 60_002).is_ok());
        assert!(rl.check("order", "a", 120_000).is_ok());
    }
}
