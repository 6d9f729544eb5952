//! A SIP peer's products: messaging (SMS, MMS and the messaging
//! application) and the voice origination and termination settings.
//!
//! They live in the peer's settings document (`PeerSettings::products`),
//! so they go wherever the peer goes (snapshots, copies, deletion) without
//! a table of their own. The rules, from the official clients and
//! Bandwidth's guides, are in `docs/applications-and-products.md`: MMS and
//! the messaging application need SMS first; SMS cannot be deleted while
//! MMS or an application depends on it; the application a peer points at
//! must be the account's and of the right kind.

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, codes};

/// The SMS protocols a peer's SMS feature may use.
pub const SMS_FEATURE_PROTOCOLS: &[&str] = &["HTTP", "SMPP"];
/// The MMS protocols.
pub const MMS_PROTOCOLS: &[&str] = &["HTTP", "MM4"];
/// The voice protocols of origination and termination settings.
pub const VOICE_PROTOCOLS: &[&str] = &["SIP", "HTTP"];
/// The longest proxy peer id or free-text setting kept.
pub const MAX_SETTING: usize = 64;

/// Everything product-related on a peer; absent in documents written
/// before products existed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeerProducts {
    #[serde(default)]
    pub sms: Option<SmsFeature>,
    #[serde(default)]
    pub mms: Option<MmsFeature>,
    /// The Messaging-V2 application's id (`HttpMessagingV2AppId`).
    #[serde(default)]
    pub messaging_application: Option<String>,
    #[serde(default)]
    pub origination: Option<VoiceSettings>,
    #[serde(default)]
    pub termination: Option<VoiceSettings>,
}

/// `SipPeerSmsFeature`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmsFeature {
    pub toll_free: bool,
    pub short_code: bool,
    /// `HTTP` or `SMPP`.
    pub protocol: String,
    /// `Zone1` … `Zone5`.
    pub zones: [bool; 5],
    /// `HttpSettings/ProxyPeerId` (HTTP only).
    pub proxy_peer_id: Option<String>,
}

/// `MmsFeature`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MmsFeature {
    /// `HTTP` or `MM4`.
    pub protocol: String,
    /// `Protocols/HTTP/HttpSettings/ProxyPeerId` (HTTP only).
    pub proxy_peer_id: Option<String>,
}

/// `SipPeerOriginationSettings` / `SipPeerTerminationSettings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoiceSettings {
    /// `SIP` or `HTTP`.
    pub voice_protocol: String,
    /// `HttpSettings/HttpVoiceV2AppId`: a Voice-V2 application (HTTP only).
    pub http_voice_v2_app_id: Option<String>,
}

/// An SMS feature as sent: `None` is "not sent".
#[derive(Debug, Clone, Default)]
pub struct SmsPatch {
    pub toll_free: Option<String>,
    pub short_code: Option<String>,
    pub protocol: Option<String>,
    pub zones: [Option<String>; 5],
    pub proxy_peer_id: Option<String>,
}

/// An MMS feature as sent.
#[derive(Debug, Clone, Default)]
pub struct MmsPatch {
    pub protocol: Option<String>,
    pub proxy_peer_id: Option<String>,
}

/// Origination or termination settings as sent.
#[derive(Debug, Clone, Default)]
pub struct VoicePatch {
    pub voice_protocol: Option<String>,
    pub http_voice_v2_app_id: Option<String>,
}

fn invalid(message: impl Into<String>) -> CoreError {
    CoreError::invalid(codes::PRODUCT_INVALID, message)
}

fn clean(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn flag(name: &str, v: Option<String>, kept: bool) -> Result<bool, CoreError> {
    match clean(v) {
        None => Ok(kept),
        Some(s) if s.eq_ignore_ascii_case("true") => Ok(true),
        Some(s) if s.eq_ignore_ascii_case("false") => Ok(false),
        Some(s) => Err(invalid(format!("{name} '{s}' is not true or false"))),
    }
}

fn one_of(name: &str, v: Option<String>, allowed: &[&str]) -> Result<Option<String>, CoreError> {
    match clean(v).map(|p| p.to_ascii_uppercase()) {
        Some(p) if !allowed.contains(&p.as_str()) => Err(invalid(format!(
            "{name} '{p}' is not one of {}",
            allowed.join(", ")
        ))),
        other => Ok(other),
    }
}

fn setting(name: &str, v: Option<String>) -> Result<Option<String>, CoreError> {
    match clean(v) {
        Some(s) if s.chars().count() > MAX_SETTING || s.chars().any(char::is_control) => {
            Err(invalid(format!(
                "{name} must be at most {MAX_SETTING} printable characters"
            )))
        }
        other => Ok(other),
    }
}

impl SmsFeature {
    /// Validates a create (`kept` is `None`) or an edit of the stored
    /// feature, where what is not sent stays. `Protocol` is required on a
    /// create; `HttpSettings` go with HTTP only. A new feature serves
    /// zone 1 (the US and Canada) unless told otherwise.
    pub fn build(p: SmsPatch, kept: Option<&SmsFeature>) -> Result<Self, CoreError> {
        let protocol = match (one_of("Protocol", p.protocol, SMS_FEATURE_PROTOCOLS)?, kept) {
            (Some(p), _) => p,
            (None, Some(k)) => k.protocol.clone(),
            (None, None) => return Err(CoreError::required("Protocol")),
        };
        let default_zones = [true, false, false, false, false];
        let kept_zones = kept.map_or(default_zones, |k| k.zones);
        let mut zones = [false; 5];
        for (i, z) in p.zones.into_iter().enumerate() {
            zones[i] = flag(&format!("Zone{}", i + 1), z, kept_zones[i])?;
        }
        let proxy = setting("ProxyPeerId", p.proxy_peer_id)?
            .or_else(|| kept.and_then(|k| k.proxy_peer_id.clone()));
        if protocol != "HTTP" && proxy.is_some() {
            return Err(invalid("HttpSettings apply to the HTTP protocol only"));
        }
        Ok(SmsFeature {
            toll_free: flag("TollFree", p.toll_free, kept.is_some_and(|k| k.toll_free))?,
            short_code: flag(
                "ShortCode",
                p.short_code,
                kept.is_some_and(|k| k.short_code),
            )?,
            protocol,
            zones,
            proxy_peer_id: proxy,
        })
    }
}

impl MmsFeature {
    /// Validates a create or an edit, as [`SmsFeature::build`].
    pub fn build(p: MmsPatch, kept: Option<&MmsFeature>) -> Result<Self, CoreError> {
        let protocol = match (one_of("protocol", p.protocol, MMS_PROTOCOLS)?, kept) {
            (Some(p), _) => p,
            (None, Some(k)) => k.protocol.clone(),
            (None, None) => return Err(CoreError::required("MmsSettings protocol")),
        };
        let proxy = setting("ProxyPeerId", p.proxy_peer_id)?
            .or_else(|| kept.and_then(|k| k.proxy_peer_id.clone()));
        if protocol != "HTTP" && proxy.is_some() {
            return Err(invalid("HttpSettings apply to the HTTP protocol only"));
        }
        Ok(MmsFeature {
            protocol,
            proxy_peer_id: proxy,
        })
    }
}

impl VoiceSettings {
    /// Validates origination or termination settings. `VoiceProtocol`
    /// defaults to what is stored, else `SIP`; HTTP voice needs its
    /// Voice-V2 application (`HttpVoiceV2AppId`), SIP takes none.
    pub fn build(p: VoicePatch, kept: Option<&VoiceSettings>) -> Result<Self, CoreError> {
        let sent_app = clean(p.http_voice_v2_app_id);
        let voice_protocol = one_of("VoiceProtocol", p.voice_protocol, VOICE_PROTOCOLS)?
            .or_else(|| kept.map(|k| k.voice_protocol.clone()))
            .unwrap_or_else(|| if sent_app.is_some() { "HTTP" } else { "SIP" }.to_string());
        let app = match voice_protocol.as_str() {
            "HTTP" => Some(
                sent_app
                    .or_else(|| kept.and_then(|k| k.http_voice_v2_app_id.clone()))
                    .ok_or_else(|| CoreError::required("HttpSettings/HttpVoiceV2AppId"))?,
            ),
            _ if sent_app.is_some() => {
                return Err(invalid(
                    "HttpVoiceV2AppId applies to the HTTP voice protocol only",
                ));
            }
            _ => None,
        };
        Ok(VoiceSettings {
            voice_protocol,
            http_voice_v2_app_id: app,
        })
    }
}

impl PeerProducts {
    /// Whether messaging (SMS) is enabled.
    pub fn messaging(&self) -> bool {
        self.sms.is_some()
    }

    /// Whether the peer points at this application (as its messaging
    /// application or its HTTP voice application).
    pub fn uses_application(&self, id: &str) -> bool {
        self.messaging_application.as_deref() == Some(id)
            || [&self.origination, &self.termination]
                .into_iter()
                .flatten()
                .any(|v| v.http_voice_v2_app_id.as_deref() == Some(id))
    }
}

/// The peer has no SMS: MMS, a messaging application and SMS on its
/// numbers are refused.
pub fn messaging_not_enabled(peer: &str) -> CoreError {
    CoreError::invalid(
        codes::MESSAGING_NOT_ENABLED,
        format!(
            "Messaging (SMS) is not enabled on SIP peer '{peer}'; enable the SMS feature first"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sms_needs_a_protocol_and_keeps_what_is_not_sent() {
        let err = SmsFeature::build(SmsPatch::default(), None).unwrap_err();
        assert_eq!(err.code, Some(codes::REQUIRED));
        let sms = SmsFeature::build(
            SmsPatch {
                toll_free: Some("true".into()),
                protocol: Some("http".into()),
                proxy_peer_id: Some("539692".into()),
                ..SmsPatch::default()
            },
            None,
        )
        .unwrap();
        assert_eq!(sms.protocol, "HTTP");
        assert!(sms.toll_free && !sms.short_code);
        assert_eq!(sms.zones, [true, false, false, false, false]);
        let edited = SmsFeature::build(
            SmsPatch {
                short_code: Some("true".into()),
                ..SmsPatch::default()
            },
            Some(&sms),
        )
        .unwrap();
        assert!(edited.toll_free && edited.short_code);
        assert_eq!(edited.proxy_peer_id.as_deref(), Some("539692"));
        let err = SmsFeature::build(
            SmsPatch {
                protocol: Some("SMPP".into()),
                proxy_peer_id: Some("1".into()),
                ..SmsPatch::default()
            },
            None,
        )
        .unwrap_err();
        assert_eq!(err.code, Some(codes::PRODUCT_INVALID));
        let err = SmsFeature::build(
            SmsPatch {
                protocol: Some("SIP".into()),
                ..SmsPatch::default()
            },
            None,
        )
        .unwrap_err();
        assert_eq!(err.code, Some(codes::PRODUCT_INVALID));
    }

    #[test]
    fn http_voice_needs_its_application() {
        let err = VoiceSettings::build(
            VoicePatch {
                voice_protocol: Some("HTTP".into()),
                ..VoicePatch::default()
            },
            None,
        )
        .unwrap_err();
        assert_eq!(err.code, Some(codes::REQUIRED));
        let v = VoiceSettings::build(
            VoicePatch {
                http_voice_v2_app_id: Some("a".into()),
                ..VoicePatch::default()
            },
            None,
        )
        .unwrap();
        assert_eq!(v.voice_protocol, "HTTP");
        let products = PeerProducts {
            origination: Some(v),
            ..PeerProducts::default()
        };
        assert!(products.uses_application("a"));
        assert!(!products.uses_application("b"));
        let sip = VoiceSettings::build(VoicePatch::default(), None).unwrap();
        assert_eq!(sip.voice_protocol, "SIP");
        assert_eq!(
            MmsFeature::build(MmsPatch::default(), None)
                .unwrap_err()
                .code,
            Some(codes::REQUIRED)
        );
    }
}
