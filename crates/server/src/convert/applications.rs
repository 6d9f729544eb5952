//! Applications between the wire and the domain: the request body into an
//! [`ApplicationPatch`], a stored application into its XML, and the
//! callback address policy applied to every URL an application holds.

use tnhub_core::CoreError;
use tnhub_core::application::{
    Application, ApplicationFields, ApplicationPatch, Credentials, CredentialsPatch,
};
use tnhub_core::error::codes;
use tnhub_wire::request::application::{ApplicationBody, CredentialsBody};
use tnhub_wire::response::application::{ApplicationXml, CredentialsXml};

use crate::callbacks::AddressPolicy;

fn creds(c: Option<CredentialsBody>) -> Option<CredentialsPatch> {
    c.map(|c| CredentialsPatch {
        user_id: c.user_id,
        password: c.password,
    })
}

/// The body as a patch; `CallbackUrl` is the guides' name of `MsgCallbackUrl`.
pub fn patch(b: ApplicationBody) -> ApplicationPatch {
    ApplicationPatch {
        service_type: b.service_type,
        app_name: b.app_name,
        msg_callback_url: b.msg_callback_url.or(b.callback_url),
        inbound_callback_url: b.inbound_callback_url,
        outbound_callback_url: b.outbound_callback_url,
        inbound_callback_creds: creds(b.inbound_callback_creds),
        outbound_callback_creds: creds(b.outbound_callback_creds),
        call_initiated_callback_url: b.call_initiated_callback_url,
        call_initiated_method: b.call_initiated_method,
        call_status_callback_url: b.call_status_callback_url,
        call_status_method: b.call_status_method,
        callback_creds: creds(b.callback_creds),
    }
}

/// Refuses a URL whose host is an address the callback address policy
/// does not allow (a private network, the metadata address …). Host names
/// are judged by what they resolve to when a callback is sent.
pub fn check_policy(policy: AddressPolicy, urls: &[&str]) -> Result<(), CoreError> {
    for u in urls {
        let Ok(parsed) = reqwest::Url::parse(u) else {
            return Err(CoreError::invalid(
                codes::APPLICATION_URL,
                format!("'{u}' is not a valid URL"),
            ));
        };
        // The parser has already normalised the host (`0x7f.1` is
        // `127.0.0.1` by now); IPv6 literals come bracketed.
        let ip = parsed.host_str().and_then(|h| {
            h.trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<std::net::IpAddr>()
                .ok()
        });
        if let Some(ip) = ip
            && !policy.allows(ip)
        {
            return Err(CoreError::invalid(
                codes::APPLICATION_URL,
                format!(
                    "{ip} is not an address callbacks may reach; the operator can allow it (--callback-allow)"
                ),
            ));
        }
    }
    Ok(())
}

/// The URLs of a patch that were sent, for [`check_policy`] before
/// anything is stored.
pub fn sent_urls(p: &ApplicationPatch) -> Vec<&str> {
    [
        &p.msg_callback_url,
        &p.inbound_callback_url,
        &p.outbound_callback_url,
        &p.call_initiated_callback_url,
        &p.call_status_callback_url,
    ]
    .into_iter()
    .filter_map(|u| u.as_deref().map(str::trim).filter(|u| !u.is_empty()))
    .collect()
}

fn creds_xml(c: &Option<Credentials>) -> Option<CredentialsXml> {
    c.as_ref().map(|c| CredentialsXml {
        user_id: c.user_id.clone(),
    })
}

/// The application as the real GET writes it.
pub fn to_wire(a: &Application) -> ApplicationXml {
    let f: &ApplicationFields = &a.fields;
    ApplicationXml {
        application_id: a.id.clone(),
        service_type: f.service_type.as_str().to_string(),
        app_name: f.app_name.clone(),
        msg_callback_url: f.msg_callback_url.clone(),
        inbound_callback_url: f.inbound_callback_url.clone(),
        outbound_callback_url: f.outbound_callback_url.clone(),
        inbound_callback_creds: creds_xml(&f.inbound_callback_creds),
        outbound_callback_creds: creds_xml(&f.outbound_callback_creds),
        call_initiated_callback_url: f.call_initiated_callback_url.clone(),
        call_initiated_method: f.call_initiated_method.clone(),
        call_status_callback_url: f.call_status_callback_url.clone(),
        call_status_method: f.call_status_method.clone(),
        callback_creds: creds_xml(&f.callback_creds),
    }
}
