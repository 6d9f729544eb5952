//! Applications: where Bandwidth sends a customer's voice or messaging
//! events (callback URLs and the Basic credentials to send with them).
//!
//! An application is `Voice-V2` or `Messaging-V2`; a SIP peer points at one
//! of each kind (messaging through its `applicationSettings`, voice through
//! its origination settings), and an application a peer points at cannot be
//! deleted. The rules are in `docs/applications-and-products.md`.

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, codes};
use crate::ids::AccountId;
use crate::subscription::is_callback_url;
use crate::timestamp::Timestamp;

/// The longest application name.
pub const MAX_APP_NAME: usize = 100;
/// The longest callback user id or password.
pub const MAX_CREDENTIAL: usize = 100;
/// The most applications one account may have (lists are unpaged, so they
/// are bounded here).
pub const MAX_APPLICATIONS: usize = 500;

/// The two kinds of application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ServiceType {
    /// Voice events (`Voice-V2`).
    Voice,
    /// Message events (`Messaging-V2`).
    Messaging,
}

impl ServiceType {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceType::Voice => "Voice-V2",
            ServiceType::Messaging => "Messaging-V2",
        }
    }

    /// Parses the wire name, ignoring case.
    pub fn parse(s: &str) -> Result<Self, CoreError> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("Voice-V2") {
            Ok(ServiceType::Voice)
        } else if s.eq_ignore_ascii_case("Messaging-V2") {
            Ok(ServiceType::Messaging)
        } else {
            Err(CoreError::invalid(
                codes::APPLICATION_INVALID,
                format!("ServiceType '{s}' is not one of Voice-V2, Messaging-V2"),
            ))
        }
    }
}

/// Basic credentials sent with callbacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    pub user_id: String,
    pub password: String,
}

/// A validated application's content (stored as one JSON document).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationFields {
    pub service_type: ServiceType,
    pub app_name: String,
    /// Messaging: the URL of every message event (`MsgCallbackUrl`, also
    /// accepted as `CallbackUrl`).
    #[serde(default)]
    pub msg_callback_url: Option<String>,
    /// Messaging: inbound message events.
    #[serde(default)]
    pub inbound_callback_url: Option<String>,
    /// Messaging: outbound message status events.
    #[serde(default)]
    pub outbound_callback_url: Option<String>,
    #[serde(default)]
    pub inbound_callback_creds: Option<Credentials>,
    #[serde(default)]
    pub outbound_callback_creds: Option<Credentials>,
    /// Voice: the URL asked when a call comes in.
    #[serde(default)]
    pub call_initiated_callback_url: Option<String>,
    /// Voice: `GET` or `POST` (default `POST`).
    #[serde(default)]
    pub call_initiated_method: Option<String>,
    /// Voice: call status events.
    #[serde(default)]
    pub call_status_callback_url: Option<String>,
    #[serde(default)]
    pub call_status_method: Option<String>,
    /// Both kinds: credentials of every callback.
    #[serde(default)]
    pub callback_creds: Option<Credentials>,
}

/// Credentials as sent: `None` means the element was absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CredentialsPatch {
    pub user_id: Option<String>,
    pub password: Option<String>,
}

/// What a client sent. `None` means "not sent".
#[derive(Debug, Clone, Default)]
pub struct ApplicationPatch {
    pub service_type: Option<String>,
    pub app_name: Option<String>,
    pub msg_callback_url: Option<String>,
    pub inbound_callback_url: Option<String>,
    pub outbound_callback_url: Option<String>,
    pub inbound_callback_creds: Option<CredentialsPatch>,
    pub outbound_callback_creds: Option<CredentialsPatch>,
    pub call_initiated_callback_url: Option<String>,
    pub call_initiated_method: Option<String>,
    pub call_status_callback_url: Option<String>,
    pub call_status_method: Option<String>,
    pub callback_creds: Option<CredentialsPatch>,
}

/// A stored application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    /// A UUID, as the real service's ids.
    pub id: String,
    pub account_id: AccountId,
    pub fields: ApplicationFields,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

fn clean(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn invalid(message: String) -> CoreError {
    CoreError::invalid(codes::APPLICATION_INVALID, message)
}

fn url(name: &str, v: Option<String>) -> Result<Option<String>, CoreError> {
    match clean(v) {
        Some(u) if !is_callback_url(&u) => Err(CoreError::invalid(
            codes::APPLICATION_URL,
            format!("{name} '{u}' is not an absolute http or https URL"),
        )),
        other => Ok(other),
    }
}

fn method(name: &str, v: Option<String>) -> Result<Option<String>, CoreError> {
    match clean(v).map(|m| m.to_ascii_uppercase()) {
        Some(m) if m != "GET" && m != "POST" => {
            Err(invalid(format!("{name} '{m}' is not one of GET, POST")))
        }
        other => Ok(other),
    }
}

fn creds(name: &str, v: Option<CredentialsPatch>) -> Result<Option<Credentials>, CoreError> {
    let Some(c) = v else { return Ok(None) };
    match (clean(c.user_id), clean(c.password)) {
        (None, None) => Ok(None),
        (Some(user_id), Some(password)) => {
            if user_id.chars().count() > MAX_CREDENTIAL
                || password.chars().count() > MAX_CREDENTIAL
                || user_id
                    .chars()
                    .chain(password.chars())
                    .any(char::is_control)
            {
                return Err(invalid(format!(
                    "{name}: UserId and Password must be at most {MAX_CREDENTIAL} printable characters"
                )));
            }
            Ok(Some(Credentials { user_id, password }))
        }
        _ => Err(invalid(format!(
            "{name} needs both a UserId and a Password"
        ))),
    }
}

impl ApplicationFields {
    /// Validates a whole application. `kept` is the stored service type
    /// on a replace: it is used when none is sent, and may not change.
    pub fn build(patch: ApplicationPatch, kept: Option<ServiceType>) -> Result<Self, CoreError> {
        let service_type = match (clean(patch.service_type), kept) {
            (None, Some(k)) => k,
            (None, None) => return Err(CoreError::required("ServiceType")),
            (Some(s), kept) => {
                let s = ServiceType::parse(&s)?;
                if let Some(k) = kept
                    && k != s
                {
                    return Err(invalid(format!(
                        "The ServiceType of an application cannot change (it is {})",
                        k.as_str()
                    )));
                }
                s
            }
        };
        let app_name = clean(patch.app_name).ok_or_else(|| CoreError::required("AppName"))?;
        if app_name.chars().count() > MAX_APP_NAME || app_name.chars().any(char::is_control) {
            return Err(invalid(format!(
                "AppName must be at most {MAX_APP_NAME} printable characters"
            )));
        }
        let fields = ApplicationFields {
            service_type,
            app_name,
            msg_callback_url: url("MsgCallbackUrl", patch.msg_callback_url)?,
            inbound_callback_url: url("InboundCallbackUrl", patch.inbound_callback_url)?,
            outbound_callback_url: url("OutboundCallbackUrl", patch.outbound_callback_url)?,
            inbound_callback_creds: creds("InboundCallbackCreds", patch.inbound_callback_creds)?,
            outbound_callback_creds: creds("OutboundCallbackCreds", patch.outbound_callback_creds)?,
            call_initiated_callback_url: url(
                "CallInitiatedCallbackUrl",
                patch.call_initiated_callback_url,
            )?,
            call_initiated_method: method("CallInitiatedMethod", patch.call_initiated_method)?,
            call_status_callback_url: url("CallStatusCallbackUrl", patch.call_status_callback_url)?,
            call_status_method: method("CallStatusMethod", patch.call_status_method)?,
            callback_creds: creds("CallbackCreds", patch.callback_creds)?,
        };
        fields.check_kind()?;
        Ok(fields)
    }

    /// Applies a partial update (`PATCH`): fields sent replace the stored
    /// ones, the rest stay.
    pub fn merge(&self, patch: ApplicationPatch) -> Result<Self, CoreError> {
        let keep = |sent: Option<String>, kept: &Option<String>| sent.or_else(|| kept.clone());
        let keep_creds = |sent: Option<CredentialsPatch>, kept: &Option<Credentials>| {
            sent.or_else(|| {
                kept.as_ref().map(|c| CredentialsPatch {
                    user_id: Some(c.user_id.clone()),
                    password: Some(c.password.clone()),
                })
            })
        };
        let merged = ApplicationPatch {
            service_type: patch.service_type,
            app_name: patch.app_name.or_else(|| Some(self.app_name.clone())),
            msg_callback_url: keep(patch.msg_callback_url, &self.msg_callback_url),
            inbound_callback_url: keep(patch.inbound_callback_url, &self.inbound_callback_url),
            outbound_callback_url: keep(patch.outbound_callback_url, &self.outbound_callback_url),
            inbound_callback_creds: keep_creds(
                patch.inbound_callback_creds,
                &self.inbound_callback_creds,
            ),
            outbound_callback_creds: keep_creds(
                patch.outbound_callback_creds,
                &self.outbound_callback_creds,
            ),
            call_initiated_callback_url: keep(
                patch.call_initiated_callback_url,
                &self.call_initiated_callback_url,
            ),
            call_initiated_method: keep(patch.call_initiated_method, &self.call_initiated_method),
            call_status_callback_url: keep(
                patch.call_status_callback_url,
                &self.call_status_callback_url,
            ),
            call_status_method: keep(patch.call_status_method, &self.call_status_method),
            callback_creds: keep_creds(patch.callback_creds, &self.callback_creds),
        };
        Self::build(merged, Some(self.service_type))
    }

    /// The kind's own rules: a messaging application needs a message URL
    /// and carries no voice fields; a voice application needs its
    /// call-initiated URL and carries no messaging fields.
    fn check_kind(&self) -> Result<(), CoreError> {
        let voice = self.call_initiated_callback_url.is_some()
            || self.call_initiated_method.is_some()
            || self.call_status_callback_url.is_some()
            || self.call_status_method.is_some();
        let messaging = self.msg_callback_url.is_some()
            || self.inbound_callback_url.is_some()
            || self.outbound_callback_url.is_some()
            || self.inbound_callback_creds.is_some()
            || self.outbound_callback_creds.is_some();
        match self.service_type {
            ServiceType::Messaging => {
                if voice {
                    return Err(invalid(
                        "A Messaging-V2 application takes no CallInitiated or CallStatus settings"
                            .into(),
                    ));
                }
                if self.msg_callback_url.is_none() && self.inbound_callback_url.is_none() {
                    return Err(CoreError::required("MsgCallbackUrl or InboundCallbackUrl"));
                }
            }
            ServiceType::Voice => {
                if messaging {
                    return Err(invalid(
                        "A Voice-V2 application takes no message callback settings".into(),
                    ));
                }
                if self.call_initiated_callback_url.is_none() {
                    return Err(CoreError::required("CallInitiatedCallbackUrl"));
                }
            }
        }
        Ok(())
    }

    /// Every callback URL the application holds (for the address policy).
    pub fn urls(&self) -> impl Iterator<Item = &str> {
        [
            &self.msg_callback_url,
            &self.inbound_callback_url,
            &self.outbound_callback_url,
            &self.call_initiated_callback_url,
            &self.call_status_callback_url,
        ]
        .into_iter()
        .filter_map(|u| u.as_deref())
    }
}

/// The error for an unknown application id.
pub fn application_not_found(id: &str) -> CoreError {
    CoreError::not_found(
        codes::APPLICATION_NOT_FOUND,
        format!("Application '{id}' does not exist"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messaging() -> ApplicationPatch {
        ApplicationPatch {
            service_type: Some("messaging-v2".into()),
            app_name: Some("sms".into()),
            msg_callback_url: Some("https://example.com/sms".into()),
            ..ApplicationPatch::default()
        }
    }

    #[test]
    fn kinds_and_their_required_urls() {
        let m = ApplicationFields::build(messaging(), None).unwrap();
        assert_eq!(m.service_type, ServiceType::Messaging);
        let err = ApplicationFields::build(
            ApplicationPatch {
                msg_callback_url: None,
                ..messaging()
            },
            None,
        )
        .unwrap_err();
        assert_eq!(err.code, Some(codes::REQUIRED));
        let err = ApplicationFields::build(
            ApplicationPatch {
                call_status_method: Some("POST".into()),
                ..messaging()
            },
            None,
        )
        .unwrap_err();
        assert_eq!(err.code, Some(codes::APPLICATION_INVALID));
        let voice = ApplicationPatch {
            service_type: Some("Voice-V2".into()),
            app_name: Some("v".into()),
            call_initiated_callback_url: Some("http://192.0.2.1/in".into()),
            call_initiated_method: Some("get".into()),
            ..ApplicationPatch::default()
        };
        let v = ApplicationFields::build(voice, None).unwrap();
        assert_eq!(v.call_initiated_method.as_deref(), Some("GET"));
        let err = ApplicationFields::build(
            ApplicationPatch {
                service_type: Some("Fax".into()),
                ..messaging()
            },
            None,
        )
        .unwrap_err();
        assert_eq!(err.code, Some(codes::APPLICATION_INVALID));
        let err = ApplicationFields::build(
            ApplicationPatch {
                msg_callback_url: Some("ftp://x".into()),
                ..messaging()
            },
            None,
        )
        .unwrap_err();
        assert_eq!(err.code, Some(codes::APPLICATION_URL));
    }

    #[test]
    fn credentials_come_in_pairs_and_the_kind_never_changes() {
        let err = ApplicationFields::build(
            ApplicationPatch {
                callback_creds: Some(CredentialsPatch {
                    user_id: Some("u".into()),
                    password: None,
                }),
                ..messaging()
            },
            None,
        )
        .unwrap_err();
        assert_eq!(err.code, Some(codes::APPLICATION_INVALID));
        let m = ApplicationFields::build(messaging(), None).unwrap();
        let renamed = m
            .merge(ApplicationPatch {
                app_name: Some("renamed".into()),
                ..ApplicationPatch::default()
            })
            .unwrap();
        assert_eq!(renamed.app_name, "renamed");
        assert_eq!(renamed.msg_callback_url, m.msg_callback_url);
        let err = m
            .merge(ApplicationPatch {
                service_type: Some("Voice-V2".into()),
                ..ApplicationPatch::default()
            })
            .unwrap_err();
        assert_eq!(err.code, Some(codes::APPLICATION_INVALID));
    }
}
