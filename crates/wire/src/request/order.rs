//! `<Order>` as sent to `POST /accounts/{a}/orders` and `PUT …/orders/{id}`.

use serde::Deserialize;

use super::RequestDocument;

/// A new-number order (or, for PUT, the fields that may change).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OrderBody {
    #[serde(rename = "name")]
    pub name: Option<String>,
    #[serde(rename = "customerorderid")]
    pub customer_order_id: Option<String>,
    #[serde(rename = "siteid")]
    pub site_id: Option<String>,
    #[serde(rename = "peerid")]
    pub peer_id: Option<String>,
    #[serde(rename = "partialallowed")]
    pub partial_allowed: Option<String>,
    #[serde(rename = "backorderrequested")]
    pub back_order_requested: Option<String>,
    #[serde(rename = "closeorder")]
    pub close_order: Option<String>,
    #[serde(rename = "tnattributes", default)]
    pub tn_attributes: Vec<TnAttributesBody>,
    #[serde(rename = "existingtelephonenumberordertype", default)]
    pub existing: Vec<ExistingBody>,
    #[serde(rename = "areacodesearchandordertype", default)]
    pub area_code: Vec<SearchOrderBody>,
    #[serde(rename = "ratecentersearchandordertype", default)]
    pub rate_center: Vec<SearchOrderBody>,
    #[serde(rename = "npanxxsearchandordertype", default)]
    pub npa_nxx: Vec<SearchOrderBody>,
    #[serde(rename = "tollfreevanitysearchandordertype", default)]
    pub toll_free_vanity: Vec<SearchOrderBody>,
    #[serde(rename = "tollfreewildcharsearchandordertype", default)]
    pub toll_free_wild_char: Vec<SearchOrderBody>,
    #[serde(rename = "statesearchandordertype", default)]
    pub state: Vec<SearchOrderBody>,
    #[serde(rename = "citysearchandordertype", default)]
    pub city: Vec<SearchOrderBody>,
    #[serde(rename = "zipsearchandordertype", default)]
    pub zip: Vec<SearchOrderBody>,
    #[serde(rename = "latasearchandordertype", default)]
    pub lata: Vec<SearchOrderBody>,
    #[serde(rename = "combinedsearchandordertype", default)]
    pub combined: Vec<SearchOrderBody>,
    #[serde(rename = "localvanitysearchandordertype", default)]
    pub local_vanity: Vec<SearchOrderBody>,
}

impl RequestDocument for OrderBody {
    const ROOTS: &'static [&'static str] = &["Order"];
}

/// `<TnAttributes><TnAttribute>Protected</TnAttribute>*</TnAttributes>`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TnAttributesBody {
    #[serde(rename = "tnattribute", default)]
    pub values: Vec<String>,
}

/// `<ExistingTelephoneNumberOrderType>`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ExistingBody {
    #[serde(rename = "telephonenumberlist", default)]
    pub lists: Vec<TelephoneNumberListBody>,
    #[serde(rename = "reservationidlist", default)]
    pub reservations: Vec<ReservationIdListBody>,
}

/// `<TelephoneNumberList><TelephoneNumber/>*</TelephoneNumberList>` (repeated wrappers merge).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TelephoneNumberListBody {
    #[serde(rename = "telephonenumber", default)]
    pub numbers: Vec<String>,
}

/// `<ReservationIdList><ReservationId/>*</ReservationIdList>`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ReservationIdListBody {
    #[serde(rename = "reservationid", default)]
    pub ids: Vec<String>,
}

/// The children of every search-and-order type (each type reads its own).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SearchOrderBody {
    #[serde(rename = "areacode")]
    pub area_code: Option<String>,
    #[serde(rename = "ratecenter")]
    pub rate_center: Option<String>,
    #[serde(rename = "state")]
    pub state: Option<String>,
    #[serde(rename = "npanxx")]
    pub npa_nxx: Option<String>,
    #[serde(rename = "npanxxx")]
    pub npa_nxx_x: Option<String>,
    #[serde(rename = "lata")]
    pub lata: Option<String>,
    #[serde(rename = "city")]
    pub city: Option<String>,
    #[serde(rename = "zip")]
    pub zip: Option<String>,
    #[serde(rename = "tollfreevanity")]
    pub toll_free_vanity: Option<String>,
    #[serde(rename = "tollfreewildcardpattern")]
    pub toll_free_wild_card_pattern: Option<String>,
    #[serde(rename = "localvanity")]
    pub local_vanity: Option<String>,
    #[serde(rename = "endsin")]
    pub ends_in: Option<String>,
    #[serde(rename = "enablelca")]
    pub enable_lca: Option<String>,
    #[serde(rename = "quantity")]
    pub quantity: Option<String>,
}

impl SearchOrderBody {
    /// The children sent, by their real names.
    pub fn sent(&self) -> Vec<(String, String)> {
        [
            ("AreaCode", &self.area_code),
            ("RateCenter", &self.rate_center),
            ("State", &self.state),
            ("NpaNxx", &self.npa_nxx),
            ("NpaNxxX", &self.npa_nxx_x),
            ("Lata", &self.lata),
            ("City", &self.city),
            ("Zip", &self.zip),
            ("TollFreeVanity", &self.toll_free_vanity),
            ("TollFreeWildCardPattern", &self.toll_free_wild_card_pattern),
            ("LocalVanity", &self.local_vanity),
            ("EndsIn", &self.ends_in),
            ("EnableLCA", &self.enable_lca),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.clone().map(|v| (k.to_string(), v)))
        .collect()
    }
}

/// `<Note><UserId/><Description/></Note>` (orders, disconnects, port-ins).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct NoteBody {
    #[serde(rename = "userid")]
    pub user_id: Option<String>,
    #[serde(rename = "description")]
    pub description: Option<String>,
}

impl RequestDocument for NoteBody {
    const ROOTS: &'static [&'static str] = &["Note"];
}
