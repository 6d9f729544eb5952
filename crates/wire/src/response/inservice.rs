//! In-service numbers: the `<TNs>` list (`GET A/inserviceNumbers`, also per
//! site) and `<Quantity>` (`…/totals`). Wire-format.md 2.10.

use serde::Serialize;

use crate::links::Links;
use crate::write::Document;

/// `<TNs><TotalCount/><Links/><TelephoneNumbers><Count/><TelephoneNumber/>*</TelephoneNumbers></TNs>`:
/// the count over all pages, then this page's numbers as plain strings.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TnsResponse {
    pub total_count: u64,
    pub links: Links,
    pub telephone_numbers: TnList,
}

impl Document for TnsResponse {
    const ROOT: &'static str = "TNs";
}

/// `<TelephoneNumbers><Count/><TelephoneNumber/>*`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TnList {
    /// How many numbers this page holds.
    pub count: usize,
    #[serde(rename = "TelephoneNumber")]
    pub numbers: Vec<String>,
}

/// `<Quantity><Count>62</Count></Quantity>`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Quantity {
    pub count: u64,
}

impl Document for Quantity {
    const ROOT: &'static str = "Quantity";
}
