//! Fault injection: rules an operator sets (`POST /admin/faults`) so an
//! app can rehearse what goes wrong against the real service.
//!
//! Layout:
//! - this module: [`Faults`], the rules of this server (in memory, per
//!   server, like the journal) and how a request or an order is matched;
//! - [`inject`]: the middleware acting on a matched request (a Bandwidth
//!   error, latency, a 429, a dropped connection);
//! - the worker side is [`tnhub_core::service::OrderFaults`], implemented
//!   here: a `workerFault` rule fails the numbers of a new-number order, a
//!   disconnect or a feature order with its code (all of them, or only
//!   those it names, so the order ends PARTIAL), or sends a port-in to
//!   EXCEPTION with it.
//!
//! A rule fires for the next `times` matches, or with `probability` (drawn
//! from a generator seeded with `seed`, so a run can be repeated), or both;
//! used-up rules stay listed until deleted. Every fault fired is marked in
//! the journal entry of its request (`faults`), and a worker fault gets an
//! entry of its own (kind `worker`).

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use tnhub_core::Clock;
use tnhub_core::ids::AccountId;
use tnhub_core::order::number_order::OrderError;
use tnhub_core::service::InjectedFault;

use crate::journal::{Entry, Journal, Kind};

pub mod inject;

pub use inject::inject;

/// What a rule does when it fires.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase", deny_unknown_fields)]
pub enum Action {
    /// Answer a Bandwidth-style XML error instead of serving the request.
    #[serde(rename_all = "camelCase")]
    Error {
        /// The HTTP status (400–599).
        status: u16,
        /// The `<ErrorCode>`.
        code: u32,
        /// The `<Description>`.
        description: String,
    },
    /// Serve the request this many milliseconds late.
    #[serde(rename_all = "camelCase")]
    Latency {
        /// The delay (at most 60,000).
        ms: u64,
    },
    /// Answer 429 with an empty body, `X-RateLimit-Reset` and `Retry-After`.
    #[serde(rename_all = "camelCase")]
    RateLimit {
        /// Seconds until the reset (default 60).
        #[serde(default = "default_reset")]
        reset_seconds: u64,
    },
    /// Close the connection without an answer.
    Drop,
    /// Fail an order's numbers with this code when the worker processes
    /// it: every number (the order ends FAILED) or only `tns` (the others
    /// are processed, so it ends PARTIAL), with the order's notification.
    /// New-number orders (`tns` applies to existing-number orders only),
    /// disconnects and feature orders fail numbers; a port-in goes to
    /// EXCEPTION with the code.
    #[serde(rename_all = "camelCase")]
    WorkerFault {
        /// The code of each failed number and of the order's error.
        code: u32,
        /// Its description.
        description: String,
        /// Only these numbers (at most 5,000); every number when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tns: Option<Vec<String>>,
    },
}

fn default_reset() -> u64 {
    60
}

/// A rule as the operator writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RuleSpec {
    /// Only this method (any case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Only this route template, as in the OpenAPI document
    /// (`/accounts/{accountId}/orders`; any case, `/api` optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
    /// Only requests (or orders) of this account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// Worker faults only: the order type (`new_number`, `disconnect`,
    /// `tn_option`, `lidb`, `dlda`, `port_in`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_type: Option<String>,
    /// Fire for the next this many matches (default: every match).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
    /// Fire with this probability (0–1) on each match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability: Option<f64>,
    /// Seed of the draws (default: random).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// What to do.
    pub action: Action,
}

impl RuleSpec {
    /// Says what is wrong with a rule, if anything.
    pub fn check(&self) -> Result<(), String> {
        match &self.action {
            Action::Error { status, .. } if !(400..=599).contains(status) => {
                return Err(format!("an error's status must be 400-599, not {status}"));
            }
            Action::Latency { ms } if *ms > 60_000 => {
                return Err(format!("latency is at most 60000 ms, not {ms}"));
            }
            Action::RateLimit { reset_seconds } if *reset_seconds > 86_400 => {
                return Err("resetSeconds is at most 86400".into());
            }
            Action::WorkerFault { tns: Some(tns), .. } if tns.is_empty() || tns.len() > 5_000 => {
                return Err("a workerFault's tns names 1 to 5000 numbers".into());
            }
            Action::WorkerFault { .. } if self.method.is_some() || self.route.is_some() => {
                return Err(
                    "a workerFault rule matches orders (account, orderType), not method or route"
                        .into(),
                );
            }
            _ => {}
        }
        if self.order_type.is_some() && !matches!(self.action, Action::WorkerFault { .. }) {
            return Err("orderType applies to workerFault rules only".into());
        }
        if let Some(p) = self.probability
            && !(0.0..=1.0).contains(&p)
        {
            return Err(format!("probability must be between 0 and 1, not {p}"));
        }
        Ok(())
    }

    fn is_worker(&self) -> bool {
        matches!(self.action, Action::WorkerFault { .. })
    }
}

/// A rule as listed.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleView {
    /// Its id (for `DELETE /admin/faults/{id}`).
    pub id: u64,
    /// The rule as written.
    #[serde(flatten)]
    pub spec: RuleSpec,
    /// Matches left, when counted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remaining: Option<u32>,
    /// How often it fired.
    pub fired: u64,
}

struct Rule {
    view: RuleView,
    rng: StdRng,
}

impl Rule {
    /// Whether the rule fires on a match (using up a count or a draw).
    fn fire(&mut self) -> bool {
        if self.view.remaining == Some(0) {
            return false;
        }
        if let Some(p) = self.view.spec.probability
            && self.rng.random::<f64>() >= p
        {
            return false;
        }
        if let Some(n) = self.view.remaining.as_mut() {
            *n -= 1;
        }
        self.view.fired += 1;
        true
    }
}

/// What a request is matched on.
pub struct RequestFacts<'a> {
    /// The method.
    pub method: &'a str,
    /// The route template as routed (`/api/accounts/{accountId}/orders`).
    pub route: Option<&'a str>,
    /// The account the path names.
    pub account: Option<&'a str>,
}

/// The fault rules of this server.
pub struct Faults {
    rules: Mutex<Vec<Rule>>,
    active: AtomicUsize,
    next_id: AtomicU64,
    journal: Arc<Journal>,
    clock: Arc<dyn Clock>,
}

/// A route template without the `/api` prefix, lower-cased.
fn template_key(route: &str) -> String {
    let r = route.trim();
    let r = r
        .strip_prefix("/api/v1")
        .or_else(|| r.strip_prefix("/api"))
        .or_else(|| r.strip_prefix("/v1.0"))
        .unwrap_or(r);
    r.trim_end_matches('/').to_ascii_lowercase()
}

impl Faults {
    /// No rules; worker faults are journaled in `journal`.
    pub fn new(journal: Arc<Journal>, clock: Arc<dyn Clock>) -> Self {
        Faults {
            rules: Mutex::new(Vec::new()),
            active: AtomicUsize::new(0),
            next_id: AtomicU64::new(1),
            journal,
            clock,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Rule>> {
        self.rules.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Adds a rule (checked first).
    pub fn add(&self, spec: RuleSpec) -> Result<RuleView, String> {
        spec.check()?;
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let rng = match spec.seed {
            Some(s) => StdRng::seed_from_u64(s),
            None => StdRng::from_os_rng(),
        };
        let view = RuleView {
            id,
            remaining: spec.times,
            spec,
            fired: 0,
        };
        let mut rules = self.lock();
        rules.push(Rule {
            view: view.clone(),
            rng,
        });
        self.active.store(rules.len(), Ordering::Relaxed);
        Ok(view)
    }

    /// Every rule, oldest first.
    pub fn list(&self) -> Vec<RuleView> {
        self.lock().iter().map(|r| r.view.clone()).collect()
    }

    /// Deletes one rule (`Some(id)`) or all; returns how many went.
    pub fn delete(&self, id: Option<u64>) -> usize {
        let mut rules = self.lock();
        let before = rules.len();
        rules.retain(|r| id.is_some_and(|id| r.view.id != id));
        self.active.store(rules.len(), Ordering::Relaxed);
        before - rules.len()
    }

    /// The action of the first request rule matching and firing, with a
    /// description for the journal.
    pub fn for_request(&self, facts: &RequestFacts<'_>) -> Option<(Action, String)> {
        if self.active.load(Ordering::Relaxed) == 0 {
            return None;
        }
        let route = facts.route.map(template_key);
        let mut rules = self.lock();
        rules.iter_mut().find_map(|r| {
            let s = &r.view.spec;
            let matches = !s.is_worker()
                && s.method
                    .as_deref()
                    .is_none_or(|m| m.eq_ignore_ascii_case(facts.method))
                && s.route
                    .as_deref()
                    .is_none_or(|t| route.as_deref() == Some(template_key(t).as_str()))
                && s.account
                    .as_deref()
                    .is_none_or(|a| facts.account == Some(a));
            (matches && r.fire()).then(|| {
                (
                    r.view.spec.action.clone(),
                    describe(r.view.id, &r.view.spec.action),
                )
            })
        })
    }
}

/// The journal's words for a fault.
fn describe(id: u64, action: &Action) -> String {
    let what = match action {
        Action::Error {
            status,
            code,
            description,
        } => format!("answered {status} with error {code} ({description})"),
        Action::Latency { ms } => format!("delayed by {ms} ms"),
        Action::RateLimit { reset_seconds } => {
            format!("answered 429, reset in {reset_seconds} s")
        }
        Action::Drop => "dropped the connection without an answer".into(),
        Action::WorkerFault {
            code,
            description,
            tns,
        } => match tns {
            None => format!("failed the order's numbers with {code} ({description})"),
            Some(tns) => format!(
                "failed {} named numbers of the order with {code} ({description})",
                tns.len()
            ),
        },
    };
    format!("fault rule {id}: {what}")
}

impl tnhub_core::service::OrderFaults for Faults {
    fn order_fault(
        &self,
        account: &AccountId,
        order_type: &str,
        order_id: &str,
    ) -> Option<InjectedFault> {
        if self.active.load(Ordering::Relaxed) == 0 {
            return None;
        }
        let account = account.to_string();
        let fired = {
            let mut rules = self.lock();
            rules.iter_mut().find_map(|r| {
                let s = &r.view.spec;
                let matches = s.is_worker()
                    && s.account.as_deref().is_none_or(|a| a == account)
                    && s.order_type
                        .as_deref()
                        .is_none_or(|t| t.eq_ignore_ascii_case(order_type));
                (matches && r.fire()).then(|| (r.view.id, r.view.spec.action.clone()))
            })
        };
        let (id, action) = fired?;
        let Action::WorkerFault {
            code,
            description,
            tns,
        } = &action
        else {
            return None;
        };
        let at = self.clock.now();
        self.journal.push(Entry {
            seq: self.journal.next_seq(),
            kind: Kind::Worker,
            at: at.iso(),
            at_ms: at.millis(),
            account: Some(account),
            method: "PROCESS".into(),
            path: format!("order {order_id}"),
            query: None,
            route: None,
            status: 0,
            latency_ms: 0.0,
            user_agent: None,
            request_id: None,
            authorization: None,
            request_body: None,
            response_body: None,
            truncated: false,
            diagnostics: Vec::new(),
            faults: vec![describe(id, &action)],
        });
        Some(InjectedFault {
            error: OrderError {
                code: *code,
                description: description.clone(),
            },
            tns: tns.clone(),
        })
    }
}
