//! Product settings: a SIP peer's SMS and MMS features, messaging
//! application, origination and termination settings and product list,
//! the account's products and its hosts roll-up (`A/hosts`).

use serde::Serialize;

use super::sippeer::{Hosts, TerminationHosts};
use crate::write::Document;

/// `<SipPeerSmsFeatureResponse><SipPeerSmsFeature>…`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SmsFeatureResponse {
    pub sip_peer_sms_feature: SmsFeatureXml,
}

impl Document for SmsFeatureResponse {
    const ROOT: &'static str = "SipPeerSmsFeatureResponse";
}

/// `<SipPeerSmsFeature>`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SmsFeatureXml {
    pub sip_peer_sms_feature_settings: SmsSettingsXml,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_settings: Option<ProxyXml>,
}

/// `<SipPeerSmsFeatureSettings>`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SmsSettingsXml {
    pub toll_free: bool,
    pub short_code: bool,
    pub protocol: String,
    pub zone1: bool,
    pub zone2: bool,
    pub zone3: bool,
    pub zone4: bool,
    pub zone5: bool,
}

/// `<HttpSettings><ProxyPeerId/></HttpSettings>` of SMS.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProxyXml {
    pub proxy_peer_id: String,
}

/// `<MmsFeatureResponse><MmsFeature>…`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MmsFeatureResponse {
    pub mms_feature: MmsFeatureXml,
}

impl Document for MmsFeatureResponse {
    const ROOT: &'static str = "MmsFeatureResponse";
}

/// `<MmsFeature><MmsSettings><protocol/></MmsSettings><Protocols/></MmsFeature>`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MmsFeatureXml {
    pub mms_settings: MmsSettingsXml,
    pub protocols: MmsProtocolsXml,
}

/// `<MmsSettings>`: the real service spells its child in lower case.
#[derive(Debug, Serialize)]
pub struct MmsSettingsXml {
    pub protocol: String,
}

/// `<Protocols>[<HTTP><HttpSettings><proxyPeerId/></HttpSettings></HTTP>]`.
#[derive(Debug, Serialize)]
pub struct MmsProtocolsXml {
    #[serde(rename = "HTTP", skip_serializing_if = "Option::is_none")]
    pub http: Option<MmsHttpXml>,
}

/// `<HTTP>` of the MMS protocols.
#[derive(Debug, Serialize)]
pub struct MmsHttpXml {
    #[serde(rename = "HttpSettings")]
    pub http_settings: MmsProxyXml,
}

/// MMS's `<HttpSettings>`: `proxyPeerId` in lower camel case, as written
/// by the real service.
#[derive(Debug, Serialize)]
pub struct MmsProxyXml {
    #[serde(rename = "proxyPeerId")]
    pub proxy_peer_id: String,
}

/// `<ApplicationSettingsResponse><ApplicationSettings>[<HttpMessagingV2AppId/>]`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApplicationSettingsResponse {
    pub application_settings: ApplicationSettingsXml,
}

impl Document for ApplicationSettingsResponse {
    const ROOT: &'static str = "ApplicationSettingsResponse";
}

/// `<ApplicationSettings>`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApplicationSettingsXml {
    #[serde(
        rename = "HttpMessagingV2AppId",
        skip_serializing_if = "Option::is_none"
    )]
    pub http_messaging_v2_app_id: Option<String>,
}

/// Origination or termination settings.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VoiceSettingsXml {
    pub voice_protocol: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_settings: Option<VoiceHttpXml>,
}

/// `<HttpSettings><HttpVoiceV2AppId/></HttpSettings>`.
#[derive(Debug, Serialize)]
pub struct VoiceHttpXml {
    #[serde(rename = "HttpVoiceV2AppId")]
    pub http_voice_v2_app_id: String,
}

/// `<SipPeerOriginationSettingsResponse>`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OriginationResponse {
    pub sip_peer_origination_settings: VoiceSettingsXml,
}

impl Document for OriginationResponse {
    const ROOT: &'static str = "SipPeerOriginationSettingsResponse";
}

/// `<SipPeerTerminationSettingsResponse>`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TerminationResponse {
    pub sip_peer_termination_settings: VoiceSettingsXml,
}

impl Document for TerminationResponse {
    const ROOT: &'static str = "SipPeerTerminationSettingsResponse";
}

/// `<Products><Product><Name/><Features><Feature/>*</Features></Product>*`.
#[derive(Debug, Serialize)]
pub struct ProductsXml {
    #[serde(rename = "Product")]
    pub products: Vec<ProductXml>,
}

/// One product and its features.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProductXml {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub features: Option<FeaturesXml>,
}

/// `<Features><Feature/>*</Features>`.
#[derive(Debug, Serialize)]
pub struct FeaturesXml {
    #[serde(rename = "Feature")]
    pub features: Vec<String>,
}

/// `GET A/products`: `<AccountProductsResponse><Products>…`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccountProductsResponse {
    pub products: ProductsXml,
}

impl Document for AccountProductsResponse {
    const ROOT: &'static str = "AccountProductsResponse";
}

/// `GET …/sippeers/{p}/products`: `<SipPeerProductsResponse><Products>…`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PeerProductsResponse {
    pub products: ProductsXml,
}

impl Document for PeerProductsResponse {
    const ROOT: &'static str = "SipPeerProductsResponse";
}

/// `GET …/products/termination/hosts`: the peer's termination hosts.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TerminationHostsResponse {
    pub termination_hosts: TerminationHosts,
}

impl Document for TerminationHostsResponse {
    const ROOT: &'static str = "TerminationHostsResponse";
}

/// `GET A/hosts`: `<SiteHosts><SiteHost>*`.
#[derive(Debug, Serialize)]
pub struct SiteHostsResponse {
    #[serde(rename = "SiteHost")]
    pub sites: Vec<SiteHostXml>,
}

impl Document for SiteHostsResponse {
    const ROOT: &'static str = "SiteHosts";
}

/// One site's peers and their hosts.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SiteHostXml {
    pub site_id: i64,
    pub sip_peer_hosts: SipPeerHostsXml,
}

/// `<SipPeerHosts><SipPeerHost/>*`.
#[derive(Debug, Serialize)]
pub struct SipPeerHostsXml {
    #[serde(rename = "SipPeerHost")]
    pub peers: Vec<SipPeerHostXml>,
}

/// One peer's hosts.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SipPeerHostXml {
    pub sip_peer_id: i64,
    pub voice_hosts: Hosts,
    pub sms_hosts: Hosts,
    pub termination_hosts: TerminationHosts,
}
