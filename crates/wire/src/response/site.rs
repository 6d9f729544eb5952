//! Sites: `SiteResponse`, `SitesResponse`, `SiteTNsResponse`.

use serde::Serialize;

use super::AddressXml;
use crate::write::Document;

/// One site. Node keeps `<Id>` as `site.id` for every later call.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SiteXml {
    pub id: i64,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_provided_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<AddressXml>,
}

/// `<SiteResponse><Site>…</Site></SiteResponse>` (GET and PUT).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SiteResponse {
    pub site: SiteXml,
}

impl Document for SiteResponse {
    const ROOT: &'static str = "SiteResponse";
}

/// `<SitesResponse><Sites><Site/>*</Sites></SitesResponse>`; `<Sites/>` when empty.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SitesResponse {
    pub sites: Sites,
}

/// The `<Sites>` wrapper.
#[derive(Debug, Serialize)]
pub struct Sites {
    #[serde(rename = "Site")]
    pub sites: Vec<SiteXml>,
}

impl Document for SitesResponse {
    const ROOT: &'static str = "SitesResponse";
}

/// `<SiteTNsResponse><SiteTNs><TotalCount/></SiteTNs></SiteTNsResponse>`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SiteTnsResponse {
    #[serde(rename = "SiteTNs")]
    pub site_tns: SiteTns,
}

/// The `<SiteTNs>` element.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SiteTns {
    pub total_count: u64,
}

impl Document for SiteTnsResponse {
    const ROOT: &'static str = "SiteTNsResponse";
}
