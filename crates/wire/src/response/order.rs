//! Orders: `OrderResponse`, the list `ResponseSelectWrapper`, and the order
//! sub-resources (numbers, history, notes, per-area-code reports).

use serde::Serialize;

use crate::envelope::ErrorList;
use crate::links::Links;
use crate::write::Document;

/// `<OrderResponse>`: on create only `Order` and `OrderStatus`; on GET the
/// counts, dates, completed and failed numbers too.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OrderResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completed_quantity: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by_user: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_modified_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_complete_date: Option<String>,
    pub order: OrderXml,
    pub order_status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completed_numbers: Option<CompletedNumbers>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failed_quantity: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending_quantity: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_list: Option<ErrorList>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failed_numbers: Option<FailedNumbers>,
}

impl Document for OrderResponse {
    const ROOT: &'static str = "OrderResponse";
}

/// The request echoed back, with the server's `<id>` (lower case) and
/// `<OrderCreateDate>`; site-scoped GETs add a lower-case `<siteId>`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OrderXml {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_order_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub order_create_date: String,
    pub peer_id: i64,
    pub back_order_requested: bool,
    #[serde(rename = "id")]
    pub id: String,
    #[serde(rename = "$value")]
    pub order_type: OrderTypeXml,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tn_attributes: Option<TnAttributesXml>,
    pub partial_allowed: bool,
    pub site_id: i64,
    #[serde(rename = "siteId", skip_serializing_if = "Option::is_none")]
    pub site_id_lower: Option<i64>,
}

/// The order-type element, named as the real service names it.
#[derive(Debug, Serialize)]
pub enum OrderTypeXml {
    #[serde(rename = "ExistingTelephoneNumberOrderType")]
    Existing(ExistingXml),
    #[serde(rename = "AreaCodeSearchAndOrderType")]
    AreaCode(SearchFieldsXml),
    #[serde(rename = "RateCenterSearchAndOrderType")]
    RateCenter(SearchFieldsXml),
    #[serde(rename = "NPANXXSearchAndOrderType")]
    NpaNxx(SearchFieldsXml),
    #[serde(rename = "TollFreeVanitySearchAndOrderType")]
    TollFreeVanity(SearchFieldsXml),
    #[serde(rename = "TollFreeWildCharSearchAndOrderType")]
    TollFreeWildChar(SearchFieldsXml),
    #[serde(rename = "StateSearchAndOrderType")]
    State(SearchFieldsXml),
    #[serde(rename = "CitySearchAndOrderType")]
    City(SearchFieldsXml),
    #[serde(rename = "ZIPSearchAndOrderType")]
    Zip(SearchFieldsXml),
    #[serde(rename = "LATASearchAndOrderType")]
    Lata(SearchFieldsXml),
    #[serde(rename = "CombinedSearchAndOrderType")]
    Combined(SearchFieldsXml),
    #[serde(rename = "LocalVanitySearchAndOrderType")]
    LocalVanity(SearchFieldsXml),
}

/// `<ExistingTelephoneNumberOrderType>`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ExistingXml {
    pub telephone_number_list: TelephoneNumberListXml,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reservation_id_list: Option<ReservationIdListXml>,
}

/// `<TelephoneNumberList><TelephoneNumber/>*`.
#[derive(Debug, Serialize)]
pub struct TelephoneNumberListXml {
    #[serde(rename = "TelephoneNumber")]
    pub numbers: Vec<String>,
}

/// `<ReservationIdList><ReservationId/>*`.
#[derive(Debug, Serialize)]
pub struct ReservationIdListXml {
    #[serde(rename = "ReservationId")]
    pub ids: Vec<String>,
}

/// The children of a search-and-order type, as they were sent.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SearchFieldsXml {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_center: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub npa_nxx: Option<String>,
    #[serde(rename = "NpaNxxX", skip_serializing_if = "Option::is_none")]
    pub npa_nxx_x: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lata: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toll_free_vanity: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toll_free_wild_card_pattern: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local_vanity: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ends_in: Option<String>,
    #[serde(rename = "EnableLCA", skip_serializing_if = "Option::is_none")]
    pub enable_lca: Option<String>,
    pub quantity: u32,
}

/// `<TnAttributes><TnAttribute/>*`.
#[derive(Debug, Serialize)]
pub struct TnAttributesXml {
    #[serde(rename = "TnAttribute")]
    pub values: Vec<String>,
}

/// `<CompletedNumbers><TelephoneNumber><FullNumber/></TelephoneNumber>*`.
#[derive(Debug, Serialize)]
pub struct CompletedNumbers {
    #[serde(rename = "TelephoneNumber")]
    pub numbers: Vec<FullNumberXml>,
}

/// `<TelephoneNumber><FullNumber/></TelephoneNumber>`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FullNumberXml {
    pub full_number: String,
}

/// `<FailedNumbers><FullNumber/>*`.
#[derive(Debug, Serialize)]
pub struct FailedNumbers {
    #[serde(rename = "FullNumber")]
    pub numbers: Vec<String>,
}

/// `<ResponseSelectWrapper><ListOrderIdUserIdDate>…` (orders and disconnects).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResponseSelectWrapper {
    pub list_order_id_user_id_date: ListOrderIdUserIdDate,
}

impl Document for ResponseSelectWrapper {
    const ROOT: &'static str = "ResponseSelectWrapper";
}

/// The page: total, links and one summary per order.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListOrderIdUserIdDate {
    pub total_count: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub links: Option<Links>,
    #[serde(rename = "OrderIdUserIdDate")]
    pub orders: Vec<OrderSummaryXml>,
}

/// One order in a list. New-number lists spell the id `orderId`,
/// disconnect lists `OrderId`; exactly one of the two is set.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OrderSummaryXml {
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
    #[serde(rename = "orderId", skip_serializing_if = "Option::is_none")]
    pub order_id_lower: Option<String>,
    #[serde(rename = "OrderId", skip_serializing_if = "Option::is_none")]
    pub order_id_upper: Option<String>,
    pub order_status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub telephone_number_details: Option<TelephoneNumberDetailsXml>,
}

/// Per-order counts by state, rate centre, city, tier and vendor.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TelephoneNumberDetailsXml {
    pub states: States,
    pub rate_centers: RateCenters,
    pub cities: Cities,
    pub tiers: Tiers,
    pub vendors: Vendors,
}

#[derive(Debug, Default, Serialize)]
pub struct States {
    #[serde(rename = "StateWithCount")]
    pub items: Vec<StateWithCount>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StateWithCount {
    pub state: String,
    pub count: u32,
}

#[derive(Debug, Default, Serialize)]
pub struct RateCenters {
    #[serde(rename = "RateCenterWithCount")]
    pub items: Vec<RateCenterWithCount>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RateCenterWithCount {
    pub count: u32,
    pub rate_center: String,
}

#[derive(Debug, Default, Serialize)]
pub struct Cities {
    #[serde(rename = "CityWithCount")]
    pub items: Vec<CityWithCount>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CityWithCount {
    pub city: String,
    pub count: u32,
}

#[derive(Debug, Default, Serialize)]
pub struct Tiers {
    #[serde(rename = "TierWithCount")]
    pub items: Vec<TierWithCount>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TierWithCount {
    pub tier: u32,
    pub count: u32,
}

#[derive(Debug, Default, Serialize)]
pub struct Vendors {
    #[serde(rename = "VendorWithCount")]
    pub items: Vec<VendorWithCount>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VendorWithCount {
    pub vendor_id: u32,
    pub vendor_name: String,
    pub count: u32,
}

/// `<TelephoneNumbers><Count/><TelephoneNumber/>*</TelephoneNumbers>` (an order's numbers).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OrderTelephoneNumbers {
    pub count: usize,
    #[serde(rename = "TelephoneNumber")]
    pub numbers: Vec<String>,
}

impl Document for OrderTelephoneNumbers {
    const ROOT: &'static str = "TelephoneNumbers";
}

/// `<OrderHistoryWrapper><OrderHistory/>*</OrderHistoryWrapper>`.
#[derive(Debug, Serialize)]
pub struct OrderHistoryWrapper {
    #[serde(rename = "OrderHistory")]
    pub entries: Vec<OrderHistoryXml>,
}

impl Document for OrderHistoryWrapper {
    const ROOT: &'static str = "OrderHistoryWrapper";
}

/// One history entry.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OrderHistoryXml {
    pub order_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub author: String,
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub difference: Option<String>,
}

/// `<Notes><Note/>*</Notes>`.
#[derive(Debug, Serialize)]
pub struct Notes {
    #[serde(rename = "Note")]
    pub notes: Vec<NoteXml>,
}

impl Document for Notes {
    const ROOT: &'static str = "Notes";
}

/// One note (yes, `LastDateModifier`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NoteXml {
    pub id: i64,
    pub user_id: String,
    pub description: String,
    pub last_date_modifier: String,
}

/// `<TelephoneDetailsReports><TelephoneDetailsReport/>*` (area codes, NPA-NXX, totals).
#[derive(Debug, Serialize)]
pub struct TelephoneDetailsReports {
    #[serde(rename = "TelephoneDetailsReport")]
    pub reports: Vec<TelephoneDetailsReport>,
}

impl Document for TelephoneDetailsReports {
    const ROOT: &'static str = "TelephoneDetailsReports";
}

/// One report line.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TelephoneDetailsReport {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area_code: Option<String>,
    #[serde(rename = "NPA-NXX", skip_serializing_if = "Option::is_none")]
    pub npa_nxx: Option<String>,
    pub count: usize,
}
