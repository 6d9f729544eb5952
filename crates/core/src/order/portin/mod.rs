//! Port-ins: bringing numbers from another carrier (wire-format.md 2.3,
//! 2.11, 2.14 and 3.4).
//!
//! A port-in is an order of kind [`super::OrderKind::PortIn`]: its request
//! is a [`PortInRequest`] and its result a [`PortInResult`], both stored as
//! JSON in the order row. The lifecycle ([`PortStatus`]) is driven by the
//! customer (create, supplement, cancel, documents, activation), by the
//! simulated losing carrier ([`carrier`]) and by the operator plane.
//!
//! Layout: this module holds the request and result types and their
//! field-level validation (Bandwidth's 71xx/72xx/73xx codes, see [`codes`]);
//! [`carrier`] is the simulated losing carrier (who it is for a number, and
//! how it answers); [`foc`] is the FOC-date calendar (business days,
//! earliest and latest allowed dates).

use serde::{Deserialize, Serialize};
use tnhub_nanp::Tn;

use crate::address::Address;
use crate::timestamp::Timestamp;

pub mod carrier;
pub mod foc;

/// Bandwidth's port-in error codes (where the real code is unknown, tnhub's
/// choice, listed in the README).
pub mod codes {
    /// At least one telephone number is required.
    pub const TNS_REQUIRED: u32 = 7101;
    /// The billing telephone number is required.
    pub const BTN_REQUIRED: u32 = 7103;
    /// "Subscriber information is required".
    pub const SUBSCRIBER_REQUIRED: u32 = 7104;
    /// "The subscriber name is required".
    pub const SUBSCRIBER_NAME: u32 = 7105;
    /// tnhub: the subscriber type is missing or not BUSINESS/RESIDENTIAL.
    pub const SUBSCRIBER_TYPE: u32 = 7106;
    /// "The service address is required".
    pub const ADDRESS_REQUIRED: u32 = 7107;
    /// "The service address house number is required".
    pub const HOUSE_NUMBER: u32 = 7108;
    /// "The service address street name is required".
    pub const STREET_NAME: u32 = 7109;
    /// "The service address city is required".
    pub const CITY: u32 = 7110;
    /// "The service address state code is required" (or is not a state).
    pub const STATE_CODE: u32 = 7111;
    /// "The service address zip code is required".
    pub const ZIP: u32 = 7112;
    /// The LOA authorizing person is required.
    pub const LOA_PERSON: u32 = 7115;
    /// "`<tn>` is not a valid NANP telephone number."
    pub const TN_INVALID: u32 = 7201;
    /// "The billing telephone number (BTN) is invalid".
    pub const BTN_INVALID: u32 = 7203;
    /// The numbers do not all have the same losing carrier.
    pub const CARRIERS_DIFFER: u32 = 7204;
    /// "Telephone number is already being processed on another order".
    pub const ON_ANOTHER_ORDER: u32 = 7205;
    /// "Telephone number is already in service".
    pub const IN_SERVICE: u32 = 7206;
    /// The requested FOC date is in the past or not a business day.
    pub const FOC_PAST: u32 = 7208;
    /// The requested FOC date is earlier than the losing carrier allows.
    pub const FOC_TOO_SOON: u32 = 7209;
    /// The requested FOC date is more than 30 days out.
    pub const FOC_TOO_FAR: u32 = 7210;
    /// A residential subscriber may not have a business name.
    pub const RESIDENTIAL_BUSINESS_NAME: u32 = 7211;
    /// "ZIP code is invalid".
    pub const ZIP_INVALID: u32 = 7214;
    /// tnhub: the number's exchange is neither covered by this deployment
    /// nor known from the reference geography, so it cannot be ported.
    pub const NOT_PORTABLE: u32 = 7216;
    /// "The order is already cancelled and cannot be modified or cancelled".
    pub const ALREADY_CANCELLED: u32 = 7303;
    /// "The order is already complete and cannot be modified or cancelled".
    pub const ALREADY_COMPLETE: u32 = 7304;
    /// "The site id was not supplied or is invalid."
    pub const SITE_INVALID: u32 = 7309;
    /// "The sippeer id is invalid."
    pub const PEER_INVALID: u32 = 7312;
    /// Too many telephone numbers in one request.
    pub const TOO_MANY: u32 = 7314;
    /// No telephone numbers given (LNP checker).
    pub const NONE_GIVEN: u32 = 7316;
    /// "Customer order ID is invalid …"
    pub const CUSTOMER_ORDER_ID: u32 = 7318;
    /// tnhub: the order cannot be supplemented within 24 hours of its FOC date.
    pub const TOO_CLOSE_TO_FOC: u32 = 7331;
    /// "On demand port-in activation not yet allowed."
    pub const ACTIVATION_NOT_ALLOWED: u32 = 7342;
    /// "The order is already complete" (activation).
    pub const ACTIVATION_COMPLETE: u32 = 7348;
    /// The same number is listed twice (LNP checker).
    pub const DUPLICATES: u32 = 7360;
    /// Toll-free and local numbers in one port-in.
    pub const MIXED_TOLL_FREE: u32 = 7386;
    /// `fullCheck` is not one of the known values.
    pub const FULL_CHECK: u32 = 7472;
    /// tnhub: a field that a supplement cannot change.
    pub const NOT_SUPPABLE: u32 = 7495;
    /// "Unknown documentType specified, valid values are: LOA, INVOICE, CSR, OTHER."
    pub const DOCUMENT_TYPE: u32 = 7639;
    /// tnhub: a document of a type that cannot be stored (or an empty one).
    pub const DOCUMENT_INVALID: u32 = 7640;
    /// tnhub: no such order / document (404s).
    pub const NOT_FOUND: u32 = crate::error::codes::NOT_FOUND;
    /// tnhub: a value that is not valid where no specific code exists.
    pub const INVALID_VALUE: u32 = crate::error::codes::INVALID_VALUE;
}

/// The most numbers one port-in (or one portability check) may name.
pub const MAX_PORT_TNS: usize = 5_000;

/// The most numbers an automated on-net port may have (above: manual).
pub const MAX_AUTOMATED_ON_NET: usize = 999;

/// Where a port-in stands (`ProcessingStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PortStatus {
    /// Saved, not submitted; holds nothing.
    Draft,
    /// Waiting for a document (an LOA) before it goes to the losing carrier.
    PendingDocuments,
    /// With the losing carrier, waiting for its answer.
    Submitted,
    /// The losing carrier (or validation) refused it; a supplement can fix it.
    Exception,
    /// A supplement was sent; waiting for the losing carrier's new answer.
    RequestedSupp,
    /// The losing carrier committed to a date (`ActualFocDate`).
    Foc,
    /// The customer asked to cancel; waiting for the losing carrier.
    RequestedCancel,
    /// Cancelled (terminal).
    Cancelled,
    /// Ported: the numbers are in service here (terminal).
    Complete,
}

impl PortStatus {
    /// Every status, in lifecycle order.
    pub const ALL: [PortStatus; 9] = [
        PortStatus::Draft,
        PortStatus::PendingDocuments,
        PortStatus::Submitted,
        PortStatus::Exception,
        PortStatus::RequestedSupp,
        PortStatus::Foc,
        PortStatus::RequestedCancel,
        PortStatus::Cancelled,
        PortStatus::Complete,
    ];

    /// The real spelling (upper case).
    pub fn as_str(self) -> &'static str {
        match self {
            PortStatus::Draft => "DRAFT",
            PortStatus::PendingDocuments => "PENDING_DOCUMENTS",
            PortStatus::Submitted => "SUBMITTED",
            PortStatus::Exception => "EXCEPTION",
            PortStatus::RequestedSupp => "REQUESTED_SUPP",
            PortStatus::Foc => "FOC",
            PortStatus::RequestedCancel => "REQUESTED_CANCEL",
            PortStatus::Cancelled => "CANCELLED",
            PortStatus::Complete => "COMPLETE",
        }
    }

    /// Parses a status in any case.
    pub fn parse(s: &str) -> Option<PortStatus> {
        PortStatus::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(s.trim()))
    }

    /// Whether nothing will change the port-in any more.
    pub fn is_terminal(self) -> bool {
        matches!(self, PortStatus::Complete | PortStatus::Cancelled)
    }

    /// Whether the port-in holds its numbers (`PortInPendingFoc`): every
    /// state between submission and the end.
    pub fn holds_numbers(self) -> bool {
        !self.is_terminal() && self != PortStatus::Draft
    }
}

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

fn clean(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Parses a number the way port-ins write it (10 digits).
pub fn parse_tn(raw: &str) -> Option<Tn> {
    Tn::parse(raw.trim()).ok()
}

/// The text of 7201.
pub fn invalid_tn_text(raw: &str) -> String {
    format!("{} is not a valid NANP telephone number.", raw.trim())
}

/// Parses an optional boolean element.
fn boolean(v: Option<String>, field: &str, errors: &mut Vec<PortError>) -> Option<bool> {
    let v = clean(v)?;
    match v.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" => Some(true),
        "false" | "0" | "no" => Some(false),
        _ => {
            errors.push(PortError::new(
                codes::INVALID_VALUE,
                format!("{field} must be true or false, not '{v}'"),
            ));
            None
        }
    }
}

fn check_address(a: &Address, errors: &mut Vec<PortError>) {
    let missing = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
    if missing(&a.house_number) {
        errors.push(PortError::new(
            codes::HOUSE_NUMBER,
            "The service address house number is required",
        ));
    }
    if missing(&a.street_name) {
        errors.push(PortError::new(
            codes::STREET_NAME,
            "The service address street name is required",
        ));
    }
    if missing(&a.city) {
        errors.push(PortError::new(
            codes::CITY,
            "The service address city is required",
        ));
    }
    if missing(&a.state_code) {
        errors.push(PortError::new(
            codes::STATE_CODE,
            "The service address state code is required",
        ));
    }
    if missing(&a.zip) {
        errors.push(PortError::new(
            codes::ZIP,
            "The service address zip code is required",
        ));
    }
}

fn check_address_format(a: &Address, errors: &mut Vec<PortError>) {
    if let Some(s) = a.state_code.as_deref()
        && tnhub_nanp::state_info(s).is_none()
    {
        errors.push(PortError::new(
            codes::STATE_CODE,
            format!("The service address state code '{s}' is not a US state or Canadian province"),
        ));
    }
    if let Some(z) = a.zip.as_deref() {
        let us = z.len() == 5 && z.bytes().all(|b| b.is_ascii_digit());
        let us_plus4 = z.len() == 10
            && z.as_bytes()[5] == b'-'
            && z.bytes()
                .enumerate()
                .all(|(i, b)| i == 5 || b.is_ascii_digit());
        let ca = {
            let c: String = z.chars().filter(|c| !c.is_whitespace()).collect();
            c.len() == 6
                && c.chars().enumerate().all(|(i, ch)| {
                    if i % 2 == 0 {
                        ch.is_ascii_alphabetic()
                    } else {
                        ch.is_ascii_digit()
                    }
                })
        };
        if !(us || us_plus4 || ca) {
            errors.push(PortError::new(
                codes::ZIP_INVALID,
                format!("ZIP code is invalid: '{z}'"),
            ));
        }
    }
    let too_long = [
        &a.house_number,
        &a.house_suffix,
        &a.pre_directional,
        &a.street_name,
        &a.street_suffix,
        &a.post_directional,
        &a.address_line2,
        &a.city,
        &a.county,
        &a.country,
        &a.plus_four,
        &a.address_type,
    ]
    .iter()
    .flat_map(|f| f.as_deref())
    .any(|v| v.chars().count() > 200 || v.chars().any(char::is_control));
    if too_long {
        errors.push(PortError::new(
            codes::INVALID_VALUE,
            "A service address field is longer than 200 characters or has control characters",
        ));
    }
}

/// Merges a sent address into a stored one (fields sent replace fields kept).
fn merge_address(into: &mut Address, sent: Address) {
    macro_rules! take {
        ($($f:ident),*) => { $( if sent.$f.is_some() { into.$f = sent.$f; } )* };
    }
    take!(
        house_number,
        house_suffix,
        pre_directional,
        street_name,
        street_suffix,
        post_directional,
        address_line2,
        city,
        state_code,
        zip,
        plus_four,
        county,
        country,
        address_type
    );
}

/// Checks a customer order id (7318).
pub fn check_customer_order_id(id: &str) -> Result<(), PortError> {
    if id.chars().count() > 40
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ' ' || c == '_')
    {
        return Err(PortError::new(
            codes::CUSTOMER_ORDER_ID,
            "Customer order ID is invalid. Only alphanumeric values, dashes and spaces are allowed. Max length is 40 characters.",
        ));
    }
    Ok(())
}

/// What the sender asked the port-in's lifecycle to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// Nothing said (`ProcessingStatus` absent, or echoed unchanged).
    None,
    /// `ProcessingStatus=DRAFT`.
    Draft,
    /// `ProcessingStatus=SUBMITTED`.
    Submit,
}

impl PortInRequest {
    /// Applies the fields a client sent, checking each one's format;
    /// returns what the sender asked of the lifecycle. Unsent fields are
    /// left as they are (so a supplement changes only what it names).
    pub fn merge(&mut self, d: PortInDraft, errors: &mut Vec<PortError>) -> Intent {
        let intent = match clean(d.processing_status) {
            None => Intent::None,
            Some(s) => match PortStatus::parse(&s) {
                Some(PortStatus::Draft) => Intent::Draft,
                Some(PortStatus::Submitted) => Intent::Submit,
                // Python echoes the whole last response on a supplement.
                Some(_) => Intent::None,
                None => {
                    errors.push(PortError::new(
                        codes::INVALID_VALUE,
                        format!("ProcessingStatus '{s}' is invalid; send DRAFT or SUBMITTED"),
                    ));
                    Intent::None
                }
            },
        };
        if let Some(c) = d.customer_order_id {
            let c = c.trim().to_string();
            if c.is_empty() {
                self.customer_order_id = None;
            } else {
                match check_customer_order_id(&c) {
                    Ok(()) => self.customer_order_id = Some(c),
                    Err(e) => errors.push(e),
                }
            }
        }
        if let Some(s) = clean(d.site_id) {
            match s.parse::<i64>() {
                Ok(n) if n > 0 => self.site_id = Some(n),
                _ => errors.push(PortError::new(
                    codes::SITE_INVALID,
                    "The site id was not supplied or is invalid.",
                )),
            }
        }
        if let Some(p) = clean(d.peer_id) {
            match p.parse::<i64>() {
                Ok(n) if n > 0 => self.peer_id = Some(n),
                _ => errors.push(PortError::new(
                    codes::PEER_INVALID,
                    "The sippeer id is invalid.",
                )),
            }
        }
        if let Some(b) = clean(d.billing_telephone_number) {
            match parse_tn(&b) {
                Some(tn) => self.billing_telephone_number = Some(tn.to_string()),
                None => errors.push(PortError::new(
                    codes::BTN_INVALID,
                    format!("The billing telephone number (BTN) is invalid: '{b}'"),
                )),
            }
        }
        if let Some(b) = clean(d.new_billing_telephone_number) {
            match parse_tn(&b) {
                Some(tn) => self.new_billing_telephone_number = Some(tn.to_string()),
                None => errors.push(PortError::new(
                    codes::BTN_INVALID,
                    format!("The new billing telephone number is invalid: '{b}'"),
                )),
            }
        }
        if let Some(p) = d.loa_authorizing_person {
            let p = p.trim().to_string();
            if p.chars().count() > 100 || p.chars().any(char::is_control) {
                errors.push(PortError::new(
                    codes::LOA_PERSON,
                    "The LOA authorizing person must be at most 100 printable characters",
                ));
            } else {
                self.loa_authorizing_person = (!p.is_empty()).then_some(p);
            }
        }
        if let Some(s) = d.subscriber {
            self.merge_subscriber(s, errors);
        }
        if let Some(w) = d.wireless_info {
            let mut info = self.wireless_info.take().unwrap_or_default();
            if let Some(a) = w.account_number {
                info.account_number = clean(Some(a));
            }
            if let Some(p) = w.pin_number {
                info.pin_number = clean(Some(p));
            }
            self.wireless_info =
                (info.account_number.is_some() || info.pin_number.is_some()).then_some(info);
        }
        if let Some(list) = d.tns {
            let mut tns: Vec<String> = Vec::new();
            for raw in list.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
                match parse_tn(raw) {
                    Some(tn) => {
                        let t = tn.to_string();
                        if !tns.contains(&t) {
                            tns.push(t);
                        }
                    }
                    None => errors.push(PortError::about(
                        codes::TN_INVALID,
                        invalid_tn_text(raw),
                        vec![raw.to_string()],
                    )),
                }
            }
            if tns.len() > MAX_PORT_TNS {
                errors.push(PortError::new(
                    codes::TOO_MANY,
                    format!(
                        "A port-in may name at most {MAX_PORT_TNS} telephone numbers; this one names {}",
                        tns.len()
                    ),
                ));
            }
            self.tns = tns;
        }
        if let Some(f) = clean(d.requested_foc_date) {
            match Timestamp::parse(&f) {
                Some(t) => self.requested_foc_date = Some(t),
                None => errors.push(PortError::new(
                    codes::FOC_PAST,
                    format!(
                        "The requested FOC date '{f}' is not a date (use 2030-01-02T15:30:00.000Z)"
                    ),
                )),
            }
        }
        if let Some(t) = boolean(d.triggered, "Triggered", errors) {
            self.triggered = t;
        }
        if let Some(p) = boolean(d.partial_port, "PartialPort", errors) {
            self.partial_port = p;
        }
        if let Some(a) = d.alternate_spid {
            let a = a.trim().to_string();
            if a.len() > 4 || !a.chars().all(|c| c.is_ascii_alphanumeric()) {
                errors.push(PortError::new(
                    codes::INVALID_VALUE,
                    format!("AlternateSpid '{a}' must be at most 4 letters or digits"),
                ));
            } else {
                self.alternate_spid = (!a.is_empty()).then_some(a);
            }
        }
        if let Some(attrs) = d.tn_attributes {
            let mut kept = Vec::new();
            for a in attrs.iter().map(|a| a.trim()).filter(|a| !a.is_empty()) {
                if a.eq_ignore_ascii_case("Protected") {
                    if !kept.iter().any(|k| k == "Protected") {
                        kept.push("Protected".to_string());
                    }
                } else {
                    errors.push(PortError::new(
                        codes::INVALID_VALUE,
                        format!("TnAttribute '{a}' is invalid; the only value is Protected"),
                    ));
                }
            }
            self.tn_attributes = kept;
        }
        if let Some(b) = clean(d.billing_type) {
            self.billing_type = Some(b.to_ascii_uppercase());
        }
        if let Some(r) = d.target_resp_org_id {
            self.target_resp_org_id = clean(Some(r));
        }
        intent
    }

    fn merge_subscriber(&mut self, s: SubscriberDraft, errors: &mut Vec<PortError>) {
        let mut sub = self.subscriber.take().unwrap_or_default();
        if let Some(t) = clean(s.subscriber_type) {
            match t.to_ascii_uppercase().as_str() {
                "BUSINESS" => sub.subscriber_type = Some(SubscriberType::Business),
                "RESIDENTIAL" => sub.subscriber_type = Some(SubscriberType::Residential),
                _ => errors.push(PortError::new(
                    codes::SUBSCRIBER_TYPE,
                    format!(
                        "SubscriberType '{t}' is invalid; valid values are BUSINESS and RESIDENTIAL"
                    ),
                )),
            }
        }
        let mut name = |slot: &mut Option<String>, v: Option<String>, field: &str, max: usize| {
            if let Some(v) = v {
                let v = v.trim().to_string();
                if v.chars().count() > max || v.chars().any(char::is_control) {
                    errors.push(PortError::new(
                        codes::SUBSCRIBER_NAME,
                        format!("{field} must be at most {max} printable characters"),
                    ));
                } else {
                    *slot = (!v.is_empty()).then_some(v);
                }
            }
        };
        name(&mut sub.business_name, s.business_name, "BusinessName", 100);
        name(&mut sub.first_name, s.first_name, "FirstName", 50);
        name(
            &mut sub.middle_initial,
            s.middle_initial,
            "MiddleInitial",
            1,
        );
        name(&mut sub.last_name, s.last_name, "LastName", 50);
        if let Some(a) = s.service_address {
            check_address_format(&a, errors);
            let mut into = if s.reset_address {
                Address::default()
            } else {
                sub.service_address.take().unwrap_or_default()
            };
            merge_address(&mut into, a);
            sub.service_address = Some(into);
        }
        self.subscriber = Some(sub);
    }

    /// The checks a port-in must pass to be submitted (a draft may skip
    /// them): numbers, billing number, subscriber, address, LOA person.
    pub fn check_complete(&self, errors: &mut Vec<PortError>) {
        if self.tns.is_empty() && !errors.iter().any(|e| e.code == codes::TN_INVALID) {
            errors.push(PortError::new(
                codes::TNS_REQUIRED,
                "At least one valid telephone number is required (ListOfPhoneNumbers/PhoneNumber)",
            ));
        }
        if self.billing_telephone_number.is_none()
            && !errors.iter().any(|e| e.code == codes::BTN_INVALID)
        {
            errors.push(PortError::new(
                codes::BTN_REQUIRED,
                "The billing telephone number (BillingTelephoneNumber) is required",
            ));
        }
        match &self.subscriber {
            None => errors.push(PortError::new(
                codes::SUBSCRIBER_REQUIRED,
                "Subscriber information is required",
            )),
            Some(s) => {
                match s.subscriber_type {
                    None if !errors.iter().any(|e| e.code == codes::SUBSCRIBER_TYPE) => {
                        errors.push(PortError::new(
                            codes::SUBSCRIBER_TYPE,
                            "SubscriberType is required (BUSINESS or RESIDENTIAL)",
                        ));
                    }
                    Some(SubscriberType::Business) if s.business_name.is_none() => {
                        errors.push(PortError::new(
                            codes::SUBSCRIBER_NAME,
                            "The subscriber name is required: a BUSINESS subscriber needs a BusinessName",
                        ));
                    }
                    Some(SubscriberType::Residential) => {
                        if s.business_name.is_some() {
                            errors.push(PortError::new(
                                codes::RESIDENTIAL_BUSINESS_NAME,
                                "A RESIDENTIAL subscriber may not have a BusinessName",
                            ));
                        }
                        if s.last_name.is_none() || s.first_name.is_none() {
                            errors.push(PortError::new(
                                codes::SUBSCRIBER_NAME,
                                "The subscriber name is required: a RESIDENTIAL subscriber needs a FirstName and a LastName",
                            ));
                        }
                    }
                    _ => {}
                }
                match &s.service_address {
                    None => errors.push(PortError::new(
                        codes::ADDRESS_REQUIRED,
                        "The service address is required",
                    )),
                    Some(a) => check_address(a, errors),
                }
            }
        }
        if self.loa_authorizing_person.is_none()
            && !errors.iter().any(|e| e.code == codes::LOA_PERSON)
        {
            errors.push(PortError::new(
                codes::LOA_PERSON,
                "The LOA authorizing person (LoaAuthorizingPerson) is required",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> PortInDraft {
        PortInDraft {
            site_id: Some("1".into()),
            billing_telephone_number: Some("9192150100".into()),
            loa_authorizing_person: Some("Jane Doe".into()),
            subscriber: Some(SubscriberDraft {
                subscriber_type: Some("business".into()),
                business_name: Some("Acme".into()),
                service_address: Some(Address {
                    house_number: Some("1".into()),
                    street_name: Some("Main".into()),
                    city: Some("Raleigh".into()),
                    state_code: Some("NC".into()),
                    zip: Some("27606".into()),
                    ..Address::default()
                }),
                ..SubscriberDraft::default()
            }),
            tns: Some(vec![
                "9192150100".into(),
                " 9192150101 ".into(),
                "9192150100".into(),
            ]),
            ..PortInDraft::default()
        }
    }

    fn codes_of(errors: &[PortError]) -> Vec<u32> {
        errors.iter().map(|e| e.code).collect()
    }

    #[test]
    fn a_complete_request_passes_and_numbers_are_deduplicated() {
        let mut r = PortInRequest::default();
        let mut errors = Vec::new();
        assert_eq!(r.merge(full(), &mut errors), Intent::None);
        r.check_complete(&mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(r.tns, ["9192150100", "9192150101"]);
        assert_eq!(
            r.subscriber.unwrap().subscriber_type,
            Some(SubscriberType::Business)
        );
    }

    #[test]
    fn each_missing_part_has_its_code() {
        let mut r = PortInRequest::default();
        let mut errors = Vec::new();
        r.merge(PortInDraft::default(), &mut errors);
        r.check_complete(&mut errors);
        assert_eq!(codes_of(&errors), [7101, 7103, 7104, 7115]);

        let mut d = full();
        d.subscriber = Some(SubscriberDraft {
            subscriber_type: Some("RESIDENTIAL".into()),
            business_name: Some("Acme".into()),
            service_address: Some(Address::default()),
            ..SubscriberDraft::default()
        });
        let (mut r, mut errors) = (PortInRequest::default(), Vec::new());
        r.merge(d, &mut errors);
        r.check_complete(&mut errors);
        assert_eq!(
            codes_of(&errors),
            [7211, 7105, 7108, 7109, 7110, 7111, 7112]
        );
    }

    #[test]
    fn format_errors() {
        let mut d = full();
        d.tns = Some(vec!["12345".into(), "9192150100".into()]);
        d.billing_telephone_number = Some("x".into());
        d.customer_order_id = Some("bad!id".into());
        d.triggered = Some("maybe".into());
        d.requested_foc_date = Some("soon".into());
        d.site_id = Some("abc".into());
        let (mut r, mut errors) = (PortInRequest::default(), Vec::new());
        r.merge(d, &mut errors);
        assert_eq!(codes_of(&errors), [7318, 7309, 7203, 7201, 7208, 1004]);
        assert_eq!(errors[3].tns, ["12345"]);
        assert_eq!(
            errors[3].description,
            "12345 is not a valid NANP telephone number."
        );
    }

    #[test]
    fn a_supplement_changes_only_what_it_names() {
        let (mut r, mut errors) = (PortInRequest::default(), Vec::new());
        r.merge(full(), &mut errors);
        let supp = PortInDraft {
            customer_order_id: Some("supp-1".into()),
            subscriber: Some(SubscriberDraft {
                service_address: Some(Address {
                    house_number: Some("99".into()),
                    ..Address::default()
                }),
                ..SubscriberDraft::default()
            }),
            processing_status: Some("REQUESTED_SUPP".into()),
            ..PortInDraft::default()
        };
        assert_eq!(r.merge(supp, &mut errors), Intent::None);
        assert!(errors.is_empty(), "{errors:?}");
        let a = r
            .subscriber
            .as_ref()
            .unwrap()
            .service_address
            .as_ref()
            .unwrap();
        assert_eq!(a.house_number.as_deref(), Some("99"));
        assert_eq!(a.street_name.as_deref(), Some("Main"));
        assert_eq!(r.customer_order_id.as_deref(), Some("supp-1"));
        assert_eq!(r.tns.len(), 2);
    }

    #[test]
    fn statuses_round_trip() {
        for s in PortStatus::ALL {
            assert_eq!(PortStatus::parse(&s.as_str().to_lowercase()), Some(s));
        }
        assert!(PortStatus::Complete.is_terminal());
        assert!(!PortStatus::Draft.holds_numbers());
        assert!(PortStatus::Exception.holds_numbers());
    }
}
