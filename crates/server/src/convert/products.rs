//! A SIP peer's product settings between the wire and the domain, and the
//! product lists of peers and accounts.

use tnhub_core::products::{
    MmsFeature, MmsPatch, PeerProducts, SmsFeature, SmsPatch, VoicePatch, VoiceSettings,
};
use tnhub_wire::request::products::{MmsFeatureBody, SmsFeatureBody, VoiceSettingsBody};
use tnhub_wire::response::products::{
    FeaturesXml, MmsFeatureXml, MmsHttpXml, MmsProtocolsXml, MmsProxyXml, MmsSettingsXml,
    ProductXml, ProxyXml, SmsFeatureXml, SmsSettingsXml, VoiceHttpXml, VoiceSettingsXml,
};

/// `<SipPeerSmsFeature>` as a patch.
pub fn sms_patch(b: SmsFeatureBody) -> SmsPatch {
    let s = b.settings.unwrap_or_default();
    SmsPatch {
        toll_free: s.toll_free,
        short_code: s.short_code,
        protocol: s.protocol,
        zones: [s.zone1, s.zone2, s.zone3, s.zone4, s.zone5],
        proxy_peer_id: b.http_settings.and_then(|h| h.proxy_peer_id),
    }
}

/// `<MmsFeature>` as a patch.
pub fn mms_patch(b: MmsFeatureBody) -> MmsPatch {
    MmsPatch {
        protocol: b.settings.and_then(|s| s.protocol),
        proxy_peer_id: b
            .protocols
            .and_then(|p| p.http)
            .and_then(|h| h.http_settings)
            .and_then(|h| h.proxy_peer_id),
    }
}

/// Origination or termination settings as a patch.
pub fn voice_patch(b: VoiceSettingsBody) -> VoicePatch {
    VoicePatch {
        voice_protocol: b.voice_protocol,
        http_voice_v2_app_id: b.http_settings.and_then(|h| h.http_voice_v2_app_id),
    }
}

/// The SMS feature as written.
pub fn sms_xml(s: &SmsFeature) -> SmsFeatureXml {
    let [zone1, zone2, zone3, zone4, zone5] = s.zones;
    SmsFeatureXml {
        sip_peer_sms_feature_settings: SmsSettingsXml {
            toll_free: s.toll_free,
            short_code: s.short_code,
            protocol: s.protocol.clone(),
            zone1,
            zone2,
            zone3,
            zone4,
            zone5,
        },
        http_settings: s
            .proxy_peer_id
            .clone()
            .map(|proxy_peer_id| ProxyXml { proxy_peer_id }),
    }
}

/// The MMS feature as written.
pub fn mms_xml(m: &MmsFeature) -> MmsFeatureXml {
    MmsFeatureXml {
        mms_settings: MmsSettingsXml {
            protocol: m.protocol.clone(),
        },
        protocols: MmsProtocolsXml {
            http: m.proxy_peer_id.clone().map(|proxy_peer_id| MmsHttpXml {
                http_settings: MmsProxyXml { proxy_peer_id },
            }),
        },
    }
}

/// Origination or termination settings as written.
pub fn voice_xml(v: &VoiceSettings) -> VoiceSettingsXml {
    VoiceSettingsXml {
        voice_protocol: v.voice_protocol.clone(),
        http_settings: v
            .http_voice_v2_app_id
            .clone()
            .map(|http_voice_v2_app_id| VoiceHttpXml {
                http_voice_v2_app_id,
            }),
    }
}

fn product(name: &str, features: Vec<&str>) -> ProductXml {
    ProductXml {
        name: name.to_string(),
        features: (!features.is_empty()).then(|| FeaturesXml {
            features: features.into_iter().map(str::to_string).collect(),
        }),
    }
}

/// What a peer has enabled: `Origination` and `Termination` (with
/// `HttpVoice` when HTTP voice is set) and `Messaging` with `SMS`, `MMS`
/// and `HttpMessagingV2` as set.
pub fn peer_products(p: &PeerProducts) -> Vec<ProductXml> {
    let http = |v: &Option<VoiceSettings>| {
        v.as_ref()
            .filter(|v| v.voice_protocol == "HTTP")
            .map(|_| "HttpVoice")
            .into_iter()
            .collect::<Vec<_>>()
    };
    let mut out = vec![
        product("Origination", http(&p.origination)),
        product("Termination", http(&p.termination)),
    ];
    if p.messaging() {
        let mut f = vec!["SMS"];
        if p.mms.is_some() {
            f.push("MMS");
        }
        if p.messaging_application.is_some() {
            f.push("HttpMessagingV2");
        }
        out.push(product("Messaging", f));
    }
    out
}

/// What every tnhub account has: the products whose calls tnhub serves
/// (the names the real service uses where the clients' fixtures show
/// them); `LNP` as `GET /accounts/{a}` says `LnpEnabled`.
pub fn account_products() -> Vec<ProductXml> {
    vec![
        product("Origination", vec!["OrigHttpVoice"]),
        product("Termination", vec!["TermHttpVoice"]),
        product("Messaging", vec!["SMS", "MMS", "HttpMessagingV2"]),
        product("VirtualInventory", vec![]),
        product("LNP", vec![]),
        product("CNAM", vec![]),
        product("DLDA", vec![]),
    ]
}
