//! One leased delivery: send it, decide what comes next (delivered, retry
//! after a backoff, or dead), and record that under the lease.

use std::time::{Duration, Instant};

use rand::Rng;
use tnhub_core::subscription::{Attempt, DeliveryState, Leased};

use super::Deliverer;
use super::send::Sent;

/// The delay before the next attempt after `failures` failed ones, before
/// jitter: `base`, doubling after each failure, at most `max`.
pub(super) fn backoff_ms(base: Duration, max: Duration, failures: u32) -> i64 {
    let doubled = base.as_millis() as f64 * 2f64.powi(failures.saturating_sub(1).min(40) as i32);
    doubled.min(max.as_millis() as f64) as i64
}

/// [`backoff_ms`] scaled by a random factor in [0.5, 1.5), so receivers
/// that failed together are not all retried at the same instant.
pub(super) fn jittered_backoff_ms(base: Duration, max: Duration, failures: u32) -> i64 {
    (backoff_ms(base, max, failures) as f64 * rand::rng().random_range(0.5..1.5)) as i64
}

impl Deliverer {
    /// Sends one delivery and records the outcome, unless the lease was
    /// lost meanwhile (then a newer state wins and this result is dropped).
    pub(super) async fn deliver(&self, leased: Leased) {
        let Leased {
            delivery: mut d,
            subscription,
            lease,
        } = leased;
        let now = self.hub.clock().now();
        // A callback is owed for an event that happened while the
        // subscription was valid: it was queued then (in the event's own
        // transaction), so its `Expiry` is judged at that instant, not
        // now. A retry or replay after the expiry (or after the sandbox
        // clock was moved past it) is still sent.
        let active = subscription
            .as_ref()
            .filter(|s| s.active_at(d.created_at))
            .and_then(|s| s.callback.clone().map(|c| (c, s.secret.clone())));
        let Some((callback, secret)) = active else {
            d.state = DeliveryState::Dead;
            // Counted, like the attempt recorded beside it.
            d.attempts += 1;
            d.last_error = Some(
                "the subscription is gone, or was expired or without a callback URL when the event happened"
                    .into(),
            );
            let attempt = Attempt {
                delivery_id: d.id,
                at: now,
                status_code: None,
                latency_ms: 0,
                error: d.last_error.clone(),
            };
            self.record(
                &d,
                attempt,
                "not sent: no active callback subscription",
                &lease,
            )
            .await;
            return;
        };
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
        let sent_at = self.hub.clock().now();
        let journaled = self.journal.as_ref().map(|_| body.clone());
        let sent = self
            .send(&callback, &secret, &d.notification.event_id, body)
            .await;
        let latency = started.elapsed();
        let latency_ms = latency.as_millis() as u64;
        let at = self.hub.clock().now();
        if let Some(body) = journaled {
            self.journal_callback(&d, &callback.url, sent_at, latency, &sent, &body);
        }
        d.attempts += 1;
        let (status_code, error, permanent) = match &sent {
            Sent::Answered { code, .. } if (200..300).contains(code) => (Some(*code), None, false),
            Sent::Answered { code, challenged } => {
                let mut why = format!("the receiver answered HTTP {code}");
                if (300..400).contains(code) {
                    why.push_str(" (redirects are not followed)");
                }
                if *challenged {
                    why.push_str(" after the Basic-auth challenge");
                }
                (Some(*code), Some(why), false)
            }
            Sent::Failed(e) => (None, Some(e.clone()), false),
            Sent::Refused(e) => (None, Some(format!("refused: {e}")), true),
        };
        d.last_status_code = status_code;
        d.last_error = error.clone();
        let reason = error.clone().unwrap_or_default();
        let status_text = if error.is_none() {
            d.state = DeliveryState::Delivered;
            d.delivered_at = Some(at);
            format!("{} delivered", status_code.unwrap_or(200))
        } else if permanent {
            d.state = DeliveryState::Dead;
            format!("failed permanently, not retried: {reason}")
        } else if d.attempts >= self.attempt_limit() {
            d.state = DeliveryState::Dead;
            format!("failed, gave up after {} attempt(s): {reason}", d.attempts)
        } else {
            d.next_attempt_at = at.plus_millis(jittered_backoff_ms(
                self.config.base_backoff,
                self.config.max_backoff,
                d.attempts,
            ));
            format!("failed, will retry: {reason}")
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
        self.record(&d, attempt, &status_text, &lease).await;
    }

    async fn record(
        &self,
        d: &tnhub_core::subscription::Delivery,
        attempt: Attempt,
        status_text: &str,
        lease: &str,
    ) {
        match self
            .hub
            .record_attempt(d, attempt, status_text, lease)
            .await
        {
            Ok(true) => {}
            Ok(false) => tracing::warn!(
                delivery = d.id,
                outcome = status_text,
                "lost the lease on a callback while sending it (it ran out, or the delivery was replayed or \
                 its subscription deleted); the newer state stands and this outcome is dropped"
            ),
            Err(e) => {
                tracing::warn!(error = %e, delivery = d.id, "could not record a callback attempt")
            }
        }
    }
}

impl Deliverer {
    /// Adds a sent callback to the journal, beside its account's requests.
    fn journal_callback(
        &self,
        d: &tnhub_core::subscription::Delivery,
        url: &str,
        at: tnhub_core::timestamp::Timestamp,
        latency: std::time::Duration,
        sent: &Sent,
        body: &str,
    ) {
        let Some(journal) = &self.journal else {
            return;
        };
        let limit = journal.config().body_limit;
        let cut = body.len() > limit;
        let mut end = body.len().min(limit);
        while !body.is_char_boundary(end) {
            end -= 1;
        }
        let (status, diagnostics) = match sent {
            Sent::Answered { code, .. } => (*code, Vec::new()),
            Sent::Failed(e) => (0, vec![format!("no answer: {e}")]),
            Sent::Refused(e) => (0, vec![format!("not sent: {e}")]),
        };
        let mut diagnostics = diagnostics;
        if let Some(d) = crate::journal::diagnose::callback_url(url) {
            diagnostics.push(d);
        }
        journal.push(crate::journal::Entry {
            seq: journal.next_seq(),
            kind: crate::journal::Kind::Callback,
            at: at.iso(),
            at_ms: at.millis(),
            account: Some(d.account_id.to_string()),
            method: "POST".into(),
            path: url.to_string(),
            query: None,
            route: None,
            status,
            latency_ms: latency.as_secs_f64() * 1000.0,
            user_agent: Some(concat!("tnhub-callbacks/", env!("CARGO_PKG_VERSION")).into()),
            request_id: Some(d.notification.event_id.clone()),
            authorization: None,
            request_body: (limit > 0)
                .then(|| crate::journal::KeptBody::new(body.as_bytes()[..end].to_vec())),
            response_body: None,
            truncated: limit > 0 && cut,
            diagnostics,
            faults: Vec::new(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: Duration = Duration::from_secs(1);
    const MAX: Duration = Duration::from_secs(3_600);

    #[test]
    fn backoff_doubles_from_the_base_up_to_the_cap() {
        let delays: Vec<i64> = (1..=13).map(|n| backoff_ms(BASE, MAX, n)).collect();
        assert_eq!(
            delays,
            [
                1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 512_000,
                1_024_000, 2_048_000, 3_600_000
            ]
        );
        // Far past the cap (and past any overflow) it stays there.
        assert_eq!(backoff_ms(BASE, MAX, 1_000), 3_600_000);
        assert_eq!(backoff_ms(BASE, MAX, u32::MAX), 3_600_000);
        assert_eq!(
            backoff_ms(Duration::from_millis(250), Duration::from_secs(2), 3),
            1_000
        );
        assert_eq!(
            backoff_ms(Duration::from_millis(250), Duration::from_secs(2), 5),
            2_000
        );
    }

    #[test]
    fn jitter_stays_within_half_and_one_and_a_half_times_and_varies() {
        for failures in [1, 2, 5, 12, 13, 30] {
            let nominal = backoff_ms(BASE, MAX, failures);
            let samples: Vec<i64> = (0..500)
                .map(|_| jittered_backoff_ms(BASE, MAX, failures))
                .collect();
            for s in &samples {
                assert!(
                    *s >= nominal / 2 && *s < nominal * 3 / 2,
                    "{s} ms after {failures} failure(s), nominal {nominal}"
                );
            }
            let (lo, hi) = (
                *samples.iter().min().unwrap(),
                *samples.iter().max().unwrap(),
            );
            // 500 draws spread over the band, not one repeated value.
            assert!(
                hi - lo > nominal / 2,
                "{failures}: jitter from {lo} to {hi} around {nominal}"
            );
        }
    }
}
