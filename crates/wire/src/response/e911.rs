//! E911 responses: the validated address of `POST A/geocodeRequest`.

use serde::Serialize;

use super::AddressXml;
use crate::write::Document;

/// An address in standard form with its street line (`AddressLine1`),
/// as the address validation answers it.
#[derive(Debug, Clone, Serialize)]
pub struct GeocodedAddressXml {
    #[serde(rename = "AddressLine1")]
    pub address_line1: String,
    #[serde(flatten)]
    pub address: AddressXml,
}

/// `<GeocodeRequestResponse><GeocodedAddress>…</GeocodedAddress></GeocodeRequestResponse>`,
/// with 200 when the address stands as sent and 409 when it was changed.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GeocodeRequestResponse {
    pub geocoded_address: GeocodedAddressXml,
}

impl Document for GeocodeRequestResponse {
    const ROOT: &'static str = "GeocodeRequestResponse";
}

/// `<E911Order>`: the feature-order header, the errors, then what was
/// asked.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct E911OrderXml {
    #[serde(flatten)]
    pub header: super::features::FeatureHeaderXml,
    pub error_list: crate::envelope::ErrorList,
    #[serde(rename = "E911ServiceAction")]
    pub action: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caller_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<AddressXml>,
    pub telephone_numbers: super::features::NumberListXml,
}

/// `<E911OrderResponse><E911Order/></E911OrderResponse>` (create and GET).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct E911OrderResponse {
    #[serde(rename = "E911Order")]
    pub order: E911OrderXml,
}

impl Document for E911OrderResponse {
    const ROOT: &'static str = "E911OrderResponse";
}
