//! Response bodies with the real service's exact element names.
//!
//! Optional leaves are omitted rather than written empty (Node turns an empty
//! element into the number 0); list wrappers are always written, even empty
//! (Node dereferences them unconditionally).

use serde::Serialize;

pub mod account;
pub mod application;
pub mod e911;
pub mod features;
pub mod geography;
pub mod inservice;
pub mod lookup;
pub mod order;
pub mod portin;
pub mod portout;
pub mod products;
pub mod reservation;
pub mod search;
pub mod sippeer;
pub mod site;
pub mod subscription;
pub mod tns;

/// A postal address as the real service writes it.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct AddressXml {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub house_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub house_suffix: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pre_directional: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street_suffix: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post_directional: Option<String>,
    #[serde(rename = "AddressLine2", skip_serializing_if = "Option::is_none")]
    pub address_line2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plus_four: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub county: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_type: Option<String>,
}
