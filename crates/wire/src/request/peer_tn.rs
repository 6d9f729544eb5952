//! The bodies of `PUT …/sippeers/{p}/tns/{tn}` (one number's settings on
//! its SIP peer) and `POST /tns` (numbers to look up), wire-format.md 2.6
//! and 2.7.
//!
//! Node sends `<SipPeerTelephoneNumber>` in the order its object was built,
//! Python alphabetically and with `<RpidFormat>` for `RPIDFormat` (names
//! are matched without case); both are read here.

use serde::Deserialize;

use super::RequestDocument;

/// `<SipPeerTelephoneNumber>`: every element optional, text as sent.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SipPeerTelephoneNumberBody {
    #[serde(rename = "fullnumber")]
    pub full_number: Option<String>,
    #[serde(rename = "numberformat")]
    pub number_format: Option<String>,
    #[serde(rename = "rpidformat")]
    pub rpid_format: Option<String>,
    #[serde(rename = "rewriteuser")]
    pub rewrite_user: Option<String>,
    #[serde(rename = "callforward")]
    pub call_forward: Option<String>,
    /// `true`/`false` as the real examples write it; Node users also send
    /// `on`/`off` (the `tnoptions` spelling).
    #[serde(rename = "callingnamedisplay")]
    pub calling_name_display: Option<String>,
    /// Present (possibly empty) or absent: the two mean different things.
    #[serde(rename = "tnattributes", default)]
    pub tn_attributes: Vec<TnAttributesBody>,
    #[serde(rename = "messagingsettings", default)]
    pub messaging_settings: Vec<MessagingSettingsBody>,
}

impl RequestDocument for SipPeerTelephoneNumberBody {
    const ROOTS: &'static [&'static str] = &["SipPeerTelephoneNumber"];
}

/// `<TnAttributes><TnAttribute/>*</TnAttributes>`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TnAttributesBody {
    #[serde(rename = "tnattribute", default)]
    pub attributes: Vec<String>,
}

/// `<MessagingSettings><SmsEnabled/></MessagingSettings>` (other children ignored).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MessagingSettingsBody {
    #[serde(rename = "smsenabled")]
    pub sms_enabled: Option<String>,
}

impl SipPeerTelephoneNumberBody {
    /// The attributes listed, or `None` when no `<TnAttributes>` was sent.
    pub fn attributes(&self) -> Option<Vec<String>> {
        (!self.tn_attributes.is_empty()).then(|| {
            self.tn_attributes
                .iter()
                .flat_map(|w| w.attributes.iter().cloned())
                .collect()
        })
    }

    /// The last `SmsEnabled` sent, if any.
    pub fn sms_enabled(&self) -> Option<String> {
        self.messaging_settings
            .iter()
            .rev()
            .find_map(|m| m.sms_enabled.clone())
    }
}

/// `<TnList><Tn/>*</TnList>`, the body of `POST /tns`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TnListRequest {
    #[serde(rename = "tn", default)]
    pub tns: Vec<String>,
}

impl RequestDocument for TnListRequest {
    const ROOTS: &'static [&'static str] = &["TnList"];
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::from_request;

    #[test]
    fn reads_what_node_and_python_send() {
        let node = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<SipPeerTelephoneNumber>\n  <FullNumber>9195550101</FullNumber>\n  <CallingNameDisplay>on</CallingNameDisplay>\n  <RpidFormat>e164</RpidFormat>\n</SipPeerTelephoneNumber>";
        let b: SipPeerTelephoneNumberBody =
            from_request(node.as_bytes(), SipPeerTelephoneNumberBody::ROOTS).unwrap();
        assert_eq!(b.full_number.as_deref(), Some("9195550101"));
        assert_eq!(b.calling_name_display.as_deref(), Some("on"));
        assert_eq!(b.rpid_format.as_deref(), Some("e164"));
        assert_eq!(b.attributes(), None);
        let python = "<?xml version='1.0' encoding='UTF-8'?>\n<SipPeerTelephoneNumber><CallingNameDisplay>true</CallingNameDisplay><FullNumber>9195550101</FullNumber><RpidFormat>e164</RpidFormat></SipPeerTelephoneNumber>";
        let b: SipPeerTelephoneNumberBody =
            from_request(python.as_bytes(), SipPeerTelephoneNumberBody::ROOTS).unwrap();
        assert_eq!(b.calling_name_display.as_deref(), Some("true"));
    }

    #[test]
    fn an_empty_attribute_list_differs_from_none() {
        let full = "<SipPeerTelephoneNumber><TnAttributes><TnAttribute>Protected</TnAttribute></TnAttributes>\
                    <MessagingSettings><SmsEnabled>true</SmsEnabled></MessagingSettings></SipPeerTelephoneNumber>";
        let b: SipPeerTelephoneNumberBody =
            from_request(full.as_bytes(), SipPeerTelephoneNumberBody::ROOTS).unwrap();
        assert_eq!(b.attributes(), Some(vec!["Protected".to_string()]));
        assert_eq!(b.sms_enabled().as_deref(), Some("true"));
        let empty = "<SipPeerTelephoneNumber><TnAttributes/></SipPeerTelephoneNumber>";
        let b: SipPeerTelephoneNumberBody =
            from_request(empty.as_bytes(), SipPeerTelephoneNumberBody::ROOTS).unwrap();
        assert_eq!(b.attributes(), Some(vec![]));
    }

    #[test]
    fn reads_a_tn_list() {
        let b: TnListRequest = from_request(
            b"<TnList><Tn>9195550101</Tn><Tn>9195550102</Tn></TnList>",
            TnListRequest::ROOTS,
        )
        .unwrap();
        assert_eq!(b.tns, vec!["9195550101", "9195550102"]);
    }
}
