//! `GET /accounts/{a}` (`AccountResponse`).

use serde::Serialize;

use super::AddressXml;
use crate::write::Document;

/// `<AccountResponse><Account>…</Account></AccountResponse>`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccountResponse {
    pub account: AccountXml,
}

impl Document for AccountResponse {
    const ROOT: &'static str = "AccountResponse";
}

/// The account itself. Node returns this object from `Account.get`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccountXml {
    pub account_id: String,
    pub company_name: String,
    pub account_type: String,
    pub tiers: Tiers,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<AddressXml>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<ContactXml>,
    pub reservation_allowed: bool,
    pub lnp_enabled: bool,
    #[serde(rename = "SPID", skip_serializing_if = "Option::is_none")]
    pub spid: Option<String>,
    pub port_carrier_type: String,
}

/// `<Tiers><Tier>0</Tier></Tiers>`.
#[derive(Debug, Serialize)]
pub struct Tiers {
    #[serde(rename = "Tier")]
    pub tiers: Vec<u32>,
}

/// `<Contact>`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ContactXml {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}
