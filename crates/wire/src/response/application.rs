//! Applications: `ApplicationProvisioningResponse` (one or the
//! `ApplicationList`) and `AssociatedSipPeersResponse`, as the official
//! clients' fixtures write them.

use serde::Serialize;

use crate::write::Document;

/// One application. Credentials are shown by their user id only: a
/// password sent is never written back.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApplicationXml {
    pub application_id: String,
    pub service_type: String,
    pub app_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub msg_callback_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inbound_callback_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outbound_callback_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inbound_callback_creds: Option<CredentialsXml>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outbound_callback_creds: Option<CredentialsXml>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_initiated_callback_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_initiated_method: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_status_callback_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_status_method: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callback_creds: Option<CredentialsXml>,
}

/// `<CallbackCreds><UserId/></CallbackCreds>`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CredentialsXml {
    pub user_id: String,
}

/// `<ApplicationProvisioningResponse><Application/></…>`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApplicationResponse {
    pub application: ApplicationXml,
}

impl Document for ApplicationResponse {
    const ROOT: &'static str = "ApplicationProvisioningResponse";
}

/// `<ApplicationProvisioningResponse><ApplicationList><Application/>*</…>`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApplicationListResponse {
    pub application_list: ApplicationList,
}

impl Document for ApplicationListResponse {
    const ROOT: &'static str = "ApplicationProvisioningResponse";
}

/// The `<ApplicationList>` wrapper, written even when empty.
#[derive(Debug, Serialize)]
pub struct ApplicationList {
    #[serde(rename = "Application")]
    pub applications: Vec<ApplicationXml>,
}

/// `<AssociatedSipPeersResponse><AssociatedSipPeers><AssociatedSipPeer/>*`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociatedSipPeersResponse {
    pub associated_sip_peers: AssociatedSipPeers,
}

impl Document for AssociatedSipPeersResponse {
    const ROOT: &'static str = "AssociatedSipPeersResponse";
}

/// The `<AssociatedSipPeers>` wrapper.
#[derive(Debug, Serialize)]
pub struct AssociatedSipPeers {
    #[serde(rename = "AssociatedSipPeer")]
    pub peers: Vec<AssociatedSipPeerXml>,
}

/// One peer pointing at the application.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociatedSipPeerXml {
    pub site_id: i64,
    pub site_name: String,
    pub peer_id: i64,
    pub peer_name: String,
}
