//! Addresses.

use tnhub_core::address::Address;
use tnhub_wire::request::AddressBody;
use tnhub_wire::response::AddressXml;

use super::text;

/// A request address as a domain address.
pub fn from_wire(a: AddressBody) -> Address {
    Address {
        house_number: text(a.house_number),
        house_suffix: text(a.house_suffix),
        pre_directional: text(a.pre_directional),
        street_name: text(a.street_name),
        street_suffix: text(a.street_suffix),
        post_directional: text(a.post_directional),
        address_line2: text(a.address_line2),
        city: text(a.city),
        state_code: text(a.state_code),
        zip: text(a.zip),
        plus_four: text(a.plus_four),
        county: text(a.county),
        country: text(a.country),
        address_type: text(a.address_type),
    }
}

/// A domain address as the response writes it.
pub fn to_wire(a: &Address) -> AddressXml {
    AddressXml {
        house_number: a.house_number.clone(),
        house_suffix: a.house_suffix.clone(),
        pre_directional: a.pre_directional.clone(),
        street_name: a.street_name.clone(),
        street_suffix: a.street_suffix.clone(),
        post_directional: a.post_directional.clone(),
        address_line2: a.address_line2.clone(),
        city: a.city.clone(),
        state_code: a.state_code.clone(),
        zip: a.zip.clone(),
        plus_four: a.plus_four.clone(),
        county: a.county.clone(),
        country: a.country.clone(),
        address_type: a.address_type.clone(),
    }
}
