//! Port-ins: bringing numbers from another carrier (wire-format.md 2.3,
//! 2.11, 2.14 and 3.4).
//!
//! A port-in is an order of kind [`super::OrderKind::PortIn`]: its request
//! is a [`PortInRequest`] and its result a [`PortInResult`], both stored as
//! JSON in the order row. The lifecycle ([`PortStatus`]) is driven by the
//! customer (create, supplement, cancel, documents, activation), by the
//! simulated losing carrier ([`carrier`]) and by the operator plane.
//!
//! Layout: this module holds the error codes, the limits and the lifecycle
//! states ([`PortStatus`]); `request` holds the request and result types,
//! `merge` applies what a client sent to a request, and `validate` holds
//! the field-level checks (Bandwidth's 71xx/72xx/73xx codes, see
//! [`codes`]); [`carrier`] is the simulated losing carrier (who it is for a
//! number, and how it answers); [`foc`] is the FOC-date calendar (business
//! days, earliest and latest allowed dates).

use serde::{Deserialize, Serialize};
use tnhub_nanp::Tn;

pub mod carrier;
pub mod foc;
mod merge;
mod request;
#[cfg(test)]
mod tests;
mod validate;

pub use merge::Intent;
pub use request::{
    CarrierInfo, PortError, PortInDraft, PortInRequest, PortInResult, Subscriber, SubscriberDraft,
    SubscriberType, WirelessInfo,
};
pub use validate::check_customer_order_id;

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

/// Parses a number the way port-ins write it (10 digits).
pub fn parse_tn(raw: &str) -> Option<Tn> {
    Tn::parse(raw.trim()).ok()
}

/// The text of 7201.
pub fn invalid_tn_text(raw: &str) -> String {
    format!("{} is not a valid NANP telephone number.", raw.trim())
}
