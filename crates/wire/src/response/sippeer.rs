//! SIP peers: `SipPeerResponse` and the list root `TNSipPeersResponse`.

use serde::Serialize;

use super::AddressXml;
use crate::write::Document;

/// One SIP peer as the real GET writes it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SipPeerXml {
    pub peer_id: i64,
    pub peer_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub is_default_peer: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short_messaging_protocol: Option<String>,
    pub voice_hosts: Hosts,
    pub voice_host_groups: HostGroups,
    pub sms_hosts: Hosts,
    pub termination_hosts: TerminationHosts,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub final_destination_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_identifier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<AddressXml>,
    pub calling_name: CallingNameXml,
}

/// `<VoiceHosts>`/`<SmsHosts>`: repeated `<Host>`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Hosts {
    #[serde(rename = "Host")]
    pub hosts: Vec<HostXml>,
}

/// `<Host><HostName/>[<Port/>]</Host>`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct HostXml {
    pub host_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
}

/// `<VoiceHostGroups>`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct HostGroups {
    #[serde(rename = "VoiceHostGroup")]
    pub groups: Vec<Hosts>,
}

/// `<TerminationHosts>`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TerminationHosts {
    #[serde(rename = "TerminationHost")]
    pub hosts: Vec<TerminationHostXml>,
}

/// One termination host.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TerminationHostXml {
    pub host_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_traffic_allowed: Option<String>,
    pub data_allowed: bool,
}

/// `<CallingName><Display/><Enforced/></CallingName>`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CallingNameXml {
    pub display: bool,
    pub enforced: bool,
}

/// `<SipPeerResponse><SipPeer>…</SipPeer></SipPeerResponse>`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SipPeerResponse {
    pub sip_peer: SipPeerXml,
}

impl Document for SipPeerResponse {
    const ROOT: &'static str = "SipPeerResponse";
}

/// `<TNSipPeersResponse><SipPeers><SipPeer/>*</SipPeers></TNSipPeersResponse>`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SipPeersResponse {
    pub sip_peers: SipPeers,
}

/// The `<SipPeers>` wrapper.
#[derive(Debug, Serialize)]
pub struct SipPeers {
    #[serde(rename = "SipPeer")]
    pub peers: Vec<SipPeerXml>,
}

impl Document for SipPeersResponse {
    const ROOT: &'static str = "TNSipPeersResponse";
}
