//! Numbers: `/tns` (`TelephoneNumbersResponse`), `/tns/{tn}` and its
//! sub-resources (`TelephoneNumberResponse` with different bodies, bare
//! `<Site>` and `<SipPeer>`), and a SIP peer's numbers
//! (`SipPeerTelephoneNumbersResponse`, `SipPeerTelephoneNumberResponse`,
//! `SipPeerTelephoneNumbersCountResponse`). Wire-format.md 2.6 and 2.7.
//!
//! Note `<Lata>` (not `LATA`) in these documents.

use serde::Serialize;

use crate::links::Links;
use crate::write::Document;

/// One number of a `/tns` listing.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct TelephoneNumberXml {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lata: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    pub full_number: String,
    pub tier: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor_id: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_center: Option<String>,
    pub status: String,
    pub account_id: String,
    pub last_modified: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_service_date: Option<String>,
}

/// `<TelephoneNumbersResponse>`: the count over all pages, the links, and
/// this page's numbers (`<TelephoneNumbers/>` when there are none: Node
/// dereferences it).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TelephoneNumbersResponse {
    pub telephone_number_count: u64,
    pub links: Links,
    pub telephone_numbers: TelephoneNumbers,
}

impl Document for TelephoneNumbersResponse {
    const ROOT: &'static str = "TelephoneNumbersResponse";
}

/// The `<TelephoneNumbers>` wrapper.
#[derive(Debug, Serialize)]
pub struct TelephoneNumbers {
    #[serde(rename = "TelephoneNumber")]
    pub numbers: Vec<TelephoneNumberXml>,
}

/// `GET /tns/{tn}`: `<TelephoneNumber>` is mandatory (Node builds the
/// sub-resource URLs from it).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TelephoneNumberResponse {
    pub telephone_number: String,
    pub status: String,
    pub last_modified_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_create_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_service_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_id: Option<i64>,
    pub account_id: String,
}

impl Document for TelephoneNumberResponse {
    const ROOT: &'static str = "TelephoneNumberResponse";
}

/// `<Site><Id/><Name/></Site>` inside `tndetails`, and the bare root of
/// `/tns/{tn}/sites`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TnSiteXml {
    pub id: i64,
    pub name: String,
}

impl Document for TnSiteXml {
    const ROOT: &'static str = "Site";
}

/// `<SipPeer><Id/><Name/></SipPeer>`: the bare root of `/tns/{tn}/sippeers`
/// (`Id`/`Name`, not `PeerId`/`PeerName`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TnSipPeerXml {
    pub id: i64,
    pub name: String,
}

impl Document for TnSipPeerXml {
    const ROOT: &'static str = "SipPeer";
}

/// The peer inside `tndetails`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TnDetailsPeerXml {
    pub peer_id: i64,
    pub peer_name: String,
    pub is_default_peer: bool,
}

/// `<ServiceTypes><ServiceType>Voice</ServiceType>…`.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceTypes {
    #[serde(rename = "ServiceType")]
    pub types: Vec<String>,
}

/// `<Features>`: what feature orders set on the number (always written):
/// the line options (tnhub writes each one set), caller name (`<Lidb>`) and
/// directory listing (`<Dlda>`).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FeaturesXml {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calling_name_display: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_forward: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number_format: Option<String>,
    #[serde(rename = "RPIDFormat", skip_serializing_if = "Option::is_none")]
    pub rpid_format: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rewrite_user: Option<String>,
    #[serde(
        rename = "FinalDestinationURI",
        skip_serializing_if = "Option::is_none"
    )]
    pub final_destination_uri: Option<String>,
    #[serde(rename = "E911", skip_serializing_if = "Option::is_none")]
    pub e911: Option<E911FeatureXml>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lidb: Option<LidbFeatureXml>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dlda: Option<DldaFeatureXml>,
}

/// `<E911>` of `tndetails`: the number's emergency record.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct E911FeatureXml {
    pub status: String,
    pub caller_name: String,
    pub address: crate::response::AddressXml,
}

/// `<Lidb>` of `tndetails`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LidbFeatureXml {
    pub status: String,
    pub subscriber_information: String,
    pub use_type: String,
    pub visibility: String,
}

/// `<Dlda>` of `tndetails`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DldaFeatureXml {
    pub status: String,
    pub subscriber_type: String,
    pub listing_type: String,
    pub listing_name: crate::response::features::ListingNameXml,
    pub list_address: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<super::AddressXml>,
}

/// `<MessagingSettings><SmsEnabled/></MessagingSettings>`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MessagingSettingsXml {
    pub sms_enabled: bool,
}

/// `<TnAttributes><TnAttribute>Protected</TnAttribute>…`.
#[derive(Debug, Clone, Serialize)]
pub struct TnAttributesXml {
    #[serde(rename = "TnAttribute")]
    pub attributes: Vec<String>,
}

/// `tndetails`: everything about one number.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TelephoneNumberDetailsXml {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lata: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    pub full_number: String,
    pub tier: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor_id: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor_name: Option<String>,
    pub on_net_vendor: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_center: Option<String>,
    pub status: String,
    pub account_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<TnSiteXml>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sip_peer: Option<TnDetailsPeerXml>,
    pub service_types: ServiceTypes,
    pub last_modified: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_service_date: Option<String>,
    pub features: FeaturesXml,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub messaging_settings: Option<MessagingSettingsXml>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tn_attributes: Option<TnAttributesXml>,
}

/// `<TelephoneNumberResponse><TelephoneNumberDetails>…` (`tndetails`, and
/// the seed's `GET /accounts/{a}/tns/{tn}`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TelephoneNumberDetailsResponse {
    pub telephone_number_details: TelephoneNumberDetailsXml,
}

impl Document for TelephoneNumberDetailsResponse {
    const ROOT: &'static str = "TelephoneNumberResponse";
}

/// The short `<TelephoneNumberDetails>` of `/ratecenter` and `/lata`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TnPlaceXml {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_center: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lata: Option<u32>,
}

/// `<TelephoneNumberResponse><TelephoneNumberDetails><State/><RateCenter/>…`
/// (`/tns/{tn}/ratecenter`; `/lata` carries `<Lata>` instead).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TnPlaceResponse {
    pub telephone_number_details: TnPlaceXml,
}

impl Document for TnPlaceResponse {
    const ROOT: &'static str = "TelephoneNumberResponse";
}

/// One entry of a number's history.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TelephoneNumberStatusXml {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    pub last_modified_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_type: Option<String>,
}

/// The `<TelephoneNumberStatuses>` wrapper.
#[derive(Debug, Serialize)]
pub struct TelephoneNumberStatuses {
    #[serde(rename = "TelephoneNumberStatus")]
    pub statuses: Vec<TelephoneNumberStatusXml>,
}

/// `/tns/{tn}/history`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TnHistoryResponse {
    pub telephone_number_statuses: TelephoneNumberStatuses,
}

impl Document for TnHistoryResponse {
    const ROOT: &'static str = "TelephoneNumberResponse";
}

/// One number on a SIP peer, in the element order of the `PUT` body
/// (wire-format.md 2.6); the settings are omitted with
/// `includeAttributes=false` or when never set.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SipPeerTelephoneNumberXml {
    pub full_number: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number_format: Option<String>,
    #[serde(rename = "RPIDFormat", skip_serializing_if = "Option::is_none")]
    pub rpid_format: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rewrite_user: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_forward: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calling_name_display: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tn_attributes: Option<TnAttributesXml>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub messaging_settings: Option<MessagingSettingsXml>,
}

/// `<SipPeerTelephoneNumbersResponse><SipPeerTelephoneNumbers>…` (always
/// with the wrapper).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SipPeerTelephoneNumbersResponse {
    pub sip_peer_telephone_numbers: SipPeerTelephoneNumbers,
}

impl Document for SipPeerTelephoneNumbersResponse {
    const ROOT: &'static str = "SipPeerTelephoneNumbersResponse";
}

/// The `<SipPeerTelephoneNumbers>` wrapper.
#[derive(Debug, Serialize)]
pub struct SipPeerTelephoneNumbers {
    #[serde(rename = "SipPeerTelephoneNumber")]
    pub numbers: Vec<SipPeerTelephoneNumberXml>,
}

/// `GET …/sippeers/{p}/tns/{tn}`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SipPeerTelephoneNumberResponse {
    pub sip_peer_telephone_number: SipPeerTelephoneNumberXml,
}

impl Document for SipPeerTelephoneNumberResponse {
    const ROOT: &'static str = "SipPeerTelephoneNumberResponse";
}

/// `GET …/sippeers/{p}/totaltns`. The inner wrapper is
/// `<SipPeerTelephoneNumbersCounts>` as the clients that call this (Python,
/// PHP) read it; Bandwidth's page example spells it without the `s`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SipPeerTelephoneNumbersCountResponse {
    pub sip_peer_telephone_numbers_counts: SipPeerTelephoneNumbersCounts,
}

impl Document for SipPeerTelephoneNumbersCountResponse {
    const ROOT: &'static str = "SipPeerTelephoneNumbersCountResponse";
}

/// The counts.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SipPeerTelephoneNumbersCounts {
    pub sip_peer_telephone_numbers_count: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::to_document;

    #[test]
    fn empty_lists_keep_their_wrappers() {
        let doc = to_document(&TelephoneNumbersResponse {
            telephone_number_count: 0,
            links: Links::new("http://h/api/tns?page=1&size=500", None),
            telephone_numbers: TelephoneNumbers { numbers: vec![] },
        })
        .unwrap();
        assert!(
            doc.ends_with("</Links><TelephoneNumbers/></TelephoneNumbersResponse>"),
            "{doc}"
        );
        let doc = to_document(&SipPeerTelephoneNumbersResponse {
            sip_peer_telephone_numbers: SipPeerTelephoneNumbers { numbers: vec![] },
        })
        .unwrap();
        assert!(
            doc.ends_with("<SipPeerTelephoneNumbersResponse><SipPeerTelephoneNumbers/></SipPeerTelephoneNumbersResponse>"),
            "{doc}"
        );
    }
}
