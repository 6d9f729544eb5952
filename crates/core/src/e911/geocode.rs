//! Address validation (`POST /accounts/{a}/geocodeRequest`, and every E911
//! address): an address is checked against the embedded geography (state,
//! ZIP code, the ZIP's place and the state's cities) and written in its
//! standard form. What is and is not checked is in `docs/e911.md`.

use std::collections::HashMap;
use std::sync::OnceLock;

use tnhub_nanp::{Country, Geography, ZipCode, ZipInfo, place_key, state_info};

use super::street::{self, StreetParts};
use crate::address::Address;
use crate::error::{CoreError, codes};

/// How far (km) a ZIP's own place may be from the city named with it for
/// the pair to stand: the city is then taken as an acceptable name of the
/// ZIP's area, as the postal service accepts neighbouring place names.
pub const ACCEPTABLE_CITY_KM: f64 = 25.0;

/// An address to validate: the parts as sent, and the street line
/// (`AddressLine1`) when the parts were not sent separately.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddressRequest {
    pub line1: Option<String>,
    pub address: Address,
}

/// A validated address in standard form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Geocoded {
    pub address: Address,
    /// Whether standardising changed anything but letter case and spacing
    /// (the real service then answers 409 with the address it found).
    pub changed: bool,
}

/// The street line of a standardised address, as `AddressLine1` shows it.
pub fn line1(a: &Address) -> String {
    [
        &a.house_number,
        &a.house_suffix,
        &a.pre_directional,
        &a.street_name,
        &a.street_suffix,
        &a.post_directional,
    ]
    .iter()
    .filter_map(|p| p.as_deref())
    .collect::<Vec<_>>()
    .join(" ")
}

fn refuse(message: impl Into<String>) -> CoreError {
    CoreError::invalid(codes::ADDRESS_INVALID, message)
}

fn upper(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(|s| {
            s.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_uppercase()
        })
        .filter(|s| !s.is_empty())
}

/// The embedded ZIP codes by (state, place key), built on first use.
fn zips_by_place() -> &'static HashMap<(String, String), Vec<&'static ZipInfo>> {
    static INDEX: OnceLock<HashMap<(String, String), Vec<&'static ZipInfo>>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index: HashMap<(String, String), Vec<&'static ZipInfo>> = HashMap::new();
        for z in Geography::embedded().zips() {
            index
                .entry((z.state.to_string(), place_key(&z.city)))
                .or_default()
                .push(z);
        }
        index
    })
}

/// Validates an address and writes it in standard form, or says why it
/// cannot be used.
pub fn geocode(request: &AddressRequest) -> Result<Geocoded, CoreError> {
    let sent = request.address.clone().normalised();
    sent.check_format()?;
    let parts = if sent.house_number.is_some() || sent.street_name.is_some() {
        StreetParts {
            house_number: sent.house_number.clone(),
            house_suffix: sent.house_suffix.clone(),
            pre_directional: sent.pre_directional.clone(),
            street_name: sent.street_name.clone(),
            street_suffix: sent.street_suffix.clone(),
            post_directional: sent.post_directional.clone(),
        }
    } else {
        street::split_line(request.line1.as_deref().unwrap_or(""))
    };
    let house = upper(&parts.house_number).ok_or_else(|| {
        refuse("The address has no house number: an emergency address must be dispatchable")
    })?;
    if !street::is_house_number(&house) {
        return Err(refuse(format!(
            "HouseNumber '{house}' is not a house number"
        )));
    }
    let street_name =
        upper(&parts.street_name).ok_or_else(|| refuse("The address has no street name"))?;
    let state = upper(&sent.state_code).ok_or_else(|| refuse("The address has no StateCode"))?;
    let Some((_, country)) = state_info(&state) else {
        return Err(refuse(format!(
            "StateCode '{state}' is not a US state, territory or Canadian province"
        )));
    };
    let mut out = Address {
        house_number: Some(house),
        house_suffix: upper(&parts.house_suffix),
        pre_directional: parts
            .pre_directional
            .as_deref()
            .and_then(street::directional),
        street_name: Some(street_name),
        street_suffix: parts
            .street_suffix
            .as_deref()
            .map(|s| street::suffix(s).unwrap_or_else(|| s.to_uppercase())),
        post_directional: parts
            .post_directional
            .as_deref()
            .and_then(street::directional),
        address_line2: upper(&sent.address_line2),
        state_code: Some(state.clone()),
        plus_four: sent.plus_four.clone(),
        address_type: sent.address_type.clone(),
        ..Address::default()
    };
    match country {
        Country::Ca => canadian(&sent, &mut out)?,
        _ => american(&sent, &state, &mut out)?,
    }
    if let Some(p) = &out.plus_four
        && !(p.len() == 4 && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(refuse(format!("PlusFour '{p}' is not 4 digits")));
    }
    let changed = differs(request, &sent, &out);
    Ok(Geocoded {
        address: out,
        changed,
    })
}

/// A US address: the ZIP must exist and be in the state; the city must be
/// the ZIP's place or a place of the state near it; a missing ZIP is filled
/// in when the city has exactly one, a missing city from the ZIP.
fn american(sent: &Address, state: &str, out: &mut Address) -> Result<(), CoreError> {
    let geo = Geography::embedded();
    out.country = Some("US".into());
    let city = upper(&sent.city);
    let zip = match sent.zip.as_deref() {
        Some(z) => {
            let code = ZipCode::parse(z)
                .map_err(|_| refuse(format!("Zip '{z}' is not a 5- or 9-digit ZIP code")))?;
            if let Some((_, four)) = z
                .split_once('-')
                .or_else(|| (z.len() == 9).then(|| z.split_at(5)))
                && out.plus_four.is_none()
            {
                out.plus_four = Some(four.to_string());
            }
            let info = geo
                .zip(code)
                .ok_or_else(|| refuse(format!("Zip '{code}' does not exist")))?;
            if &*info.state != state {
                return Err(refuse(format!(
                    "Zip '{code}' is in {}, not in {state}",
                    info.state
                )));
            }
            Some(info)
        }
        None => None,
    };
    let places = zips_by_place();
    match (city, zip) {
        (None, None) => Err(refuse("The address needs a City or a Zip")),
        (None, Some(z)) => {
            out.city = Some(z.city.to_uppercase());
            out.zip = Some(z.zip.to_string());
            Ok(())
        }
        (Some(city), Some(z)) => {
            let key = place_key(&city);
            if place_key(&z.city) != key {
                let named = places
                    .get(&(state.to_string(), key))
                    .ok_or_else(|| refuse(format!("City '{city}' was not found in {state}")))?;
                let near = named
                    .iter()
                    .any(|n| n.location.distance_km(z.location) <= ACCEPTABLE_CITY_KM);
                if !near {
                    return Err(refuse(format!(
                        "Zip '{}' is not in {city}, {state}: it is {}",
                        z.zip,
                        z.city.to_uppercase()
                    )));
                }
            }
            out.city = Some(z.city.to_uppercase());
            out.zip = Some(z.zip.to_string());
            Ok(())
        }
        (Some(city), None) => {
            let named = places
                .get(&(state.to_string(), place_key(&city)))
                .ok_or_else(|| refuse(format!("City '{city}' was not found in {state}")))?;
            match named.as_slice() {
                [one] => {
                    out.city = Some(one.city.to_uppercase());
                    out.zip = Some(one.zip.to_string());
                    Ok(())
                }
                many => Err(refuse(format!(
                    "Zip is required: {city}, {state} has {} ZIP codes",
                    many.len()
                ))),
            }
        }
    }
}

/// A Canadian address: the postal code's form only (the geography has no
/// Canadian postal codes), city required.
fn canadian(sent: &Address, out: &mut Address) -> Result<(), CoreError> {
    out.city = Some(upper(&sent.city).ok_or_else(|| refuse("The address has no City"))?);
    let code: String = sent
        .zip
        .as_deref()
        .ok_or_else(|| refuse("The address has no Zip (postal code)"))?
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let b = code.as_bytes();
    let shaped = b.len() == 6
        && b.iter().enumerate().all(|(i, c)| {
            if i % 2 == 0 {
                c.is_ascii_alphabetic()
            } else {
                c.is_ascii_digit()
            }
        });
    if !shaped {
        return Err(refuse(format!(
            "Zip '{code}' is not a Canadian postal code"
        )));
    }
    out.zip = Some(format!("{} {}", &code[..3], &code[3..]));
    out.country = Some("CA".into());
    Ok(())
}

/// Whether the standard form says something the request did not (letter
/// case and spacing aside).
fn differs(request: &AddressRequest, sent: &Address, out: &Address) -> bool {
    let key = |v: Option<&str>| -> String {
        v.unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_uppercase()
    };
    let street_sent = if sent.house_number.is_some() || sent.street_name.is_some() {
        line1(sent)
    } else {
        request.line1.clone().unwrap_or_default()
    };
    key(Some(&street_sent)) != key(Some(&line1(out)))
        || key(sent.city.as_deref()) != key(out.city.as_deref())
        || key(sent.zip.as_deref()).split('-').next() != key(out.zip.as_deref()).split('-').next()
        || key(sent.address_line2.as_deref()) != key(out.address_line2.as_deref())
}

#[cfg(test)]
#[path = "geocode_tests.rs"]
mod tests;
