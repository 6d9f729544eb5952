//! Geocoding against the embedded ZIP table (real ZIPs, `data/zips.csv.gz`).

use super::*;

fn request(line1: &str, city: Option<&str>, state: &str, zip: Option<&str>) -> AddressRequest {
    AddressRequest {
        line1: Some(line1.into()),
        address: Address {
            city: city.map(Into::into),
            state_code: Some(state.into()),
            zip: zip.map(Into::into),
            ..Address::default()
        },
    }
}

fn code(r: Result<Geocoded, CoreError>) -> Option<u32> {
    r.unwrap_err().code
}

#[test]
fn a_valid_address_is_standardised() {
    let g = geocode(&request(
        "900 Main Campus Drive",
        Some("Raleigh"),
        "nc",
        Some("27606"),
    ))
    .unwrap();
    assert_eq!(line1(&g.address), "900 MAIN CAMPUS DR");
    assert_eq!(g.address.city.as_deref(), Some("RALEIGH"));
    assert_eq!(g.address.state_code.as_deref(), Some("NC"));
    assert_eq!(g.address.zip.as_deref(), Some("27606"));
    assert_eq!(g.address.country.as_deref(), Some("US"));
    assert!(g.changed, "Drive became DR");
    let same = geocode(&request(
        "900 main campus dr",
        Some("RALEIGH"),
        "NC",
        Some("27606"),
    ))
    .unwrap();
    assert!(!same.changed, "only letter case differs");
}

#[test]
fn zip_and_city_fill_each_other() {
    let g = geocode(&request("1 Main St", None, "NC", Some("27513-1234"))).unwrap();
    assert_eq!(g.address.city.as_deref(), Some("CARY"));
    assert_eq!(g.address.plus_four.as_deref(), Some("1234"));
    assert!(g.changed);
    let g = geocode(&request("10 Front St", Some("Absarokee"), "MT", None)).unwrap();
    assert_eq!(g.address.zip.as_deref(), Some("59001"));
    // A city of many ZIPs needs one.
    assert_eq!(
        code(geocode(&request("1 Main St", Some("Raleigh"), "NC", None))),
        Some(codes::ADDRESS_INVALID)
    );
}

#[test]
fn wrong_places_are_refused() {
    for bad in [
        request("900 Main Campus Dr", Some("Raleigh"), "NC", Some("99999")),
        request("900 Main Campus Dr", Some("Raleigh"), "VA", Some("27606")),
        request(
            "900 Main Campus Dr",
            Some("Nowhereville"),
            "NC",
            Some("27606"),
        ),
        request("900 Main Campus Dr", Some("Asheville"), "NC", Some("27606")),
        request("900 Main Campus Dr", Some("Raleigh"), "XX", Some("27606")),
        request("Main Campus Dr", Some("Raleigh"), "NC", Some("27606")),
        request("9a Main Campus Dr", Some("Raleigh"), "NC", Some("27606")),
    ] {
        assert_eq!(code(geocode(&bad)), Some(codes::ADDRESS_INVALID), "{bad:?}");
    }
}

#[test]
fn a_neighbouring_place_name_is_accepted() {
    // 27606 is Raleigh's; Cary lies a few km away.
    let g = geocode(&request("1 Main St", Some("Cary"), "NC", Some("27606"))).unwrap();
    assert_eq!(g.address.city.as_deref(), Some("RALEIGH"));
    assert!(g.changed);
}

#[test]
fn canadian_postal_codes_are_checked_for_form() {
    let g = geocode(&request(
        "100 Queen St W",
        Some("Toronto"),
        "ON",
        Some("m5h2n2"),
    ))
    .unwrap();
    assert_eq!(g.address.zip.as_deref(), Some("M5H 2N2"));
    assert_eq!(g.address.country.as_deref(), Some("CA"));
    assert!(
        geocode(&request(
            "100 Queen St W",
            Some("Toronto"),
            "ON",
            Some("12345")
        ))
        .is_err()
    );
}
