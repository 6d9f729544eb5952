//! `<Application>` as sent to `POST|PUT|PATCH …/applications[/{id}]`.
//!
//! Node's `createVoiceApplication`/`createMessagingApplication` send the
//! object they were given with `ServiceType` set; Bandwidth's guides also
//! spell the messaging URL `CallbackUrl`, read here as `MsgCallbackUrl`.

use serde::Deserialize;

use super::RequestDocument;

/// An application create, replace or patch.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ApplicationBody {
    #[serde(rename = "servicetype")]
    pub service_type: Option<String>,
    #[serde(rename = "appname")]
    pub app_name: Option<String>,
    #[serde(rename = "msgcallbackurl")]
    pub msg_callback_url: Option<String>,
    #[serde(rename = "callbackurl")]
    pub callback_url: Option<String>,
    #[serde(rename = "inboundcallbackurl")]
    pub inbound_callback_url: Option<String>,
    #[serde(rename = "outboundcallbackurl")]
    pub outbound_callback_url: Option<String>,
    #[serde(rename = "inboundcallbackcreds")]
    pub inbound_callback_creds: Option<CredentialsBody>,
    #[serde(rename = "outboundcallbackcreds")]
    pub outbound_callback_creds: Option<CredentialsBody>,
    #[serde(rename = "callinitiatedcallbackurl")]
    pub call_initiated_callback_url: Option<String>,
    #[serde(rename = "callinitiatedmethod")]
    pub call_initiated_method: Option<String>,
    #[serde(rename = "callstatuscallbackurl")]
    pub call_status_callback_url: Option<String>,
    #[serde(rename = "callstatusmethod")]
    pub call_status_method: Option<String>,
    #[serde(rename = "callbackcreds")]
    pub callback_creds: Option<CredentialsBody>,
}

impl RequestDocument for ApplicationBody {
    const ROOTS: &'static [&'static str] = &["Application"];
}

/// `<CallbackCreds><UserId/><Password/></CallbackCreds>` (also empty).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CredentialsBody {
    #[serde(rename = "userid")]
    pub user_id: Option<String>,
    #[serde(rename = "password")]
    pub password: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::from_request;

    #[test]
    fn reads_both_kinds_and_empty_credentials() {
        let m: ApplicationBody = from_request(
            b"<Application><AppName>a</AppName><CallbackUrl>https://x/y</CallbackUrl><CallbackCreds/></Application>",
            ApplicationBody::ROOTS,
        )
        .unwrap();
        assert_eq!(m.callback_url.as_deref(), Some("https://x/y"));
        assert!(m.callback_creds.is_some_and(|c| c.user_id.is_none()));
        let v: ApplicationBody = from_request(
            b"<Application><ServiceType>Voice-V2</ServiceType><CallInitiatedCallbackUrl>https://v</CallInitiatedCallbackUrl>\
              <CallbackCreds><UserId>u</UserId><Password>p</Password></CallbackCreds></Application>",
            ApplicationBody::ROOTS,
        )
        .unwrap();
        assert_eq!(v.service_type.as_deref(), Some("Voice-V2"));
        assert_eq!(v.callback_creds.unwrap().password.as_deref(), Some("p"));
    }
}
