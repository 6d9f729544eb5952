//! Subscriptions (`SubscriptionsResponse`), the callback `<Notification>`,
//! and tnhub's delivery log (`DeliveriesResponse`).

use serde::Serialize;

use crate::write::Document;

/// `<SubscriptionsResponse><Subscriptions><Subscription/>*</Subscriptions>`,
/// also for a single GET (Node and C# read through the wrapper).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubscriptionsResponse {
    pub subscriptions: Subscriptions,
    /// A single GET repeats its subscription right under the root, after
    /// the wrapper: Python's `Subscription.get` looks for `<Subscription>`
    /// only among the root's children and reads nothing otherwise. Node and
    /// C# read the wrapper and ignore it. Lists leave it out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subscription: Option<SubscriptionXml>,
}

impl Document for SubscriptionsResponse {
    const ROOT: &'static str = "SubscriptionsResponse";
}

/// The `<Subscriptions>` wrapper.
#[derive(Debug, Serialize)]
pub struct Subscriptions {
    #[serde(rename = "Subscription")]
    pub items: Vec<SubscriptionXml>,
}

/// One subscription.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubscriptionXml {
    pub subscription_id: String,
    pub order_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callback_subscription: Option<CallbackXml>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_subscription: Option<EmailXml>,
}

/// `<CallbackSubscription>`; the password is never written back. tnhub adds
/// `<SigningSecret>` (the Standard Webhooks key of the signature header).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CallbackXml {
    #[serde(rename = "URL")]
    pub url: String,
    /// Seconds until the subscription ends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiry: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callback_credentials: Option<CredentialsXml>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number_format: Option<String>,
    pub signing_secret: String,
}

/// `<CallbackCredentials><BasicAuthentication><Username/></BasicAuthentication></CallbackCredentials>`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CredentialsXml {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basic_authentication: Option<BasicXml>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_key: Option<String>,
}

/// `<BasicAuthentication><Username/></BasicAuthentication>`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BasicXml {
    pub username: String,
}

/// `<EmailSubscription>`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EmailXml {
    pub email: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub digest_requested: Option<String>,
}

/// The callback body.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NotificationXml {
    pub subscription_id: String,
    pub order_type: String,
    pub order_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_order_id: Option<String>,
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completed_telephone_numbers: Option<CompletedTelephoneNumbers>,
    pub last_modified_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual_foc_date: Option<String>,
}

impl Document for NotificationXml {
    const ROOT: &'static str = "Notification";
}

/// `<CompletedTelephoneNumbers><TelephoneNumber/>*`.
#[derive(Debug, Serialize)]
pub struct CompletedTelephoneNumbers {
    #[serde(rename = "TelephoneNumber")]
    pub numbers: Vec<String>,
}

/// tnhub's delivery log of a subscription (not in the real API).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeliveriesResponse {
    pub deliveries: Deliveries,
}

impl Document for DeliveriesResponse {
    const ROOT: &'static str = "DeliveriesResponse";
}

/// The `<Deliveries>` wrapper.
#[derive(Debug, Serialize)]
pub struct Deliveries {
    #[serde(rename = "Delivery")]
    pub items: Vec<DeliveryXml>,
}

/// One queued callback and its attempts.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeliveryXml {
    pub id: i64,
    pub state: String,
    pub order_id: String,
    pub status: String,
    pub attempts: u32,
    pub created_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_attempt_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivered_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_status_code: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    pub attempt_list: AttemptList,
}

/// `<AttemptList><Attempt/>*`.
#[derive(Debug, Serialize)]
pub struct AttemptList {
    #[serde(rename = "Attempt")]
    pub items: Vec<AttemptXml>,
}

/// One attempt.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttemptXml {
    pub date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_code: Option<u16>,
    pub latency_ms: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}
