//! `<SipPeer>` as sent to `POST …/sites/{s}/sippeers` and `PUT …/sippeers/{p}`.
//!
//! Node sends `<SiteId>` and, on update, every property of the object it
//! holds (including `<PeerId>`); those are ignored here by not being fields.

use serde::Deserialize;

use super::{AddressBody, RequestDocument};

/// A SIP peer create or update.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SipPeerBody {
    #[serde(rename = "peername")]
    pub peer_name: Option<String>,
    #[serde(rename = "description")]
    pub description: Option<String>,
    #[serde(rename = "isdefaultpeer")]
    pub is_default_peer: Option<String>,
    #[serde(rename = "shortmessagingprotocol")]
    pub short_messaging_protocol: Option<String>,
    #[serde(rename = "voicehosts", default)]
    pub voice_hosts: Vec<HostsBody>,
    #[serde(rename = "voicehostgroups", default)]
    pub voice_host_groups: Vec<HostGroupsBody>,
    #[serde(rename = "smshosts", default)]
    pub sms_hosts: Vec<HostsBody>,
    #[serde(rename = "terminationhosts", default)]
    pub termination_hosts: Vec<TerminationHostsBody>,
    #[serde(rename = "callingname")]
    pub calling_name: Option<CallingNameBody>,
    #[serde(rename = "finaldestinationuri")]
    pub final_destination_uri: Option<String>,
    #[serde(rename = "billingidentifier")]
    pub billing_identifier: Option<String>,
    #[serde(rename = "address")]
    pub address: Option<AddressBody>,
}

impl RequestDocument for SipPeerBody {
    const ROOTS: &'static [&'static str] = &["SipPeer"];
}

/// `<VoiceHosts>` / `<SmsHosts>`: repeated `<Host>`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct HostsBody {
    #[serde(rename = "host", default)]
    pub hosts: Vec<HostBody>,
}

/// `<Host><HostName/>[<Port/>]</Host>`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct HostBody {
    #[serde(rename = "hostname")]
    pub host_name: Option<String>,
    #[serde(rename = "port")]
    pub port: Option<String>,
}

/// `<VoiceHostGroups><VoiceHostGroup><Host/>*</VoiceHostGroup>*</VoiceHostGroups>`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct HostGroupsBody {
    #[serde(rename = "voicehostgroup", default)]
    pub groups: Vec<HostsBody>,
}

/// `<TerminationHosts>`: repeated `<TerminationHost>`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TerminationHostsBody {
    #[serde(rename = "terminationhost", default)]
    pub hosts: Vec<TerminationHostBody>,
}

/// One termination host.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TerminationHostBody {
    #[serde(rename = "hostname")]
    pub host_name: Option<String>,
    #[serde(rename = "port")]
    pub port: Option<String>,
    #[serde(rename = "customertrafficallowed")]
    pub customer_traffic_allowed: Option<String>,
    #[serde(rename = "dataallowed")]
    pub data_allowed: Option<String>,
}

/// `<CallingName><Display/><Enforced/></CallingName>`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CallingNameBody {
    #[serde(rename = "display")]
    pub display: Option<String>,
    #[serde(rename = "enforced")]
    pub enforced: Option<String>,
}
