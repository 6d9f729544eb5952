//! Disconnect and feature-order bodies: `<DisconnectTelephoneNumberOrder>`,
//! `<TnOptionOrder>`, `<LidbOrder>`, `<DldaOrder>`, and the single-number
//! `tnfeatureorder`.

use serde::Deserialize;

use super::order::TelephoneNumberListBody;
use super::{AddressBody, RequestDocument};

/// A disconnect order. Node sends `<name>`, Python `<Name>`: one field here.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DisconnectBody {
    #[serde(rename = "name")]
    pub name: Option<String>,
    #[serde(rename = "customerorderid")]
    pub customer_order_id: Option<String>,
    #[serde(rename = "disconnecttelephonenumberordertype", default)]
    pub order_type: Vec<DisconnectTypeBody>,
}

impl RequestDocument for DisconnectBody {
    const ROOTS: &'static [&'static str] = &["DisconnectTelephoneNumberOrder"];
}

/// `<DisconnectTelephoneNumberOrderType>`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DisconnectTypeBody {
    #[serde(rename = "telephonenumberlist", default)]
    pub lists: Vec<TelephoneNumberListBody>,
    #[serde(rename = "disconnectmode")]
    pub mode: Option<String>,
    #[serde(rename = "protected")]
    pub protected: Option<String>,
}

/// `<TelephoneNumbers>`, either with `<TelephoneNumber>` children or, as
/// Node writes arrays of plain values, repeated with the number as text.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TelephoneNumbersBody {
    #[serde(rename = "telephonenumber", default)]
    pub numbers: Vec<String>,
    #[serde(rename = "$text")]
    pub text: Option<String>,
}

/// All the numbers of repeated `<TelephoneNumbers>` elements.
pub fn numbers_of(lists: &[TelephoneNumbersBody]) -> Vec<String> {
    lists
        .iter()
        .flat_map(|l| {
            l.numbers
                .iter()
                .cloned()
                .chain(l.text.iter().filter(|t| !t.trim().is_empty()).cloned())
        })
        .collect()
}

/// `<TnOptionOrder>`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TnOptionOrderBody {
    #[serde(rename = "customerorderid")]
    pub customer_order_id: Option<String>,
    #[serde(rename = "tnoptiongroups", default)]
    pub groups: Vec<TnOptionGroupsBody>,
}

impl RequestDocument for TnOptionOrderBody {
    const ROOTS: &'static [&'static str] = &["TnOptionOrder"];
}

/// `<TnOptionGroups>`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TnOptionGroupsBody {
    #[serde(rename = "tnoptiongroup", default)]
    pub groups: Vec<TnOptionGroupBody>,
}

/// `<TnOptionGroup>`: options and the numbers they apply to.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TnOptionGroupBody {
    #[serde(rename = "callingnamedisplay")]
    pub calling_name_display: Option<String>,
    #[serde(rename = "sms")]
    pub sms: Option<String>,
    #[serde(rename = "callforward")]
    pub call_forward: Option<String>,
    #[serde(rename = "numberformat")]
    pub number_format: Option<String>,
    #[serde(rename = "rpidformat")]
    pub rpid_format: Option<String>,
    #[serde(rename = "rewriteuser")]
    pub rewrite_user: Option<String>,
    #[serde(rename = "protected")]
    pub protected: Option<String>,
    #[serde(rename = "finaldestinationuri")]
    pub final_destination_uri: Option<String>,
    #[serde(rename = "portoutpasscode")]
    pub port_out_passcode: Option<String>,
    #[serde(rename = "telephonenumbers", default)]
    pub numbers: Vec<TelephoneNumbersBody>,
}

/// `<LidbOrder>`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct LidbOrderBody {
    #[serde(rename = "customerorderid")]
    pub customer_order_id: Option<String>,
    #[serde(rename = "lidbtngroups", default)]
    pub groups: Vec<LidbTnGroupsBody>,
}

impl RequestDocument for LidbOrderBody {
    const ROOTS: &'static [&'static str] = &["LidbOrder"];
}

/// `<LidbTnGroups>`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct LidbTnGroupsBody {
    #[serde(rename = "lidbtngroup", default)]
    pub groups: Vec<LidbTnGroupBody>,
}

/// `<LidbTnGroup>`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct LidbTnGroupBody {
    #[serde(rename = "telephonenumbers", default)]
    pub numbers: Vec<TelephoneNumbersBody>,
    #[serde(rename = "subscriberinformation")]
    pub subscriber_information: Option<String>,
    #[serde(rename = "usetype")]
    pub use_type: Option<String>,
    #[serde(rename = "visibility")]
    pub visibility: Option<String>,
}

/// `<DldaOrder>`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DldaOrderBody {
    #[serde(rename = "customerorderid")]
    pub customer_order_id: Option<String>,
    #[serde(rename = "dldatngroups", default)]
    pub groups: Vec<DldaTnGroupsBody>,
}

impl RequestDocument for DldaOrderBody {
    const ROOTS: &'static [&'static str] = &["DldaOrder"];
}

/// `<DldaTnGroups>`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DldaTnGroupsBody {
    #[serde(rename = "dldatngroup", default)]
    pub groups: Vec<DldaTnGroupBody>,
}

/// `<DldaTnGroup>`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DldaTnGroupBody {
    #[serde(rename = "telephonenumbers", default)]
    pub numbers: Vec<TelephoneNumbersBody>,
    #[serde(rename = "subscribertype")]
    pub subscriber_type: Option<String>,
    /// The real response calls it `AccountType`; accept both.
    #[serde(rename = "accounttype")]
    pub account_type: Option<String>,
    #[serde(rename = "listingtype")]
    pub listing_type: Option<String>,
    #[serde(rename = "listingname")]
    pub listing_name: Option<ListingNameBody>,
    #[serde(rename = "listaddress")]
    pub list_address: Option<String>,
    #[serde(rename = "address")]
    pub address: Option<AddressBody>,
}

/// `<ListingName>`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ListingNameBody {
    #[serde(rename = "firstname")]
    pub first_name: Option<String>,
    #[serde(rename = "firstname2")]
    pub first_name2: Option<String>,
    #[serde(rename = "lastname")]
    pub last_name: Option<String>,
    #[serde(rename = "designation")]
    pub designation: Option<String>,
    #[serde(rename = "titleoflineage")]
    pub title_of_lineage: Option<String>,
    #[serde(rename = "titleofaddress")]
    pub title_of_address: Option<String>,
    #[serde(rename = "titleofaddress2")]
    pub title_of_address2: Option<String>,
    #[serde(rename = "titleoflineagename")]
    pub title_of_lineage_name: Option<String>,
    #[serde(rename = "titleoflineagename2")]
    pub title_of_lineage_name2: Option<String>,
}

/// The seed's single-number feature order (`POST A/tns/{tn}/tnfeatureorder`):
/// line options like a `TnOptionGroup`, plus optional caller-name and
/// directory-listing parts. Any root is accepted (the seed names none).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct FeatureOrderBody {
    #[serde(rename = "customerorderid")]
    pub customer_order_id: Option<String>,
    #[serde(rename = "callingnamedisplay")]
    pub calling_name_display: Option<String>,
    #[serde(rename = "sms")]
    pub sms: Option<String>,
    #[serde(rename = "callforward")]
    pub call_forward: Option<String>,
    #[serde(rename = "numberformat")]
    pub number_format: Option<String>,
    #[serde(rename = "rpidformat")]
    pub rpid_format: Option<String>,
    #[serde(rename = "rewriteuser")]
    pub rewrite_user: Option<String>,
    #[serde(rename = "protected")]
    pub protected: Option<String>,
    #[serde(rename = "finaldestinationuri")]
    pub final_destination_uri: Option<String>,
    #[serde(rename = "portoutpasscode")]
    pub port_out_passcode: Option<String>,
    /// CNAM: `<Lidb><SubscriberInformation/><UseType/><Visibility/></Lidb>`.
    #[serde(rename = "lidb")]
    pub lidb: Option<LidbTnGroupBody>,
    /// Directory listing: `<Dlda>…as a DldaTnGroup…</Dlda>`.
    #[serde(rename = "dlda")]
    pub dlda: Option<DldaTnGroupBody>,
}

impl RequestDocument for FeatureOrderBody {
    const ROOTS: &'static [&'static str] = &[
        "FeatureOrder",
        "TnFeatureOrder",
        "FeatureOrderRequest",
        "TnOptionGroup",
    ];
}
