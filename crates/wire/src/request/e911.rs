//! E911 request bodies: the address validation request
//! (`<RequestAddress>` to `POST A/geocodeRequest`).

use serde::Deserialize;

use super::{AddressBody, RequestDocument};

/// `<RequestAddress>`: an address to validate, its street either as
/// `AddressLine1` or as parts (`HouseNumber`, `StreetName` …).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(transparent)]
pub struct GeocodeBody(pub AddressBody);

impl RequestDocument for GeocodeBody {
    const ROOTS: &'static [&'static str] = &["RequestAddress"];
}

/// `<E911Order>` as sent to `POST A/e911s`: the numbers, what to do
/// (`E911ServiceAction`, `ADD` when absent) and, to add, the caller name
/// and the address.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct E911OrderBody {
    #[serde(rename = "customerorderid")]
    pub customer_order_id: Option<String>,
    #[serde(rename = "e911serviceaction")]
    pub action: Option<String>,
    #[serde(rename = "callername")]
    pub caller_name: Option<String>,
    #[serde(rename = "address")]
    pub address: Option<AddressBody>,
    #[serde(rename = "telephonenumbers", default)]
    pub numbers: Vec<super::features::TelephoneNumbersBody>,
}

impl RequestDocument for E911OrderBody {
    const ROOTS: &'static [&'static str] = &["E911Order"];
}
