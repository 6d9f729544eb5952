//! The port-in request and result types: what a customer asked for
//! ([`PortInRequest`]), what a client sent ([`PortInDraft`]), and what has
//! happened so far ([`PortInResult`], [`PortError`]). Plain data, stored as
//! JSON in the order row; the rules that fill them live in `merge` and
//! `validate`.

use serde::{Deserialize, Serialize};

use crate::address::Address;
use crate::timestamp::Timestamp;

/// `BUSINESS` or `RESIDENTIAL`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SubscriberType {
    Business,
    Residential,
}

impl SubscriberType {
    /// The real spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            SubscriberType::Business => "BUSINESS",
            SubscriberType::Residential => "RESIDENTIAL",
        }
    }
}

/// Who the numbers belong to at the losing carrier.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Subscriber {
    pub subscriber_type: Option<SubscriberType>,
    pub business_name: Option<String>,
    pub first_name: Option<String>,
    pub middle_initial: Option<String>,
    pub last_name: Option<String>,
    pub service_address: Option<Address>,
}

/// The losing carrier's account number and PIN (`<WirelessInfo>`, used for
/// wireline ports too).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WirelessInfo {
    pub account_number: Option<String>,
    pub pin_number: Option<String>,
}

/// A port-in as the customer asked for it (after validation of each field).
/// Fields a draft may leave out are optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PortInRequest {
    pub customer_order_id: Option<String>,
    pub site_id: Option<i64>,
    pub peer_id: Option<i64>,
    pub billing_telephone_number: Option<String>,
    pub new_billing_telephone_number: Option<String>,
    pub loa_authorizing_person: Option<String>,
    pub subscriber: Option<Subscriber>,
    pub wireless_info: Option<WirelessInfo>,
    /// The numbers to port, 10 digits, in the order given, without repeats.
    pub tns: Vec<String>,
    pub requested_foc_date: Option<Timestamp>,
    pub triggered: bool,
    pub partial_port: bool,
    pub alternate_spid: Option<String>,
    pub tn_attributes: Vec<String>,
    pub billing_type: Option<String>,
    pub target_resp_org_id: Option<String>,
}

/// What a client sent (`<LnpOrder>`, `<LnpOrderSupp>` or the seed's
/// `PortInRequest`), as text. `None` means "not sent": a supplement keeps
/// the stored value.
#[derive(Debug, Clone, Default)]
pub struct PortInDraft {
    pub customer_order_id: Option<String>,
    pub site_id: Option<String>,
    pub peer_id: Option<String>,
    pub billing_telephone_number: Option<String>,
    pub new_billing_telephone_number: Option<String>,
    pub loa_authorizing_person: Option<String>,
    pub subscriber: Option<SubscriberDraft>,
    pub wireless_info: Option<WirelessInfo>,
    pub tns: Option<Vec<String>>,
    pub requested_foc_date: Option<String>,
    pub triggered: Option<String>,
    pub partial_port: Option<String>,
    pub alternate_spid: Option<String>,
    pub tn_attributes: Option<Vec<String>>,
    pub billing_type: Option<String>,
    pub target_resp_org_id: Option<String>,
    /// `DRAFT` to save a draft; `SUBMITTED` (on a draft's PUT) to submit it.
    pub processing_status: Option<String>,
}

/// `<Subscriber>` as sent.
#[derive(Debug, Clone, Default)]
pub struct SubscriberDraft {
    pub subscriber_type: Option<String>,
    pub business_name: Option<String>,
    pub first_name: Option<String>,
    pub middle_initial: Option<String>,
    pub last_name: Option<String>,
    pub service_address: Option<Address>,
    /// `<ResetAddressFields>true</ResetAddressFields>`: the sent address
    /// replaces the stored one instead of being merged into it.
    pub reset_address: bool,
}

/// One error of a port-in (`<Errors><Code/><Description/>[<TelephoneNumbers>]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortError {
    pub code: u32,
    pub description: String,
    /// The numbers it is about, if any.
    #[serde(default)]
    pub tns: Vec<String>,
}

impl PortError {
    /// An error about the order as a whole.
    pub fn new(code: u32, description: impl Into<String>) -> Self {
        PortError {
            code,
            description: description.into(),
            tns: Vec::new(),
        }
    }

    /// An error about some numbers.
    pub fn about(code: u32, description: impl Into<String>, tns: Vec<String>) -> Self {
        PortError {
            code,
            description: description.into(),
            tns,
        }
    }
}

/// The losing carrier as a port-in shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CarrierInfo {
    pub spid: String,
    pub name: String,
    pub wireless: bool,
    pub min_porting_interval: u32,
}

/// What has happened to a port-in so far.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PortInResult {
    pub losing_carrier: Option<CarrierInfo>,
    /// `AUTOMATED`, `MANUAL_ONNET`, `MANUAL_OFFNET` or `MANUAL_TOLLFREE`.
    pub port_type: Option<String>,
    pub toll_free: bool,
    /// The date the losing carrier committed to.
    pub actual_foc_date: Option<Timestamp>,
    /// Triggered ports: when the numbers go live unless activated earlier.
    pub activation_date: Option<Timestamp>,
    /// Why the port-in is in EXCEPTION.
    pub errors: Vec<PortError>,
    /// When the simulated losing carrier answers what is pending with it
    /// (a submission, a supplement, a cancellation).
    pub carrier_due: Option<Timestamp>,
    /// When the first LOA was uploaded.
    pub loa_date: Option<Timestamp>,
    /// When it was (last) sent to the losing carrier.
    pub submitted_at: Option<Timestamp>,
    /// The numbers put in service on completion.
    pub completed: Vec<String>,
    /// Who changed it last (a user, or `System` for the carrier and worker).
    pub last_modified_by: Option<String>,
}
