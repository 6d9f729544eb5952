//! A SIP peer's product settings as sent to `…/sippeers/{p}/products/…`:
//! `<SipPeerSmsFeature>`, `<MmsFeature>`, `<ApplicationsSettings>` and
//! `<SipPeerOriginationSettings>`/`<SipPeerTerminationSettings>`.

use serde::Deserialize;

use super::RequestDocument;

/// `<SipPeerSmsFeature>` (POST/PUT `…/products/messaging/features/sms`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SmsFeatureBody {
    #[serde(rename = "sippeersmsfeaturesettings")]
    pub settings: Option<SmsSettingsBody>,
    #[serde(rename = "httpsettings")]
    pub http_settings: Option<HttpSettingsBody>,
}

impl RequestDocument for SmsFeatureBody {
    const ROOTS: &'static [&'static str] = &["SipPeerSmsFeature"];
}

/// `<SipPeerSmsFeatureSettings>`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SmsSettingsBody {
    #[serde(rename = "tollfree")]
    pub toll_free: Option<String>,
    #[serde(rename = "shortcode")]
    pub short_code: Option<String>,
    #[serde(rename = "protocol")]
    pub protocol: Option<String>,
    #[serde(rename = "zone1")]
    pub zone1: Option<String>,
    #[serde(rename = "zone2")]
    pub zone2: Option<String>,
    #[serde(rename = "zone3")]
    pub zone3: Option<String>,
    #[serde(rename = "zone4")]
    pub zone4: Option<String>,
    #[serde(rename = "zone5")]
    pub zone5: Option<String>,
}

/// `<HttpSettings>` of messaging (`ProxyPeerId`) and voice
/// (`HttpVoiceV2AppId`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct HttpSettingsBody {
    #[serde(rename = "proxypeerid")]
    pub proxy_peer_id: Option<String>,
    #[serde(rename = "httpvoicev2appid")]
    pub http_voice_v2_app_id: Option<String>,
}

/// `<MmsFeature>` (POST/PUT `…/products/messaging/features/mms`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MmsFeatureBody {
    #[serde(rename = "mmssettings")]
    pub settings: Option<MmsSettingsBody>,
    #[serde(rename = "protocols")]
    pub protocols: Option<MmsProtocolsBody>,
}

impl RequestDocument for MmsFeatureBody {
    const ROOTS: &'static [&'static str] = &["MmsFeature"];
}

/// `<MmsSettings><protocol/></MmsSettings>`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MmsSettingsBody {
    #[serde(rename = "protocol")]
    pub protocol: Option<String>,
}

/// `<Protocols><HTTP><HttpSettings/></HTTP></Protocols>`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MmsProtocolsBody {
    #[serde(rename = "http")]
    pub http: Option<MmsHttpBody>,
}

/// `<HTTP>` of the MMS protocols.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MmsHttpBody {
    #[serde(rename = "httpsettings")]
    pub http_settings: Option<HttpSettingsBody>,
}

/// `<ApplicationsSettings>` (PUT `…/products/messaging/applicationSettings`):
/// `<HttpMessagingV2AppId>`, or the text `REMOVE` (Node's `removeApplication`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ApplicationsSettingsBody {
    #[serde(rename = "httpmessagingv2appid")]
    pub app_id: Option<String>,
    #[serde(rename = "$text", default)]
    pub text: Option<String>,
}

impl RequestDocument for ApplicationsSettingsBody {
    const ROOTS: &'static [&'static str] = &["ApplicationsSettings", "ApplicationSettings"];
}

/// `<SipPeerOriginationSettings>` / `<SipPeerTerminationSettings>`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct VoiceSettingsBody {
    #[serde(rename = "voiceprotocol")]
    pub voice_protocol: Option<String>,
    #[serde(rename = "httpsettings")]
    pub http_settings: Option<HttpSettingsBody>,
}

/// The origination root.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(transparent)]
pub struct OriginationBody(pub VoiceSettingsBody);

impl RequestDocument for OriginationBody {
    const ROOTS: &'static [&'static str] = &["SipPeerOriginationSettings"];
}

/// The termination root.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(transparent)]
pub struct TerminationBody(pub VoiceSettingsBody);

impl RequestDocument for TerminationBody {
    const ROOTS: &'static [&'static str] = &["SipPeerTerminationSettings"];
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::from_request;

    #[test]
    fn reads_the_guides_examples() {
        let sms: SmsFeatureBody = from_request(
            b"<SipPeerSmsFeature><SipPeerSmsFeatureSettings><TollFree>true</TollFree><ShortCode>false</ShortCode>\
              <Protocol>HTTP</Protocol><Zone1>true</Zone1></SipPeerSmsFeatureSettings>\
              <HttpSettings><ProxyPeerId>539692</ProxyPeerId></HttpSettings></SipPeerSmsFeature>",
            SmsFeatureBody::ROOTS,
        )
        .unwrap();
        assert_eq!(sms.settings.unwrap().protocol.as_deref(), Some("HTTP"));
        assert_eq!(
            sms.http_settings.unwrap().proxy_peer_id.as_deref(),
            Some("539692")
        );
        let mms: MmsFeatureBody = from_request(
            b"<MmsFeature><MmsSettings><protocol>HTTP</protocol></MmsSettings><Protocols><HTTP><HttpSettings>\
              <ProxyPeerId>539692</ProxyPeerId></HttpSettings></HTTP></Protocols></MmsFeature>",
            MmsFeatureBody::ROOTS,
        )
        .unwrap();
        assert_eq!(
            mms.protocols
                .unwrap()
                .http
                .unwrap()
                .http_settings
                .unwrap()
                .proxy_peer_id
                .as_deref(),
            Some("539692")
        );
        let remove: ApplicationsSettingsBody = from_request(
            b"<ApplicationsSettings>REMOVE</ApplicationsSettings>",
            ApplicationsSettingsBody::ROOTS,
        )
        .unwrap();
        assert_eq!(remove.text.as_deref(), Some("REMOVE"));
        let o: OriginationBody = from_request(
            b"<SipPeerOriginationSettings><VoiceProtocol>HTTP</VoiceProtocol><HttpSettings>\
              <HttpVoiceV2AppId>a</HttpVoiceV2AppId></HttpSettings></SipPeerOriginationSettings>",
            OriginationBody::ROOTS,
        )
        .unwrap();
        assert_eq!(
            o.0.http_settings.unwrap().http_voice_v2_app_id.as_deref(),
            Some("a")
        );
    }
}
