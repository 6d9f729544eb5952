//! `<Subscription>` as sent to `POST|PUT /accounts/{a}/subscriptions[/{id}]`.

use serde::Deserialize;

use super::RequestDocument;

/// A subscription to order status changes.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SubscriptionBody {
    #[serde(rename = "ordertype")]
    pub order_type: Option<String>,
    #[serde(rename = "orderid")]
    pub order_id: Option<String>,
    #[serde(rename = "callbacksubscription")]
    pub callback: Option<CallbackBody>,
    #[serde(rename = "emailsubscription")]
    pub email: Option<EmailBody>,
}

impl RequestDocument for SubscriptionBody {
    const ROOTS: &'static [&'static str] = &["Subscription"];
}

/// `<CallbackSubscription>`. (Node's README adds a `<User>`, which is no
/// credential and is ignored.)
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CallbackBody {
    #[serde(rename = "url")]
    pub url: Option<String>,
    #[serde(rename = "expiry")]
    pub expiry: Option<String>,
    #[serde(rename = "callbackcredentials")]
    pub credentials: Option<CredentialsBody>,
    #[serde(rename = "numberformat")]
    pub number_format: Option<String>,
}

/// `<CallbackCredentials>`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CredentialsBody {
    #[serde(rename = "basicauthentication")]
    pub basic: Option<BasicBody>,
    #[serde(rename = "publickey")]
    pub public_key: Option<String>,
}

/// `<BasicAuthentication><Username/><Password/></BasicAuthentication>`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct BasicBody {
    #[serde(rename = "username")]
    pub username: Option<String>,
    #[serde(rename = "password")]
    pub password: Option<String>,
}

/// `<EmailSubscription><Email/><DigestRequested/></EmailSubscription>`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct EmailBody {
    #[serde(rename = "email")]
    pub email: Option<String>,
    #[serde(rename = "digestrequested")]
    pub digest: Option<String>,
}
