//! `availableNumbers` (`SearchResult`) and `availableNpaNxx`.

use serde::Serialize;

use crate::write::Document;

/// `<SearchResult>`: the plain list, or with `enableTNDetail=true` the
/// detail list (exactly one of the two is set; the other is omitted).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SearchResult {
    pub result_count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub telephone_number_list: Option<TelephoneNumberList>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub telephone_number_detail_list: Option<TelephoneNumberDetailList>,
}

impl Document for SearchResult {
    const ROOT: &'static str = "SearchResult";
}

/// `<TelephoneNumberList><TelephoneNumber>9195551212</TelephoneNumber>*`.
#[derive(Debug, Serialize)]
pub struct TelephoneNumberList {
    #[serde(rename = "TelephoneNumber")]
    pub numbers: Vec<String>,
}

/// `<TelephoneNumberDetailList><TelephoneNumberDetail/>*`.
#[derive(Debug, Serialize)]
pub struct TelephoneNumberDetailList {
    #[serde(rename = "TelephoneNumberDetail")]
    pub details: Vec<TelephoneNumberDetail>,
}

/// One number with its geography and vendor (note `LATA` in capitals here).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TelephoneNumberDetail {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(rename = "LATA", skip_serializing_if = "Option::is_none")]
    pub lata: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_center: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    pub full_number: String,
    pub tier: u32,
    pub vendor_id: u32,
    pub vendor_name: String,
}
