//! Port-out responses: one port-out is an `<LnpOrderResponse>` with
//! `<PortOutStatus>` and the winning carrier's `<SPID>` and `<PON>` (the
//! element names of the official clients' fixtures); the list is the
//! port-ins' `<LNPResponseWrapper>` with `OrderType` `port_out`.

use serde::Serialize;

use super::portin::{PhoneNumbersXml, PortErrorXml};
use crate::write::Document;

/// `<LnpOrderResponse>` for a port-out (`GET …/portouts/{id}`).
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PortOutResponse {
    pub order_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requested_foc_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual_foc_date: Option<String>,
    #[serde(rename = "PON")]
    pub pon: String,
    pub account_id: String,
    pub order_create_date: String,
    pub last_modified_date: String,
    #[serde(rename = "userId")]
    pub user_id: String,
    pub port_out_status: String,
    /// The winning carrier's SPID.
    #[serde(rename = "SPID")]
    pub spid: String,
    pub list_of_phone_numbers: PhoneNumbersXml,
    #[serde(rename = "CountOfTNs")]
    pub count_of_tns: u32,
    #[serde(rename = "Errors")]
    pub errors: Vec<PortErrorXml>,
}

impl Document for PortOutResponse {
    const ROOT: &'static str = "LnpOrderResponse";
}
