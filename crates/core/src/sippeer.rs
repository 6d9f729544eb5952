//! SIP peers: where a site's calls go, and the (site, peer) every number is
//! assigned to.
//!
//! Rules (wire-format.md 2.6, 3.6): a name of at most 50 characters, unique
//! in its site; a description of at most 50; at most 10 voice hosts, and not
//! together with voice host groups; the first peer of a site becomes its
//! default and a site always keeps exactly one default; a peer with numbers
//! cannot be deleted.

use serde::{Deserialize, Serialize};

use crate::address::Address;
use crate::error::{CoreError, codes};
use crate::ids::{AccountId, PeerId, SiteId};
use crate::products::PeerProducts;
use crate::timestamp::Timestamp;

/// The longest peer name.
pub const MAX_PEER_NAME: usize = 50;
/// The longest peer description.
pub const MAX_PEER_DESCRIPTION: usize = 50;
/// The most voice hosts a peer may have.
pub const MAX_VOICE_HOSTS: usize = 10;

/// A signalling host: a name or address and an optional port.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Host {
    pub name: String,
    pub port: Option<u16>,
}

impl Host {
    /// Parses a host name (a DNS name or an IPv4/IPv6 address) and port.
    pub fn parse(name: &str, port: Option<&str>) -> Result<Self, CoreError> {
        let name = name.trim();
        let valid_name = !name.is_empty()
            && name.len() <= 253
            && (name.parse::<std::net::IpAddr>().is_ok()
                || name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-'));
        if !valid_name {
            return Err(CoreError::invalid(
                codes::PEER_HOST_INVALID,
                format!("'{name}' is not a valid host name or IP address"),
            ));
        }
        let port = match port.map(str::trim).filter(|p| !p.is_empty()) {
            None => None,
            Some(p) => Some(p.parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(|| {
                CoreError::invalid(
                    codes::PEER_HOST_INVALID,
                    format!("'{p}' is not a valid port"),
                )
            })?),
        };
        Ok(Host {
            name: name.to_string(),
            port,
        })
    }
}

/// A termination (outbound) host with its traffic settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TerminationHost {
    pub host: Host,
    pub customer_traffic_allowed: Option<String>,
    pub data_allowed: bool,
}

/// Caller-name (CNAM) settings of a peer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallingName {
    pub display: bool,
    pub enforced: bool,
}

/// The short-messaging protocols a peer may use.
pub const SMS_PROTOCOLS: &[&str] = &["SMPP", "HTTP", "SIP"];

/// Everything about a peer besides its identity, stored as one document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeerSettings {
    pub short_messaging_protocol: Option<String>,
    pub voice_hosts: Vec<Host>,
    pub voice_host_groups: Vec<Vec<Host>>,
    pub sms_hosts: Vec<Host>,
    pub termination_hosts: Vec<TerminationHost>,
    pub calling_name: CallingName,
    pub final_destination_uri: Option<String>,
    pub billing_identifier: Option<String>,
    pub address: Option<Address>,
    /// SMS, MMS, the messaging application, origination and termination
    /// (`crate::products`); set through the peer's `products` routes only.
    #[serde(default)]
    pub products: PeerProducts,
}

/// What a client sent to create or update a peer. `None` means "not sent".
#[derive(Debug, Clone, Default)]
pub struct PeerPatch {
    pub name: Option<String>,
    pub description: Option<String>,
    pub is_default: Option<bool>,
    pub short_messaging_protocol: Option<String>,
    pub voice_hosts: Option<Vec<Host>>,
    pub voice_host_groups: Option<Vec<Vec<Host>>>,
    pub sms_hosts: Option<Vec<Host>>,
    pub termination_hosts: Option<Vec<TerminationHost>>,
    pub calling_name: Option<CallingName>,
    pub final_destination_uri: Option<String>,
    pub billing_identifier: Option<String>,
    pub address: Option<Address>,
}

/// A peer's validated content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerFields {
    pub name: String,
    pub description: Option<String>,
    pub settings: PeerSettings,
}

/// A stored SIP peer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SipPeer {
    pub id: PeerId,
    pub account_id: AccountId,
    pub site_id: SiteId,
    pub fields: PeerFields,
    pub is_default: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

fn check_name(name: &str) -> Result<String, CoreError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(CoreError::invalid(
            codes::PEER_NAME_REQUIRED,
            "Peer Name is required",
        ));
    }
    if name.chars().count() > MAX_PEER_NAME {
        return Err(CoreError::invalid(
            codes::PEER_NAME_TOO_LONG,
            format!("Peer Name must be at most {MAX_PEER_NAME} characters"),
        ));
    }
    // The real rule says alphanumerics only, but real peers have spaces,
    // dashes and dots in their names; accept those, refuse the rest.
    if !name
        .chars()
        .all(|c| c.is_alphanumeric() || " -_.".contains(c))
    {
        return Err(CoreError::invalid(
            codes::PEER_NAME_CHARS,
            "Peer Name may contain only letters, digits, spaces, '-', '_' and '.'",
        ));
    }
    Ok(name.to_string())
}

fn check_description(d: Option<String>) -> Result<Option<String>, CoreError> {
    let d = d.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    if let Some(v) = &d
        && (v.chars().count() > MAX_PEER_DESCRIPTION || v.chars().any(char::is_control))
    {
        return Err(CoreError::invalid(
            codes::PEER_DESCRIPTION_TOO_LONG,
            format!("Description must be at most {MAX_PEER_DESCRIPTION} printable characters"),
        ));
    }
    Ok(d)
}

fn check_settings(s: &PeerSettings) -> Result<(), CoreError> {
    if !s.voice_hosts.is_empty() && !s.voice_host_groups.is_empty() {
        return Err(CoreError::invalid(
            codes::PEER_HOSTS_AND_GROUPS,
            "VoiceHosts and VoiceHostGroups cannot be used together",
        ));
    }
    if s.voice_hosts.len() > MAX_VOICE_HOSTS {
        return Err(CoreError::invalid(
            codes::PEER_HOST_INVALID,
            format!("A SIP peer may have at most {MAX_VOICE_HOSTS} voice hosts"),
        ));
    }
    if let Some(p) = &s.short_messaging_protocol
        && !SMS_PROTOCOLS.iter().any(|k| k.eq_ignore_ascii_case(p))
    {
        return Err(CoreError::invalid(
            codes::INVALID_VALUE,
            format!("ShortMessagingProtocol '{p}' is not one of SMPP, HTTP, SIP"),
        ));
    }
    if let Some(a) = &s.address {
        a.check_format()?;
    }
    Ok(())
}

fn trimmed(v: Option<String>) -> Option<String> {
    v.map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

impl PeerFields {
    /// Validates a create; `PeerName` is required.
    pub fn create(patch: PeerPatch) -> Result<Self, CoreError> {
        let settings = PeerSettings {
            short_messaging_protocol: trimmed(patch.short_messaging_protocol)
                .map(|p| p.to_ascii_uppercase()),
            voice_hosts: patch.voice_hosts.unwrap_or_default(),
            voice_host_groups: patch.voice_host_groups.unwrap_or_default(),
            sms_hosts: patch.sms_hosts.unwrap_or_default(),
            termination_hosts: patch.termination_hosts.unwrap_or_default(),
            calling_name: patch.calling_name.unwrap_or_default(),
            final_destination_uri: trimmed(patch.final_destination_uri),
            billing_identifier: trimmed(patch.billing_identifier),
            address: patch.address.map(Address::normalised),
            products: PeerProducts::default(),
        };
        check_settings(&settings)?;
        Ok(PeerFields {
            name: check_name(patch.name.as_deref().unwrap_or(""))?,
            description: check_description(patch.description)?,
            settings,
        })
    }

    /// Applies an update. Fields sent replace the stored ones; a missing
    /// `CallingName` resets caller-name display to off, as the real service does.
    pub fn apply(&self, patch: PeerPatch) -> Result<Self, CoreError> {
        let mut next = self.clone();
        if let Some(name) = patch.name {
            next.name = check_name(&name)?;
        }
        if patch.description.is_some() {
            next.description = check_description(patch.description)?;
        }
        let s = &mut next.settings;
        if patch.short_messaging_protocol.is_some() {
            s.short_messaging_protocol =
                trimmed(patch.short_messaging_protocol).map(|p| p.to_ascii_uppercase());
        }
        if let Some(v) = patch.voice_hosts {
            s.voice_hosts = v;
        }
        if let Some(v) = patch.voice_host_groups {
            s.voice_host_groups = v;
        }
        if let Some(v) = patch.sms_hosts {
            s.sms_hosts = v;
        }
        if let Some(v) = patch.termination_hosts {
            s.termination_hosts = v;
        }
        s.calling_name = patch.calling_name.unwrap_or_default();
        if patch.final_destination_uri.is_some() {
            s.final_destination_uri = trimmed(patch.final_destination_uri);
        }
        if patch.billing_identifier.is_some() {
            s.billing_identifier = trimmed(patch.billing_identifier);
        }
        if let Some(a) = patch.address {
            s.address = Some(a.normalised());
        }
        check_settings(&next.settings)?;
        Ok(next)
    }
}

/// The real service's error for an unknown peer (a 400 there; tnhub answers 404).
pub fn peer_not_found(peer: &str, account: &AccountId, site: &str) -> CoreError {
    CoreError::not_found(
        codes::PEER_NOT_FOUND,
        format!("Sip Peer '{peer}' account '{account}' and site '{site}' does not exist"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(n: &str) -> Host {
        Host::parse(n, None).unwrap()
    }

    #[test]
    fn names_and_hosts_are_checked() {
        let ok = PeerFields::create(PeerPatch {
            name: Some("peer-1 a.b".into()),
            ..PeerPatch::default()
        });
        assert!(ok.is_ok());
        let err = PeerFields::create(PeerPatch::default()).unwrap_err();
        assert_eq!(err.code, Some(codes::PEER_NAME_REQUIRED));
        let err = PeerFields::create(PeerPatch {
            name: Some("x".repeat(51)),
            ..PeerPatch::default()
        })
        .unwrap_err();
        assert_eq!(err.code, Some(codes::PEER_NAME_TOO_LONG));
        let err = PeerFields::create(PeerPatch {
            name: Some("a<b".into()),
            ..PeerPatch::default()
        })
        .unwrap_err();
        assert_eq!(err.code, Some(codes::PEER_NAME_CHARS));
        let err = PeerFields::create(PeerPatch {
            name: Some("p".into()),
            voice_hosts: Some(vec![host("192.0.2.1")]),
            voice_host_groups: Some(vec![vec![host("192.0.2.2")]]),
            ..PeerPatch::default()
        })
        .unwrap_err();
        assert_eq!(err.code, Some(codes::PEER_HOSTS_AND_GROUPS));
        assert!(Host::parse("sip.example.com", Some("5060")).is_ok());
        assert!(Host::parse("2001:db8::1", None).is_ok());
        assert!(Host::parse("bad host", None).is_err());
        assert!(Host::parse("h", Some("70000")).is_err());
    }

    #[test]
    fn update_resets_calling_name_when_absent() {
        let p = PeerFields::create(PeerPatch {
            name: Some("p".into()),
            calling_name: Some(CallingName {
                display: true,
                enforced: true,
            }),
            ..PeerPatch::default()
        })
        .unwrap();
        let next = p
            .apply(PeerPatch {
                description: Some("d".into()),
                ..PeerPatch::default()
            })
            .unwrap();
        assert_eq!(next.settings.calling_name, CallingName::default());
        assert_eq!(next.name, "p");
    }
}
