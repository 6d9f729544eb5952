//! Subscriptions, notifications and the delivery log.

use tnhub_core::Timestamp;
use tnhub_core::subscription::{Attempt, Delivery, Notification, Subscription, SubscriptionDraft};
use tnhub_wire::request::subscription::SubscriptionBody;
use tnhub_wire::response::subscription::{
    AttemptList, AttemptXml, BasicXml, CallbackXml, CompletedTelephoneNumbers, CredentialsXml,
    DeliveryXml, EmailXml, NotificationXml, SubscriptionXml,
};

use super::text;

/// A `<Subscription>` body as a draft.
pub fn draft(b: SubscriptionBody) -> SubscriptionDraft {
    let cb = b.callback.unwrap_or_default();
    let creds = cb.credentials.unwrap_or_default();
    let basic = creds.basic.unwrap_or_default();
    let email = b.email.unwrap_or_default();
    SubscriptionDraft {
        order_type: text(b.order_type),
        order_id: text(b.order_id),
        url: text(cb.url),
        expiry_seconds: text(cb.expiry),
        user: text(basic.username),
        password: text(basic.password),
        public_key: text(creds.public_key),
        number_format: text(cb.number_format),
        email: text(email.email),
        digest: text(email.digest),
    }
}

/// A subscription as `<Subscription>`; `Expiry` is the seconds left at `now`.
pub fn to_wire(s: &Subscription, now: Timestamp) -> SubscriptionXml {
    SubscriptionXml {
        subscription_id: s.id.clone(),
        order_type: s.order_type.clone(),
        order_id: s.order_id.clone(),
        callback_subscription: s.callback.as_ref().map(|c| CallbackXml {
            url: c.url.clone(),
            expiry: c
                .expires_at
                .map(|e| ((e.millis() - now.millis()) / 1_000).max(0)),
            status: s.last_status.clone(),
            callback_credentials: (c.basic_user.is_some() || c.public_key.is_some()).then(|| {
                CredentialsXml {
                    basic_authentication: c
                        .basic_user
                        .clone()
                        .map(|username| BasicXml { username }),
                    public_key: c.public_key.clone(),
                }
            }),
            number_format: c.number_format.clone(),
            signing_secret: s.secret.clone(),
        }),
        email_subscription: s.email.as_ref().map(|e| EmailXml {
            email: e.email.clone(),
            digest_requested: e.digest.clone(),
        }),
    }
}

/// The callback body.
pub fn notification(n: &Notification) -> NotificationXml {
    NotificationXml {
        subscription_id: n.subscription_id.clone(),
        order_type: n.order_type.clone(),
        order_id: n.order_id.clone(),
        customer_order_id: n.customer_order_id.clone(),
        status: n.status.clone(),
        message: n.message.clone(),
        note: n.note.clone(),
        completed_telephone_numbers: (!n.completed_numbers.is_empty()).then(|| {
            CompletedTelephoneNumbers {
                numbers: n.completed_numbers.clone(),
            }
        }),
        last_modified_date: n.last_modified.iso(),
        actual_foc_date: n.actual_foc_date.map(|t| t.iso()),
    }
}

/// A delivery and its attempts, for the log.
pub fn delivery(d: &Delivery, attempts: &[Attempt]) -> DeliveryXml {
    DeliveryXml {
        id: d.id,
        state: d.state.as_str().to_string(),
        order_id: d.notification.order_id.clone(),
        status: d.notification.status.clone(),
        attempts: d.attempts,
        created_date: d.created_at.iso(),
        next_attempt_date: (d.state == tnhub_core::subscription::DeliveryState::Pending)
            .then(|| d.next_attempt_at.iso()),
        delivered_date: d.delivered_at.map(|t| t.iso()),
        last_status_code: d.last_status_code,
        last_error: d.last_error.clone(),
        attempt_list: AttemptList {
            items: attempts
                .iter()
                .map(|a| AttemptXml {
                    date: a.at.iso(),
                    status_code: a.status_code,
                    latency_ms: a.latency_ms,
                    error: a.error.clone(),
                })
                .collect(),
        },
    }
}
