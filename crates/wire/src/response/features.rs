//! Disconnects and feature orders (line options, caller name, directory
//! listings) as the real service writes them.

use serde::Serialize;

use super::AddressXml;
use crate::envelope::ErrorList;
use crate::write::Document;

/// `<TelephoneNumberList>`/`<DisconnectedTelephoneNumberList>`/`<TelephoneNumbers>`: repeated `<TelephoneNumber>`.
#[derive(Debug, Clone, Serialize)]
pub struct NumberListXml {
    #[serde(rename = "TelephoneNumber")]
    pub numbers: Vec<String>,
}

/// `<DisconnectTelephoneNumberOrderResponse>`: on create only
/// `orderRequest` and `OrderStatus`; on GET the disconnected numbers and
/// the errors first.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DisconnectResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disconnected_telephone_number_list: Option<NumberListXml>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_list: Option<ErrorList>,
    #[serde(rename = "orderRequest")]
    pub order_request: DisconnectRequestXml,
    pub order_status: String,
}

impl Document for DisconnectResponse {
    const ROOT: &'static str = "DisconnectTelephoneNumberOrderResponse";
}

/// The echoed disconnect (`orderRequest`, with a lower-case `<id>`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DisconnectRequestXml {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_order_id: Option<String>,
    pub order_create_date: String,
    #[serde(rename = "id")]
    pub id: String,
    pub disconnect_telephone_number_order_type: DisconnectTypeXml,
}

/// `<DisconnectTelephoneNumberOrderType>`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DisconnectTypeXml {
    pub telephone_number_list: NumberListXml,
    pub disconnect_mode: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protected: Option<String>,
}

/// The fields every feature order shares, in the real order.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FeatureHeaderXml {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_order_id: Option<String>,
    pub order_create_date: String,
    pub account_id: String,
    pub created_by_user: String,
    pub order_id: String,
    pub last_modified_date: String,
    pub processing_status: String,
}

/// `<TnOptionOrder>` (bare on GET; inside `<TnOptionOrderResponse>` on create).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TnOptionOrderXml {
    #[serde(flatten)]
    pub header: FeatureHeaderXml,
    pub tn_option_groups: TnOptionGroupsXml,
    pub error_list: ErrorList,
}

impl Document for TnOptionOrderXml {
    const ROOT: &'static str = "TnOptionOrder";
}

/// `<TnOptionOrderResponse><TnOptionOrder/></TnOptionOrderResponse>`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TnOptionOrderResponse {
    pub tn_option_order: TnOptionOrderXml,
}

impl Document for TnOptionOrderResponse {
    const ROOT: &'static str = "TnOptionOrderResponse";
}

/// `<TnOptionGroups>`.
#[derive(Debug, Serialize)]
pub struct TnOptionGroupsXml {
    #[serde(rename = "TnOptionGroup")]
    pub groups: Vec<TnOptionGroupXml>,
}

/// One group: the options set, then the numbers.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TnOptionGroupXml {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number_format: Option<String>,
    #[serde(rename = "RPIDFormat", skip_serializing_if = "Option::is_none")]
    pub rpid_format: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rewrite_user: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_forward: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calling_name_display: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protected: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms: Option<String>,
    #[serde(
        rename = "FinalDestinationURI",
        skip_serializing_if = "Option::is_none"
    )]
    pub final_destination_uri: Option<String>,
    pub telephone_numbers: NumberListXml,
}

/// `<TnOptionOrders><TotalCount/><TnOptionOrderSummary/>*</TnOptionOrders>`
/// (the root Node and Java read; the spec's extra wrapper would hide the list).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TnOptionOrders {
    pub total_count: u64,
    #[serde(rename = "TnOptionOrderSummary")]
    pub orders: Vec<FeatureSummaryXml>,
}

impl Document for TnOptionOrders {
    const ROOT: &'static str = "TnOptionOrders";
}

/// One feature order in a list.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FeatureSummaryXml {
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
    pub order_type: String,
    pub order_status: String,
    pub order_id: String,
}

/// `<LidbOrder>`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LidbOrderXml {
    #[serde(flatten)]
    pub header: FeatureHeaderXml,
    pub error_list: ErrorList,
    pub lidb_tn_groups: LidbTnGroupsXml,
}

impl Document for LidbOrderXml {
    const ROOT: &'static str = "LidbOrder";
}

/// `<LidbTnGroups>`.
#[derive(Debug, Serialize)]
pub struct LidbTnGroupsXml {
    #[serde(rename = "LidbTnGroup")]
    pub groups: Vec<LidbTnGroupXml>,
}

/// One caller-name group.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LidbTnGroupXml {
    pub telephone_numbers: NumberListXml,
    pub subscriber_information: String,
    pub use_type: String,
    pub visibility: String,
}

/// `<DldaOrderResponse><DldaOrder/></DldaOrderResponse>` (Node reads `dldaOrder` one level down).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DldaOrderResponse {
    pub dlda_order: DldaOrderXml,
}

impl Document for DldaOrderResponse {
    const ROOT: &'static str = "DldaOrderResponse";
}

/// `<DldaOrder>`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DldaOrderXml {
    #[serde(flatten)]
    pub header: FeatureHeaderXml,
    pub error_list: ErrorList,
    pub dlda_tn_groups: DldaTnGroupsXml,
    /// The order id again, as `<Id>`: Node's `dlda.getHistory` builds its
    /// URL from the object's `id`, which only this element gives the
    /// `<DldaOrder>` that `Dlda.get` returns (`<OrderId>` becomes `orderId`).
    /// Python maps it onto the same `order_id`.
    pub id: String,
}

/// `<DldaTnGroups>`.
#[derive(Debug, Serialize)]
pub struct DldaTnGroupsXml {
    #[serde(rename = "DldaTnGroup")]
    pub groups: Vec<DldaTnGroupXml>,
}

/// One directory-listing group.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DldaTnGroupXml {
    pub telephone_numbers: NumberListXml,
    pub account_type: String,
    pub listing_type: String,
    pub listing_name: ListingNameXml,
    pub list_address: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<AddressXml>,
}

/// `<ListingName>`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListingNameXml {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub designation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_of_lineage: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_of_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_of_address2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_of_lineage_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_of_lineage_name2: Option<String>,
}
