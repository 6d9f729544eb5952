//! The geography look-ups: `availableNpaNxx`, `/cities`, `/rateCenters`,
//! `/coveredRateCenters` (wire-format.md 2.1 end and 2.16).
//!
//! Element names and order are the real service's. Java's JAXB checks the
//! roots, and Node dereferences the wrappers (`res.cities.city`,
//! `res.rateCenters.rateCenter`, `res.availableNpaNxxList.availableNpaNxx`)
//! so they are always written; covered rate centres sit directly under the
//! root (Node reads `res.coveredRateCenter`).

use serde::Serialize;

use crate::links::Links;
use crate::write::Document;

/// `<SearchResultForAvailableNpaNxx>`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SearchResultForAvailableNpaNxx {
    pub available_npa_nxx_list: AvailableNpaNxxList,
}

impl Document for SearchResultForAvailableNpaNxx {
    const ROOT: &'static str = "SearchResultForAvailableNpaNxx";
}

/// `<AvailableNpaNxxList><AvailableNpaNxx/>*`.
#[derive(Debug, Serialize)]
pub struct AvailableNpaNxxList {
    #[serde(rename = "AvailableNpaNxx")]
    pub entries: Vec<AvailableNpaNxx>,
}

/// One exchange and how many numbers are available in it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AvailableNpaNxx {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Three digits.
    pub npa: String,
    /// Three digits.
    pub nxx: String,
    pub quantity: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

/// `<CityResponse>`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CityResponse {
    pub result_count: usize,
    pub cities: Cities,
}

impl Document for CityResponse {
    const ROOT: &'static str = "CityResponse";
}

/// `<Cities><City/>*`.
#[derive(Debug, Serialize)]
pub struct Cities {
    #[serde(rename = "City")]
    pub cities: Vec<City>,
}

/// A city and its rate centre (count only with `available=true`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct City {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rc_abbreviation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available_telephone_number_count: Option<u64>,
    pub name: String,
}

/// `<RateCenterResponse>`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RateCenterResponse {
    pub result_count: usize,
    pub rate_centers: RateCenters,
}

impl Document for RateCenterResponse {
    const ROOT: &'static str = "RateCenterResponse";
}

/// `<RateCenters><RateCenter/>*`.
#[derive(Debug, Serialize)]
pub struct RateCenters {
    #[serde(rename = "RateCenter")]
    pub rate_centers: Vec<RateCenter>,
}

/// A rate centre (count only with `available=true`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RateCenter {
    pub abbreviation: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available_telephone_number_count: Option<u64>,
    pub name: String,
}

/// `<CoveredRateCenters>`: the count, the page links, then the items
/// directly under the root.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CoveredRateCenters {
    pub total_count: usize,
    pub links: Links,
    #[serde(rename = "CoveredRateCenter")]
    pub items: Vec<CoveredRateCenter>,
}

impl Document for CoveredRateCenters {
    const ROOT: &'static str = "CoveredRateCenters";
}

/// One covered rate centre; also the root of `GET /coveredRateCenters/{id}`.
/// `Lata` is spelled so here (not `LATA`); optional parts are omitted
/// unless embedded.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CoveredRateCenter {
    pub name: String,
    pub abbreviation: String,
    pub state: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lata: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available_number_count: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limited_available_number_count: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zip_codes: Option<ZipCodes>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cities: Option<CityNames>,
    pub tiers: Tiers,
    #[serde(rename = "NpaNxxXs", skip_serializing_if = "Option::is_none")]
    pub npa_nxx_xs: Option<NpaNxxXs>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub npas: Option<Npas>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendors: Option<Vendors>,
    pub id: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local_rate_centers: Option<LocalRateCenters>,
}

/// `<Npas><Npa/>*` (three digits each; `embed=Npa`).
#[derive(Debug, Serialize)]
pub struct Npas {
    #[serde(rename = "Npa")]
    pub npas: Vec<String>,
}

/// `<Vendors><Vendor><VendorId/><VendorName/></Vendor>*` (`embed=Vendors`),
/// the same two fields a detailed search result carries.
#[derive(Debug, Serialize)]
pub struct Vendors {
    #[serde(rename = "Vendor")]
    pub vendors: Vec<Vendor>,
}

/// One vendor of a covered rate centre.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Vendor {
    pub vendor_id: u32,
    pub vendor_name: String,
}

/// `<LocalRateCenters><RateCenterId/>*` (`embed=LocalRateCenters`), after
/// `Id` as the real service writes it.
#[derive(Debug, Serialize)]
pub struct LocalRateCenters {
    #[serde(rename = "RateCenterId")]
    pub ids: Vec<u64>,
}

impl Document for CoveredRateCenter {
    const ROOT: &'static str = "CoveredRateCenter";
}

/// `<ZipCodes><ZipCode/>*`.
#[derive(Debug, Serialize)]
pub struct ZipCodes {
    #[serde(rename = "ZipCode")]
    pub zip_codes: Vec<String>,
}

/// `<Cities><City/>*` of plain names.
#[derive(Debug, Serialize)]
pub struct CityNames {
    #[serde(rename = "City")]
    pub cities: Vec<String>,
}

/// `<Tiers><Tier/>*`.
#[derive(Debug, Serialize)]
pub struct Tiers {
    #[serde(rename = "Tier")]
    pub tiers: Vec<u32>,
}

/// `<NpaNxxXs><NpaNxxX/>*` (seven digits each).
#[derive(Debug, Serialize)]
pub struct NpaNxxXs {
    #[serde(rename = "NpaNxxX")]
    pub npa_nxx_xs: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::to_document;

    #[test]
    fn covered_rate_centers_put_items_under_the_root() {
        let doc = to_document(&CoveredRateCenters {
            total_count: 1,
            links: Links::new("http://h/api/coveredRateCenters?page=1&size=1", None),
            items: vec![CoveredRateCenter {
                name: "RALEIGH".into(),
                abbreviation: "RALEIGH".into(),
                state: "NC".into(),
                lata: Some(426),
                available_number_count: Some(9),
                zip_codes: Some(ZipCodes {
                    zip_codes: vec!["27601".into()],
                }),
                cities: Some(CityNames {
                    cities: vec!["RALEIGH".into()],
                }),
                tiers: Tiers { tiers: vec![0] },
                npa_nxx_xs: Some(NpaNxxXs {
                    npa_nxx_xs: vec!["9192120".into()],
                }),
                limited_available_number_count: Some(9),
                npas: Some(Npas {
                    npas: vec!["919".into()],
                }),
                vendors: Some(Vendors {
                    vendors: vec![Vendor {
                        vendor_id: 49,
                        vendor_name: "Bandwidth CLEC".into(),
                    }],
                }),
                id: 42,
                local_rate_centers: Some(LocalRateCenters { ids: vec![7, 8] }),
            }],
        })
        .unwrap();
        insta::assert_snapshot!(doc, @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><CoveredRateCenters><TotalCount>1</TotalCount><Links><first>Link=&lt;http://h/api/coveredRateCenters?page=1&amp;size=1&gt;;rel="first";</first></Links><CoveredRateCenter><Name>RALEIGH</Name><Abbreviation>RALEIGH</Abbreviation><State>NC</State><Lata>426</Lata><AvailableNumberCount>9</AvailableNumberCount><LimitedAvailableNumberCount>9</LimitedAvailableNumberCount><ZipCodes><ZipCode>27601</ZipCode></ZipCodes><Cities><City>RALEIGH</City></Cities><Tiers><Tier>0</Tier></Tiers><NpaNxxXs><NpaNxxX>9192120</NpaNxxX></NpaNxxXs><Npas><Npa>919</Npa></Npas><Vendors><Vendor><VendorId>49</VendorId><VendorName>Bandwidth CLEC</VendorName></Vendor></Vendors><Id>42</Id><LocalRateCenters><RateCenterId>7</RateCenterId><RateCenterId>8</RateCenterId></LocalRateCenters></CoveredRateCenter></CoveredRateCenters>"#);
    }

    #[test]
    fn empty_lists_keep_their_wrappers() {
        let doc = to_document(&CityResponse {
            result_count: 0,
            cities: Cities { cities: vec![] },
        })
        .unwrap();
        assert!(
            doc.ends_with("<CityResponse><ResultCount>0</ResultCount><Cities/></CityResponse>"),
            "{doc}"
        );
        let doc = to_document(&SearchResultForAvailableNpaNxx {
            available_npa_nxx_list: AvailableNpaNxxList { entries: vec![] },
        })
        .unwrap();
        assert!(doc.ends_with("<SearchResultForAvailableNpaNxx><AvailableNpaNxxList/></SearchResultForAvailableNpaNxx>"), "{doc}");
    }
}
