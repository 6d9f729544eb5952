//! Subscriptions to order status changes, and the notifications they cause
//! (wire-format.md 2.12).
//!
//! A subscription names an order type (`orders`, `portins`, `disconnects`
//! …), optionally one order, and either a callback URL (with optional Basic
//! credentials and an expiry) or an e-mail address. Every status change of a
//! matching order becomes a [`Notification`], queued durably as a delivery in
//! the same transaction as the change, and POSTed as `<Notification>` XML
//! by the server's deliverer. Each subscription also has a signing secret:
//! callbacks carry an HMAC-SHA256 signature in the style of the Standard
//! Webhooks specification, beyond what the real service does.

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, codes as common};
use crate::ids::AccountId;
use crate::timestamp::Timestamp;

/// Error codes of subscriptions.
pub mod codes {
    /// The order type is missing or not one tnhub knows.
    pub const ORDER_TYPE: u32 = 14500;
    /// Neither (or both) of a callback and an e-mail subscription.
    pub const TARGET: u32 = 14501;
    /// The callback URL is not an absolute http(s) URL.
    pub const URL: u32 = 14502;
    /// Basic credentials need both a user name and a password.
    pub const BASIC_AUTH: u32 = 14503;
    /// The expiry is not a positive number of seconds.
    pub const EXPIRY: u32 = 14504;
    /// The e-mail address is not valid.
    pub const EMAIL: u32 = 14505;
    /// "Subscription %s not found for accountId %s".
    pub const NOT_FOUND: u32 = 16000;
    /// The same subscription already exists.
    pub const DUPLICATE: u32 = 16008;
}

/// The order types whose status changes tnhub notifies (see
/// `service::notify::subscription_type`, which a test keeps in step with
/// this list).
pub const ORDER_TYPES: &[&str] = &[
    "orders",
    "portins",
    "disconnects",
    "dldas",
    "tnoptions",
    "lidbs",
    "portouts",
    "e911s",
];

/// The real service's other order types, as its clients and tools spell
/// them (wire-format.md 2.12; Bandwidth's client libraries and the
/// `bandwidth-cli` subscriptions tool). tnhub has no such orders yet: a
/// subscription to one is accepted, stored, listed and updated like any
/// other, so a setup script that subscribes to everything works, and it
/// is called as soon as tnhub has events of that kind (today: never).
pub const OTHER_ORDER_TYPES: &[&str] = &[
    "lsrorders",
    "externalTns",
    "bulkPortins",
    "importtnorders",
    "removeImportedTnOrders",
    "csrs",
    "emergencyNotificationGroup",
    "emergencyEndpointGroup",
];

/// Other spellings of a notified type, and the type they mean: the
/// `bandwidth-cli` tool subscribes to `lidb`.
pub const ORDER_TYPE_ALIASES: &[(&str, &str)] = &[("lidb", "lidbs")];

/// The stored spelling of an order type a subscription names (any case),
/// or None if the real service has no such type.
pub fn canonical_order_type(given: &str) -> Option<&'static str> {
    ORDER_TYPES
        .iter()
        .chain(OTHER_ORDER_TYPES)
        .find(|t| t.eq_ignore_ascii_case(given))
        .copied()
        .or_else(|| {
            ORDER_TYPE_ALIASES
                .iter()
                .find(|(alias, _)| alias.eq_ignore_ascii_case(given))
                .map(|(_, t)| *t)
        })
}

/// Where callbacks go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Callback {
    pub url: String,
    /// When the subscription stops (none: never).
    pub expires_at: Option<Timestamp>,
    pub basic_user: Option<String>,
    pub basic_password: Option<String>,
    pub public_key: Option<String>,
    pub number_format: Option<String>,
}

/// An e-mail subscription (kept and shown; tnhub sends no mail).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailTarget {
    pub email: String,
    pub digest: Option<String>,
}

/// A stored subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub id: String,
    pub account_id: AccountId,
    pub order_type: String,
    pub order_id: Option<String>,
    pub callback: Option<Callback>,
    pub email: Option<EmailTarget>,
    /// The Standard Webhooks signing secret (`whsec_…`).
    pub secret: String,
    /// The result of the last callback, for `<Status>`.
    pub last_status: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Subscription {
    /// Whether it still receives callbacks at `now`.
    pub fn active_at(&self, now: Timestamp) -> bool {
        self.callback
            .as_ref()
            .is_some_and(|c| c.expires_at.is_none_or(|e| e > now))
    }
}

/// What a client sent, before validation.
#[derive(Debug, Clone, Default)]
pub struct SubscriptionDraft {
    pub order_type: Option<String>,
    pub order_id: Option<String>,
    pub url: Option<String>,
    pub expiry_seconds: Option<String>,
    pub user: Option<String>,
    pub password: Option<String>,
    pub public_key: Option<String>,
    pub number_format: Option<String>,
    pub email: Option<String>,
    pub digest: Option<String>,
}

/// Whether a URL is one callbacks can be sent to: absolute `http` or
/// `https` with a host, at most 2,000 characters, no blanks or controls.
/// (Which addresses it may reach is the server's address policy.)
pub fn is_callback_url(url: &str) -> bool {
    (url.starts_with("http://") || url.starts_with("https://"))
        && url.len() <= 2_000
        && url
            .split("://")
            .nth(1)
            .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn clean(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// A validated subscription's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionFields {
    pub order_type: String,
    pub order_id: Option<String>,
    pub callback: Option<Callback>,
    pub email: Option<EmailTarget>,
}

impl SubscriptionFields {
    /// Validates a draft; `now` turns `Expiry` seconds into an instant.
    pub fn validate(d: SubscriptionDraft, now: Timestamp) -> Result<SubscriptionFields, CoreError> {
        let order_type = clean(d.order_type)
            .ok_or_else(|| CoreError::invalid(codes::ORDER_TYPE, "OrderType is required"))?;
        let order_type = match canonical_order_type(&order_type) {
            Some(t) => t.to_string(),
            None => {
                return Err(CoreError::invalid(
                    codes::ORDER_TYPE,
                    format!(
                        "OrderType '{order_type}' is not valid; valid types are {}, {}",
                        ORDER_TYPES.join(", "),
                        OTHER_ORDER_TYPES.join(", ")
                    ),
                ));
            }
        };
        let url = clean(d.url);
        let email = clean(d.email);
        if url.is_some() == email.is_some() {
            return Err(CoreError::invalid(
                codes::TARGET,
                "A subscription needs exactly one of CallbackSubscription (with a URL) and EmailSubscription",
            ));
        }
        let callback = match url {
            None => None,
            Some(url) => {
                if !is_callback_url(&url) {
                    return Err(CoreError::invalid(
                        codes::URL,
                        format!("The callback URL '{url}' is not an absolute http or https URL"),
                    ));
                }
                let (user, password) = (clean(d.user), clean(d.password));
                if user.is_some() != password.is_some() {
                    return Err(CoreError::invalid(
                        codes::BASIC_AUTH,
                        "BasicAuthentication needs both a Username and a Password",
                    ));
                }
                let expires_at = match clean(d.expiry_seconds) {
                    None => None,
                    Some(e) => {
                        let secs: i64 = e.parse().ok().filter(|s| *s > 0).ok_or_else(|| {
                            CoreError::invalid(
                                codes::EXPIRY,
                                format!("Expiry '{e}' must be a positive number of seconds"),
                            )
                        })?;
                        Some(now.plus_millis(secs.saturating_mul(1_000)))
                    }
                };
                Some(Callback {
                    url,
                    expires_at,
                    basic_user: user,
                    basic_password: password,
                    public_key: clean(d.public_key),
                    number_format: clean(d.number_format),
                })
            }
        };
        let email = match email {
            None => None,
            Some(e) if e.contains('@') && e.len() <= 254 && !e.contains(char::is_whitespace) => {
                Some(EmailTarget {
                    email: e,
                    digest: clean(d.digest).map(|g| g.to_ascii_uppercase()),
                })
            }
            Some(e) => {
                return Err(CoreError::invalid(
                    codes::EMAIL,
                    format!("'{e}' is not an e-mail address"),
                ));
            }
        };
        let order_id = clean(d.order_id);
        if order_id.as_ref().is_some_and(|o| o.len() > 64) {
            return Err(CoreError::invalid(
                common::INVALID_VALUE,
                "OrderId is too long",
            ));
        }
        Ok(SubscriptionFields {
            order_type,
            order_id,
            callback,
            email,
        })
    }
}

/// What a callback says (`<Notification>`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Notification {
    /// Unique per delivery (Standard Webhooks `webhook-id`).
    pub event_id: String,
    pub subscription_id: String,
    pub order_type: String,
    pub order_id: String,
    pub customer_order_id: Option<String>,
    pub status: String,
    pub message: Option<String>,
    pub note: Option<String>,
    pub completed_numbers: Vec<String>,
    pub last_modified: Timestamp,
    pub actual_foc_date: Option<Timestamp>,
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeliveryState {
    Pending,
    Delivered,
    Dead,
}

impl DeliveryState {
    /// Lower-case spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Pending => "pending",
            DeliveryState::Delivered => "delivered",
            DeliveryState::Dead => "dead",
        }
    }

    /// Parses [`DeliveryState::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        [
            DeliveryState::Pending,
            DeliveryState::Delivered,
            DeliveryState::Dead,
        ]
        .into_iter()
        .find(|d| d.as_str().eq_ignore_ascii_case(s))
    }
}

/// A queued callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub id: i64,
    pub subscription_id: String,
    pub account_id: AccountId,
    pub notification: Notification,
    pub state: DeliveryState,
    pub attempts: u32,
    pub next_attempt_at: Timestamp,
    pub last_status_code: Option<u16>,
    pub last_error: Option<String>,
    pub created_at: Timestamp,
    pub delivered_at: Option<Timestamp>,
}

/// A delivery a deliverer has leased: it sends it, then records the
/// outcome under `lease` (which fails if the lease was lost meanwhile).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leased {
    pub delivery: Delivery,
    /// None if the subscription was deleted.
    pub subscription: Option<Subscription>,
    /// The lease token.
    pub lease: String,
}

/// One attempt to deliver a callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub delivery_id: i64,
    pub at: Timestamp,
    pub status_code: Option<u16>,
    pub latency_ms: u64,
    pub error: Option<String>,
}

/// Which deliveries a listing wants.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliveryFilter {
    pub account_id: Option<AccountId>,
    pub subscription_id: Option<String>,
    pub state: Option<DeliveryState>,
    pub limit: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> SubscriptionDraft {
        SubscriptionDraft {
            order_type: Some("Orders".into()),
            url: Some("http://127.0.0.1:9/cb".into()),
            ..Default::default()
        }
    }

    #[test]
    fn validation_codes() {
        let now = Timestamp::from_millis(1_000);
        let f = SubscriptionFields::validate(
            SubscriptionDraft {
                expiry_seconds: Some("60".into()),
                ..draft()
            },
            now,
        )
        .unwrap();
        assert_eq!(f.order_type, "orders");
        assert_eq!(
            f.callback.unwrap().expires_at,
            Some(Timestamp::from_millis(61_000))
        );
        let code = |d| {
            SubscriptionFields::validate(d, now)
                .unwrap_err()
                .code
                .unwrap()
        };
        assert_eq!(
            code(SubscriptionDraft {
                order_type: None,
                ..draft()
            }),
            codes::ORDER_TYPE
        );
        assert_eq!(
            code(SubscriptionDraft {
                order_type: Some("pizzas".into()),
                ..draft()
            }),
            codes::ORDER_TYPE
        );
        // Every type of the real service is accepted, in any case, and
        // stored in its own spelling; `lidb` means `lidbs`.
        for (given, stored) in [
            ("portouts", "portouts"),
            ("EMERGENCYNOTIFICATIONGROUP", "emergencyNotificationGroup"),
            ("lidb", "lidbs"),
            ("TnOptions", "tnoptions"),
        ] {
            let f = SubscriptionFields::validate(
                SubscriptionDraft {
                    order_type: Some(given.into()),
                    ..draft()
                },
                now,
            )
            .unwrap();
            assert_eq!(f.order_type, stored, "{given}");
        }
        assert_eq!(
            code(SubscriptionDraft {
                url: None,
                ..draft()
            }),
            codes::TARGET
        );
        assert_eq!(
            code(SubscriptionDraft {
                email: Some("a@b.c".into()),
                ..draft()
            }),
            codes::TARGET
        );
        assert_eq!(
            code(SubscriptionDraft {
                url: Some("ftp://x".into()),
                ..draft()
            }),
            codes::URL
        );
        assert_eq!(
            code(SubscriptionDraft {
                user: Some("u".into()),
                ..draft()
            }),
            codes::BASIC_AUTH
        );
        assert_eq!(
            code(SubscriptionDraft {
                expiry_seconds: Some("-3".into()),
                ..draft()
            }),
            codes::EXPIRY
        );
        let email = SubscriptionDraft {
            url: None,
            email: Some("ops@example.com".into()),
            ..draft()
        };
        assert!(
            SubscriptionFields::validate(email, now)
                .unwrap()
                .email
                .is_some()
        );
    }
}
