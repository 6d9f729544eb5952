//! `<Site>` as sent to `POST /accounts/{a}/sites` and `PUT …/sites/{id}`.

use serde::Deserialize;

use super::{AddressBody, RequestDocument};

/// A site create or (partial) update.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SiteBody {
    #[serde(rename = "name")]
    pub name: Option<String>,
    #[serde(rename = "description")]
    pub description: Option<String>,
    #[serde(rename = "customername")]
    pub customer_name: Option<String>,
    #[serde(rename = "customerprovidedid")]
    pub customer_provided_id: Option<String>,
    #[serde(rename = "address")]
    pub address: Option<AddressBody>,
}

impl RequestDocument for SiteBody {
    const ROOTS: &'static [&'static str] = &["Site"];
}
