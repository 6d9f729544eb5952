//! Delivering callbacks.
//!
//! Status changes queue deliveries in the database (the outbox, written in
//! the change's own transaction). This deliverer leases due deliveries,
//! POSTs each as `<Notification>` XML and records the attempt: delivered on
//! a 2xx, otherwise retried with exponential backoff and jitter up to
//! `max_attempts`, then parked as dead (replayable). In `faithful` mode it
//! makes the real service's single attempt. A lease means a delivery being
//! sent is invisible to other deliverers; if this one dies mid-send, the
//! lease runs out and another sends it again (receivers de-duplicate on the
//! `webhook-id` header).
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

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;
use hmac::{Hmac, Mac};
use rand::Rng;
use sha2::Sha256;
use tnhub_core::Tnhub;
use tnhub_core::subscription::{Attempt, Delivery, DeliveryState, Subscription};
use tokio::sync::{Semaphore, watch};

/// How callbacks are delivered.
#[derive(Debug, Clone)]
pub struct CallbackConfig {
    /// Attempts before a delivery is parked as dead (1 in faithful mode).
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

/// Which callback destinations are allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressPolicy {
    /// Public addresses only.
    PublicOnly,
    /// Public and loopback (the sandbox default, for local receivers).
    Loopback,
    /// Anything, private networks included.
    Any,
}

impl AddressPolicy {
    /// Whether a destination address may be called.
    pub fn allows(self, ip: IpAddr) -> bool {
        if self == AddressPolicy::Any {
            return true;
        }
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
            v4 => v4,
        };
        if ip.is_loopback() {
            return self == AddressPolicy::Loopback;
        }
        match ip {
            IpAddr::V4(v4) => {
                !(v4.is_private()
                    || v4.is_link_local()
                    || v4.is_unspecified()
                    || v4.is_broadcast()
                    || v4.is_multicast()
                    || v4.is_documentation()
                    || v4.octets()[0] == 0
                    || (v4.octets()[0] == 100 && (64..128).contains(&v4.octets()[1])))
            }
            IpAddr::V6(v6) => {
                let seg = v6.segments()[0];
                !(v6.is_unspecified()
                    || v6.is_multicast()
                    || (seg & 0xfe00) == 0xfc00
                    || (seg & 0xffc0) == 0xfe80)
            }
        }
    }
}

/// Resolves host names and keeps only allowed addresses.
struct GuardedResolver(AddressPolicy);

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let policy = self.0;
        Box::pin(async move {
            let host = name.as_str().to_string();
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = addrs
                .iter()
                .copied()
                .filter(|a| policy.allows(a.ip()))
                .collect();
            if allowed.is_empty() {
                let e: Box<dyn std::error::Error + Send + Sync> =
                    format!("{host} resolves only to addresses callbacks may not reach ({addrs:?}); the operator can allow them").into();
                return Err(e);
            }
            let iter: reqwest::dns::Addrs = Box::new(allowed.into_iter());
            Ok(iter)
        })
    }
}

/// Signs a callback body the Standard Webhooks way.
pub fn signature(secret: &str, id: &str, timestamp: i64, body: &str) -> String {
    let key = secret.strip_prefix("whsec_").unwrap_or(secret);
    let key = base64::engine::general_purpose::STANDARD
        .decode(key)
        .unwrap_or_else(|_| key.as_bytes().to_vec());
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(&key).expect("HMAC takes keys of any length");
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    format!(
        "v1,{}",
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    )
}

/// The deliverer: an HTTP client and its settings.
pub struct Deliverer {
    hub: Tnhub,
    http: reqwest::Client,
    config: CallbackConfig,
}

impl Deliverer {
    /// Builds the client.
    pub fn new(hub: Tnhub, config: CallbackConfig) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .user_agent(concat!("tnhub-callbacks/", env!("CARGO_PKG_VERSION")))
            .dns_resolver(Arc::new(GuardedResolver(config.allow)))
            .build()?;
        Ok(Deliverer { hub, http, config })
    }

    /// Runs until `stop` turns true: sends what is due, sleeps until the
    /// next delivery is due (at most `poll`) or until woken.
    pub async fn run(self: Arc<Self>, mut stop: watch::Receiver<bool>) {
        let signal = self.hub.deliverer_signal();
        let permits = Arc::new(Semaphore::new(self.config.concurrency.max(1)));
        loop {
            let lease_ms = (self.config.timeout.as_millis() as i64) * 2 + 5_000;
            match self.hub.lease_due_deliveries(lease_ms, 64).await {
                Ok(batch) if !batch.is_empty() => {
                    let mut tasks = Vec::with_capacity(batch.len());
                    for (delivery, subscription) in batch {
                        let me = self.clone();
                        let permit = permits.clone().acquire_owned().await;
                        tasks.push(tokio::spawn(async move {
                            let _permit = permit;
                            me.deliver(delivery, subscription).await;
                        }));
                    }
                    for t in tasks {
                        let _ = t.await;
                    }
                    continue;
                }
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "could not read the callback outbox; will retry")
                }
            }
            let wait = match self.hub.next_delivery_due().await {
                Ok(Some(at)) => {
                    let ms = at.millis() - self.hub.clock().now().millis();
                    Duration::from_millis(ms.clamp(0, self.config.poll.as_millis() as i64) as u64)
                }
                _ => self.config.poll,
            };
            tokio::select! {
                () = signal.notified() => {}
                () = tokio::time::sleep(wait) => {}
                changed = stop.changed() => {
                    if changed.is_err() || *stop.borrow() {
                        return;
                    }
                }
            }
        }
    }

    /// Sends one delivery and records the outcome.
    async fn deliver(&self, mut d: Delivery, subscription: Option<Subscription>) {
        let now = self.hub.clock().now();
        let Some(callback) = subscription
            .as_ref()
            .and_then(|s| s.callback.clone())
            .filter(|_| subscription.as_ref().is_some_and(|s| s.active_at(now)))
        else {
            d.state = DeliveryState::Dead;
            d.last_error = Some("the subscription is gone, expired, or has no callback URL".into());
            let attempt = Attempt {
                delivery_id: d.id,
                at: now,
                status_code: None,
                latency_ms: 0,
                error: d.last_error.clone(),
            };
            if let Err(e) = self
                .hub
                .record_attempt(&d, attempt, "not sent: no active callback subscription")
                .await
            {
                tracing::warn!(error = %e, delivery = d.id, "could not record a delivery");
            }
            return;
        };
        let secret = subscription
            .as_ref()
            .map(|s| s.secret.clone())
            .unwrap_or_default();
        let body = match tnhub_wire::to_document(&crate::convert::subscriptions::notification(
            &d.notification,
        )) {
            Ok(b) => b,
            Err(e) => {
                tracing::error!(error = %e, "could not write a notification");
                return;
            }
        };
        let started = Instant::now();
        let outcome = self
            .send(&callback, &secret, &d.notification.event_id, body)
            .await;
        let latency_ms = started.elapsed().as_millis() as u64;
        let at = self.hub.clock().now();
        d.attempts += 1;
        let (status_code, error) = match &outcome {
            Ok(code) if (200..300).contains(code) => (Some(*code), None),
            Ok(code) => (
                Some(*code),
                Some(format!("the receiver answered HTTP {code}")),
            ),
            Err(e) => (None, Some(e.clone())),
        };
        d.last_status_code = status_code;
        d.last_error = error.clone();
        let status_text = if error.is_none() {
            d.state = DeliveryState::Delivered;
            d.delivered_at = Some(at);
            format!("{} delivered", status_code.unwrap_or(200))
        } else if d.attempts >= self.config.max_attempts {
            d.state = DeliveryState::Dead;
            format!(
                "failed, gave up after {} attempt(s): {}",
                d.attempts,
                error.clone().unwrap_or_default()
            )
        } else {
            d.next_attempt_at = at.plus_millis(self.backoff_ms(d.attempts));
            format!("failed, will retry: {}", error.clone().unwrap_or_default())
        };
        tracing::info!(
            delivery = d.id,
            subscription = %d.subscription_id,
            order = %d.notification.order_id,
            status = %d.notification.status,
            attempt = d.attempts,
            code = status_code,
            latency_ms,
            error = error.as_deref().unwrap_or(""),
            "callback"
        );
        let attempt = Attempt {
            delivery_id: d.id,
            at,
            status_code,
            latency_ms,
            error,
        };
        if let Err(e) = self.hub.record_attempt(&d, attempt, &status_text).await {
            tracing::warn!(error = %e, delivery = d.id, "could not record a callback attempt");
        }
    }

    /// Exponential backoff with ±50 % jitter.
    fn backoff_ms(&self, attempts: u32) -> i64 {
        let base = self.config.base_backoff.as_millis() as f64
            * 2f64.powi(attempts.saturating_sub(1).min(30) as i32);
        let capped = base.min(self.config.max_backoff.as_millis() as f64);
        (capped * rand::rng().random_range(0.5..1.5)) as i64
    }

    /// One POST; the HTTP status, or why there is none.
    async fn send(
        &self,
        callback: &tnhub_core::subscription::Callback,
        secret: &str,
        id: &str,
        body: String,
    ) -> Result<u16, String> {
        let url =
            reqwest::Url::parse(&callback.url).map_err(|e| format!("invalid callback URL: {e}"))?;
        if let Some(host) = url.host_str() {
            let literal = host.trim_start_matches('[').trim_end_matches(']');
            if let Ok(ip) = literal.parse::<IpAddr>()
                && !self.config.allow.allows(ip)
            {
                return Err(format!(
                    "{ip} is not an address callbacks may reach; the operator can allow it"
                ));
            }
        }
        let timestamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let mut req = self
            .http
            .post(url)
            .header("content-type", "application/xml; charset=utf-8")
            .header("webhook-id", id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature(secret, id, timestamp, &body));
        if let (Some(user), Some(password)) = (&callback.basic_user, &callback.basic_password) {
            req = req.basic_auth(user, Some(password));
        }
        match req.body(body).send().await {
            Ok(r) => Ok(r.status().as_u16()),
            Err(e) => {
                let mut msg = e.to_string();
                let mut src = std::error::Error::source(&e);
                while let Some(s) = src {
                    msg = format!("{msg}: {s}");
                    src = s.source();
                }
                Err(msg)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_policy() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let public = AddressPolicy::PublicOnly;
        assert!(public.allows(ip("93.184.216.34")));
        for blocked in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.1.1",
            "172.16.0.1",
            "169.254.169.254",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "100.64.0.1",
        ] {
            assert!(!public.allows(ip(blocked)), "{blocked}");
        }
        assert!(AddressPolicy::Loopback.allows(ip("127.0.0.1")));
        assert!(!AddressPolicy::Loopback.allows(ip("10.0.0.1")));
        assert!(AddressPolicy::Any.allows(ip("10.0.0.1")));
    }

    #[test]
    fn signature_matches_the_standard_webhooks_example() {
        // The example from the Standard Webhooks specification.
        let s = signature(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            r#"{"test": 2432232314}"#,
        );
        assert_eq!(s, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }
}
