//! Delivering callbacks.
//!
//! Status changes queue deliveries in the database (the outbox, written in
//! the change's own transaction). This deliverer leases due deliveries,
//! POSTs each as `<Notification>` XML and records the attempt: delivered on
//! a 2xx, otherwise retried with exponential backoff and jitter up to
//! `max_attempts`, then parked as dead (replayable); a destination the
//! address policy refuses is dead at once, since retrying cannot help. In
//! `faithful` mode it makes the real service's single attempt (with its
//! Basic-auth challenge). A lease (on real time, with a token) means a
//! delivery being sent is invisible to other deliverers; if this one dies
//! mid-send, the lease runs out and another sends it again (receivers
//! de-duplicate on the `webhook-id` header), and the outcome of a lease
//! that ran out is dropped rather than written over the newer one.
//!
//! A subscription gets one order's callbacks in event order: the outbox
//! leases a delivery only when no earlier one of the same subscription and
//! order is still pending (see `DeliveryRepo::lease_due_deliveries`), so a
//! failing callback holds back that order's later ones until it is
//! delivered or dead, and no other order's. A callback is owed if the
//! subscription was valid when the event happened, whatever the clock
//! says when it is sent or replayed.
//!
//! Each delivery holds one of `concurrency` permits while it is sent, and
//! the deliverer leases more as soon as a permit is free: a receiver that
//! hangs holds only its own permits, never the other subscriptions'
//! callbacks.
//!
//! Every callback carries, besides the subscription's Basic credentials, a
//! Standard Webhooks signature: `webhook-id`, `webhook-timestamp` (Unix
//! seconds, real time) and `webhook-signature: v1,<base64 HMAC-SHA256 of
//! "{id}.{timestamp}.{body}" keyed with the subscription's secret>`.
//!
//! The HTTP client follows no redirects, has connect and overall timeouts,
//! and refuses loopback, link-local, private and other non-public addresses
//! unless the operator allows them (the sandbox allows loopback), both for
//! IP literals and for every address a host name resolves to.

use std::sync::Arc;
use std::time::Duration;

use tnhub_core::Tnhub;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;

mod deliver;
mod policy;
mod send;

pub use policy::{AddressPolicy, AddressRefused};
pub use send::signature;

/// Whether failed callbacks are retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryMode {
    /// Retries with backoff up to `max_attempts`, then dead (replayable).
    Reliable,
    /// As the real service: one attempt, no retry (still logged and
    /// replayable); with credentials, an unauthenticated POST first and the
    /// Basic one only when challenged with a 401 and `WWW-Authenticate`.
    Faithful,
}

/// How callbacks are delivered.
#[derive(Debug, Clone)]
pub struct CallbackConfig {
    /// Reliable (retries) or faithful (one attempt, as the real service).
    pub mode: DeliveryMode,
    /// Attempts before a delivery is parked as dead (reliable mode; faithful
    /// mode makes one).
    pub max_attempts: u32,
    /// Delay after the first failure; doubles after each one.
    pub base_backoff: Duration,
    /// The longest delay between attempts.
    pub max_backoff: Duration,
    /// Which destination addresses are allowed.
    pub allow: AddressPolicy,
    /// Time allowed to connect.
    pub connect_timeout: Duration,
    /// Time allowed for the whole request.
    pub timeout: Duration,
    /// How often to look for due deliveries when not woken.
    pub poll: Duration,
    /// Callbacks sent at the same time.
    pub concurrency: usize,
}

impl Default for CallbackConfig {
    fn default() -> Self {
        CallbackConfig {
            mode: DeliveryMode::Reliable,
            max_attempts: 8,
            base_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(3_600),
            allow: AddressPolicy::Loopback,
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(15),
            poll: Duration::from_millis(250),
            concurrency: 16,
        }
    }
}

/// The deliverer: an HTTP client and its settings.
pub struct Deliverer {
    hub: Tnhub,
    http: reqwest::Client,
    config: CallbackConfig,
    /// Where each callback sent is journaled (beside the requests).
    journal: Option<Arc<crate::journal::Journal>>,
}

impl Deliverer {
    /// Builds the client: no redirects, the timeouts, and the address
    /// policy applied to every name it resolves.
    pub fn new(hub: Tnhub, config: CallbackConfig) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .user_agent(concat!("tnhub-callbacks/", env!("CARGO_PKG_VERSION")))
            .dns_resolver(Arc::new(policy::GuardedResolver(config.allow)))
            .build()?;
        Ok(Deliverer {
            hub,
            http,
            config,
            journal: None,
        })
    }

    /// Journals every callback sent in `journal`, in the requests' timeline.
    pub fn with_journal(mut self, journal: Arc<crate::journal::Journal>) -> Self {
        self.journal = journal.enabled().then_some(journal);
        self
    }

    /// Attempts before a delivery is dead.
    fn attempt_limit(&self) -> u32 {
        match self.config.mode {
            DeliveryMode::Reliable => self.config.max_attempts.max(1),
            DeliveryMode::Faithful => 1,
        }
    }

    /// How long a leased delivery stays invisible to other deliverers
    /// (real time): long enough for two requests (faithful mode's
    /// challenge) and the recording.
    fn lease_ms(&self) -> i64 {
        (self.config.timeout.as_millis() as i64) * 2 + 5_000
    }

    /// Runs until `stop` turns true: leases as many due deliveries as there
    /// are free permits and sends each in its own task, then sleeps until
    /// the next is due (at most `poll`), a permit is freed, or it is woken.
    /// On stop it lets the callbacks in flight finish (each is bounded by
    /// the timeouts) before returning.
    pub async fn run(self: Arc<Self>, mut stop: watch::Receiver<bool>) {
        let signal = self.hub.deliverer_signal();
        let permits = Arc::new(Semaphore::new(self.config.concurrency.max(1)));
        let mut in_flight = JoinSet::new();
        loop {
            while let Some(done) = in_flight.try_join_next() {
                log_panic(done);
            }
            let free = permits.available_permits();
            let mut wait = self.config.poll;
            if free > 0 {
                match self
                    .hub
                    .lease_due_deliveries(self.lease_ms(), free as u32)
                    .await
                {
                    Ok(batch) => {
                        let full = batch.len() == free;
                        for leased in batch {
                            let permit = permits.clone().try_acquire_owned().expect(
                                "only this loop takes permits, and it leased no more than were free",
                            );
                            let me = self.clone();
                            in_flight.spawn(async move {
                                let _permit = permit;
                                me.deliver(leased).await;
                            });
                        }
                        if full {
                            // More may be due: lease again while permits last.
                            continue;
                        }
                        if let Ok(Some(at)) = self.hub.next_delivery_due().await {
                            let ms = at.millis() - self.hub.clock().now().millis();
                            wait = Duration::from_millis(
                                ms.clamp(0, self.config.poll.as_millis() as i64) as u64,
                            );
                        }
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "could not read the callback outbox; will retry")
                    }
                }
            }
            tokio::select! {
                () = signal.notified() => {}
                () = tokio::time::sleep(wait) => {}
                Some(done) = in_flight.join_next(), if !in_flight.is_empty() => log_panic(done),
                changed = stop.changed() => {
                    if changed.is_err() || *stop.borrow() {
                        break;
                    }
                }
            }
        }
        let grace = self.config.timeout * 2 + Duration::from_secs(1);
        let drain = async {
            while let Some(done) = in_flight.join_next().await {
                log_panic(done);
            }
        };
        if tokio::time::timeout(grace, drain).await.is_err() {
            // Their leases run out and another deliverer sends them again.
            in_flight.abort_all();
        }
    }
}

fn log_panic(done: Result<(), tokio::task::JoinError>) {
    if let Err(e) = done
        && e.is_panic()
    {
        tracing::error!(error = %e, "a callback delivery panicked; its lease will run out and it is sent again");
    }
}
