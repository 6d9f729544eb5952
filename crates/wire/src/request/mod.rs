//! Request bodies as clients send them.
//!
//! Every field is named by its lower-cased wire name (the reader lower-cases
//! all elements) and holds the text exactly as sent; the server validates and
//! converts. Lists are `Vec`s of their wrapper so that repeated wrappers merge.

use serde::Deserialize;
use serde::de::DeserializeOwned;

pub mod application;
pub mod e911;
pub mod features;
pub mod order;
pub mod peer_tn;
pub mod portin;
pub mod products;
pub mod reservation;
pub mod sippeer;
pub mod site;
pub mod subscription;
pub mod tns;

/// A request body: what it deserialises into and which roots it accepts.
pub trait RequestDocument: DeserializeOwned {
    /// Accepted root elements, the real spelling first (matched ignoring case).
    const ROOTS: &'static [&'static str];
}

/// A postal address (sites, SIP peers, port-in service addresses).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AddressBody {
    /// The whole street line, which the address validation request
    /// (`RequestAddress`) may send instead of the parts.
    #[serde(rename = "addressline1")]
    pub address_line1: Option<String>,
    #[serde(rename = "housenumber")]
    pub house_number: Option<String>,
    #[serde(rename = "housesuffix")]
    pub house_suffix: Option<String>,
    #[serde(rename = "predirectional")]
    pub pre_directional: Option<String>,
    #[serde(rename = "streetname")]
    pub street_name: Option<String>,
    #[serde(rename = "streetsuffix")]
    pub street_suffix: Option<String>,
    #[serde(rename = "postdirectional")]
    pub post_directional: Option<String>,
    #[serde(rename = "addressline2")]
    pub address_line2: Option<String>,
    #[serde(rename = "city")]
    pub city: Option<String>,
    #[serde(rename = "statecode")]
    pub state_code: Option<String>,
    #[serde(rename = "zip")]
    pub zip: Option<String>,
    #[serde(rename = "plusfour")]
    pub plus_four: Option<String>,
    #[serde(rename = "county")]
    pub county: Option<String>,
    #[serde(rename = "country")]
    pub country: Option<String>,
    #[serde(rename = "addresstype")]
    pub address_type: Option<String>,
}
