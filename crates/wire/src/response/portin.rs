//! Port-in responses: `<LnpOrderResponse>` (create, get, supplement, and
//! its error form), the list `<LNPResponseWrapper>`, the LNP checker's
//! `<NumberPortabilityResponse>`, the LOA documents' `<fileUploadResponse>`,
//! `<fileListResponse>` and `<FileMetaData>`, `<ActivationStatusResponse>`,
//! a port-in's `<Quantity>` totals, and the draft history's `<IrisStatus>`.

use serde::Serialize;

use super::AddressXml;
use super::order::{TelephoneDetailsReport, TelephoneNumberListXml, TnAttributesXml};
use crate::links::Links;
use crate::write::Document;

/// `<Status><Code/><Description/></Status>`: the result of the request
/// (201, 200, 400 …), not the port-in's lifecycle.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StatusXml {
    pub code: u16,
    pub description: String,
}

/// One `<Errors>` of a port-in or LNP check.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PortErrorXml {
    pub code: u32,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub telephone_numbers: Option<TnListXml>,
}

/// `<TnList><Tn/>*</TnList>` (also `<TelephoneNumbers><Tn/>*` in errors).
#[derive(Debug, Clone, Default, Serialize)]
pub struct TnListXml {
    #[serde(rename = "Tn")]
    pub tns: Vec<String>,
}

/// `<ListOfPhoneNumbers><PhoneNumber/>*`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PhoneNumbersXml {
    #[serde(rename = "PhoneNumber")]
    pub numbers: Vec<String>,
}

/// `<Subscriber>`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubscriberXml {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subscriber_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub middle_initial: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_address: Option<AddressXml>,
}

/// `<WirelessInfo>`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct WirelessInfoXml {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pin_number: Option<String>,
}

/// `<LnpOrderResponse>`: `OrderId` and `Status` on create and supplement
/// only; `Errors` when the port-in is in EXCEPTION.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LnpOrderResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<StatusXml>,
    #[serde(rename = "Errors")]
    pub errors: Vec<PortErrorXml>,
    pub processing_status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requested_foc_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual_foc_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_order_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub loa_authorizing_person: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subscriber: Option<SubscriberXml>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wireless_info: Option<WirelessInfoXml>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tn_attributes: Option<TnAttributesXml>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_telephone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_billing_telephone_number: Option<String>,
    pub list_of_phone_numbers: PhoneNumbersXml,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternate_spid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peer_id: Option<i64>,
    #[serde(rename = "LosingCarrierSPID", skip_serializing_if = "Option::is_none")]
    pub losing_carrier_spid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub losing_carrier_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub losing_carrier_is_wireless: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor_id: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_create_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_modified_date: Option<String>,
    #[serde(rename = "userId", skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_modified_by: Option<String>,
    pub partial_port: bool,
    pub triggered: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_resp_org_id: Option<String>,
}

impl Document for LnpOrderResponse {
    const ROOT: &'static str = "LnpOrderResponse";
}

/// The error form of `<LnpOrderResponse>` (envelope C, with each error's
/// numbers as `<TelephoneNumbers><Tn/>*`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LnpOrderErrors {
    pub status: StatusXml,
    #[serde(rename = "Errors")]
    pub errors: Vec<PortErrorXml>,
    pub processing_status: String,
}

impl Document for LnpOrderErrors {
    const ROOT: &'static str = "LnpOrderResponse";
}

/// `<LNPResponseWrapper>`: a page of port-ins.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LnpResponseWrapper {
    pub total_count: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub links: Option<Links>,
    #[serde(rename = "lnpPortInfoForGivenStatus")]
    pub items: Vec<LnpPortInfo>,
}

impl Document for LnpResponseWrapper {
    const ROOT: &'static str = "LNPResponseWrapper";
}

/// One port-in of a list (note `FOC` upper case in the date names).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LnpPortInfo {
    #[serde(rename = "accountId")]
    pub account_id: String,
    #[serde(rename = "CountOfTNs")]
    pub count_of_tns: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_order_id: Option<String>,
    #[serde(rename = "userId")]
    pub user_id: String,
    #[serde(rename = "lastModifiedDate")]
    pub last_modified_date: String,
    pub order_date: String,
    pub order_id: String,
    pub order_type: String,
    #[serde(rename = "ActualFOCDate", skip_serializing_if = "Option::is_none")]
    pub actual_foc_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_telephone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    #[serde(rename = "LNPLosingCarrierId", skip_serializing_if = "Option::is_none")]
    pub losing_carrier_id: Option<String>,
    #[serde(
        rename = "LNPLosingCarrierName",
        skip_serializing_if = "Option::is_none"
    )]
    pub losing_carrier_name: Option<String>,
    pub processing_status: String,
    #[serde(rename = "RequestedFOCDate", skip_serializing_if = "Option::is_none")]
    pub requested_foc_date: Option<String>,
    pub vendor_id: u32,
    pub vendor_name: String,
}

/// `<NumberPortabilityResponse>` (the LNP checker).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NumberPortabilityResponse {
    pub port_type: String,
    pub supported_rate_centers: RateCenterGroups,
    pub unsupported_rate_centers: RateCenterGroups,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partner_supported_rate_centers: Option<RateCenterGroups>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supported_losing_carriers: Option<LosingCarriers>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unsupported_losing_carriers: Option<LosingCarriers>,
}

impl Document for NumberPortabilityResponse {
    const ROOT: &'static str = "NumberPortabilityResponse";
}

/// A list of `<RateCenterGroup>`s (written even when empty).
#[derive(Debug, Clone, Default, Serialize)]
pub struct RateCenterGroups {
    #[serde(rename = "RateCenterGroup")]
    pub groups: Vec<RateCenterGroupXml>,
}

/// The numbers of one rate centre.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RateCenterGroupXml {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_center: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(rename = "LATA", skip_serializing_if = "Option::is_none")]
    pub lata: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tiers: Option<TiersXml>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    pub tn_list: TnListXml,
}

/// `<Tiers><Tier/>*`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TiersXml {
    #[serde(rename = "Tier")]
    pub tiers: Vec<u32>,
}

/// `<SupportedLosingCarriers>` / `<UnsupportedLosingCarriers>`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LosingCarriers {
    #[serde(rename = "LosingCarrierTnList")]
    pub carriers: Vec<LosingCarrierTnList>,
}

/// One losing carrier and its numbers.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LosingCarrierTnList {
    #[serde(rename = "LosingCarrierSPID")]
    pub losing_carrier_spid: String,
    pub losing_carrier_name: String,
    pub losing_carrier_is_wireless: bool,
    pub losing_carrier_account_number_required: bool,
    pub losing_carrier_minimum_porting_interval: u32,
    pub tn_list: TnListXml,
}

/// The LNP checker's error form: repeated `<Errors>`, nothing else.
#[derive(Debug, Clone, Serialize)]
pub struct NumberPortabilityErrors {
    #[serde(rename = "Errors")]
    pub errors: Vec<PortErrorXml>,
}

impl Document for NumberPortabilityErrors {
    const ROOT: &'static str = "NumberPortabilityResponse";
}

/// `<fileUploadResponse>` (upload and replace of an LOA).
#[derive(Debug, Clone, Serialize)]
pub struct FileUploadResponse {
    pub filename: String,
    #[serde(rename = "resultCode")]
    pub result_code: u32,
    #[serde(rename = "resultMessage")]
    pub result_message: String,
}

impl Document for FileUploadResponse {
    const ROOT: &'static str = "fileUploadResponse";
}

/// `<fileListResponse>`: names (`metadata=false`) or names with metadata.
#[derive(Debug, Clone, Serialize)]
pub struct FileListResponse {
    #[serde(rename = "fileCount")]
    pub file_count: usize,
    #[serde(rename = "fileNames")]
    pub file_names: Vec<String>,
    #[serde(rename = "fileData")]
    pub file_data: Vec<FileDataXml>,
    #[serde(rename = "resultCode")]
    pub result_code: u32,
    #[serde(rename = "resultMessage")]
    pub result_message: String,
}

impl Document for FileListResponse {
    const ROOT: &'static str = "fileListResponse";
}

/// One file with its metadata.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FileDataXml {
    pub file_name: String,
    pub file_meta_data: FileMetaDataXml,
}

/// `<FileMetaData>`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FileMetaDataXml {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_type: Option<String>,
}

impl Document for FileMetaDataXml {
    const ROOT: &'static str = "FileMetaData";
}

/// `<ActivationStatusResponse>`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ActivationStatusResponse {
    pub activation_status: ActivationStatusXml,
}

impl Document for ActivationStatusResponse {
    const ROOT: &'static str = "ActivationStatusResponse";
}

/// `<ActivationStatus>`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ActivationStatusXml {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_activation_date: Option<String>,
    pub activated_telephone_numbers_list: TelephoneNumberListXml,
    pub not_yet_activated_telephone_numbers_list: TelephoneNumberListXml,
}

/// `<OrderHistoryWrapper><IrisStatus>…` (a draft has no history).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DraftHistory {
    pub iris_status: IrisStatus,
}

impl Document for DraftHistory {
    const ROOT: &'static str = "OrderHistoryWrapper";
}

/// `<IrisStatus><Code/><Description/>`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct IrisStatus {
    pub code: u32,
    pub description: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::to_document;

    #[test]
    fn list_and_errors_have_the_real_names() {
        let doc = to_document(&LnpOrderErrors {
            status: StatusXml {
                code: 400,
                description: "Validation Failed. Please check your input parameters.".into(),
            },
            errors: vec![PortErrorXml {
                code: 7205,
                description: "Telephone number is already being processed on another order".into(),
                telephone_numbers: Some(TnListXml {
                    tns: vec!["9195550100".into()],
                }),
            }],
            processing_status: "EXCEPTION".into(),
        })
        .unwrap();
        assert!(doc.ends_with("<LnpOrderResponse><Status><Code>400</Code><Description>Validation Failed. Please check your input parameters.</Description></Status><Errors><Code>7205</Code><Description>Telephone number is already being processed on another order</Description><TelephoneNumbers><Tn>9195550100</Tn></TelephoneNumbers></Errors><ProcessingStatus>EXCEPTION</ProcessingStatus></LnpOrderResponse>"), "{doc}");
        let doc = to_document(&FileListResponse {
            file_count: 1,
            file_names: vec!["a.pdf".into()],
            file_data: vec![],
            result_code: 0,
            result_message: "LOA file list successfully returned".into(),
        })
        .unwrap();
        assert!(doc.ends_with("<fileListResponse><fileCount>1</fileCount><fileNames>a.pdf</fileNames><resultCode>0</resultCode><resultMessage>LOA file list successfully returned</resultMessage></fileListResponse>"), "{doc}");
        let doc = to_document(&LnpOrderResponse {
            processing_status: "SUBMITTED".into(),
            ..LnpOrderResponse::default()
        })
        .unwrap();
        assert!(doc.ends_with("<LnpOrderResponse><ProcessingStatus>SUBMITTED</ProcessingStatus><ListOfPhoneNumbers/><PartialPort>false</PartialPort><Triggered>false</Triggered></LnpOrderResponse>"), "{doc}");
    }
}

/// `GET …/portins/{id}/totals`: `<Quantity><Count>N</Count>` as the real
/// service answers (Python's `PortIn.totals.get` reads it), followed by one
/// `<TelephoneDetailsReport><Count>N</Count></TelephoneDetailsReport>`:
/// Node's `portIn.getTotals` parses the answer as the order reports
/// (`TelephoneDetailsReports`) and finds nothing without it. Each client
/// ignores the element meant for the other.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PortInTotals {
    pub count: usize,
    pub telephone_details_report: TelephoneDetailsReport,
}

impl PortInTotals {
    /// The totals of a port-in of `count` numbers.
    pub fn of(count: usize) -> PortInTotals {
        PortInTotals {
            count,
            telephone_details_report: TelephoneDetailsReport {
                area_code: None,
                npa_nxx: None,
                count,
            },
        }
    }
}

impl Document for PortInTotals {
    const ROOT: &'static str = "Quantity";
}
