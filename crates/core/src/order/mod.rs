//! Orders: every kind of asynchronous request the API accepts (new numbers,
//! disconnects, feature orders, port-ins …) shares one shape — an id, a
//! kind, a status, who created it and when, a history and notes — and keeps
//! what is specific to its kind in a typed request and result, stored as
//! JSON.
//!
//! Layout: this module holds the shared types; [`number_order`] is the
//! new-number order (its request types, validation and outcome).

use serde::{Deserialize, Serialize};

use crate::error::CoreError;
use crate::ids::{AccountId, PeerId, SiteId};
use crate::timestamp::Timestamp;

/// Keeps the first of each value, in order, in linear time (a hash set of
/// what was seen). Lists of up to 5,000 numbers go through this; the
/// quadratic `Vec::contains` loop it replaced took a minute on a hostile
/// 200,000-number body.
pub fn first_of_each<T: Clone + Eq + std::hash::Hash>(
    items: impl IntoIterator<Item = T>,
) -> Vec<T> {
    let mut seen = std::collections::HashSet::new();
    items
        .into_iter()
        .filter(|t| seen.insert(t.clone()))
        .collect()
}

pub mod disconnect;
pub mod features;
pub mod number_order;
pub mod portin;
pub mod portout;

/// The kinds of order (the values the real lists show in `OrderType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrderKind {
    NewNumber,
    Disconnect,
    TnOption,
    Lidb,
    Dlda,
    PortIn,
    MoveTns,
    /// Numbers taken away by another carrier.
    PortOut,
    /// An E911 order (`crate::e911::order`), processed as a feature order.
    E911,
}

impl OrderKind {
    /// The real service's `OrderType` value.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderKind::NewNumber => "new_number",
            OrderKind::Disconnect => "disconnect",
            OrderKind::TnOption => "tn_option",
            OrderKind::Lidb => "lidb",
            OrderKind::Dlda => "dlda",
            OrderKind::PortIn => "port_in",
            OrderKind::MoveTns => "move_tn_orders",
            OrderKind::PortOut => "port_out",
            OrderKind::E911 => "e911",
        }
    }

    /// Parses [`OrderKind::as_str`].
    pub fn parse(s: &str) -> Option<OrderKind> {
        [
            OrderKind::NewNumber,
            OrderKind::Disconnect,
            OrderKind::TnOption,
            OrderKind::Lidb,
            OrderKind::Dlda,
            OrderKind::PortIn,
            OrderKind::MoveTns,
            OrderKind::PortOut,
            OrderKind::E911,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// Statuses of new-number, disconnect and feature orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrderStatus {
    Received,
    Processing,
    Complete,
    Partial,
    Failed,
    Backordered,
}

impl OrderStatus {
    /// The real spelling (upper case).
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Received => "RECEIVED",
            OrderStatus::Processing => "PROCESSING",
            OrderStatus::Complete => "COMPLETE",
            OrderStatus::Partial => "PARTIAL",
            OrderStatus::Failed => "FAILED",
            OrderStatus::Backordered => "BACKORDERED",
        }
    }

    /// Parses a status in any case.
    pub fn parse(s: &str) -> Option<OrderStatus> {
        [
            OrderStatus::Received,
            OrderStatus::Processing,
            OrderStatus::Complete,
            OrderStatus::Partial,
            OrderStatus::Failed,
            OrderStatus::Backordered,
        ]
        .into_iter()
        .find(|k| k.as_str().eq_ignore_ascii_case(s))
    }

    /// Whether nothing will change the order any more.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            OrderStatus::Complete | OrderStatus::Partial | OrderStatus::Failed
        )
    }
}

/// A fresh order id: a UUIDv7, so ids sort by creation time (which is what
/// the lists page by).
pub fn new_order_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// An order as stored, whatever its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRow {
    pub id: String,
    pub account_id: AccountId,
    pub kind: OrderKind,
    /// The kind's own status spelling (`COMPLETE`, `FOC` …).
    pub status: String,
    pub customer_order_id: Option<String>,
    pub name: Option<String>,
    pub created_by: String,
    pub site_id: Option<SiteId>,
    pub peer_id: Option<PeerId>,
    /// How many numbers the order is about (for lists).
    pub tn_count: u32,
    /// The kind's request, as JSON.
    pub request: String,
    /// The kind's result so far, as JSON.
    pub result: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub completed_at: Option<Timestamp>,
}

/// One step in an order's life (`/history`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    pub at: Timestamp,
    pub status: String,
    pub note: Option<String>,
    pub author: String,
    pub difference: Option<String>,
}

/// A note on an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub id: i64,
    pub order_id: String,
    pub user: String,
    pub description: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// Filters of the order lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderFilter {
    pub kind: Option<OrderKind>,
    pub statuses: Vec<String>,
    pub site_id: Option<SiteId>,
    pub from: Option<Timestamp>,
    pub to: Option<Timestamp>,
    pub customer_order_id: Option<String>,
    pub created_by: Option<String>,
    /// Newest first (the console's lists), paging down from the cursor,
    /// instead of the API's oldest first.
    pub newest_first: bool,
}

/// How many orders of one kind have one status (the console's overview).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusCount {
    pub kind: OrderKind,
    pub status: String,
    pub count: u64,
}

/// How many orders of a status were created on one day (UTC, sandbox time):
/// the overview's chart of orders over time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayCount {
    /// Days since 1970-01-01.
    pub day: i64,
    pub status: String,
    pub count: u64,
}

/// A durable job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: i64,
    /// What to do (`order`, …).
    pub kind: String,
    /// What to do it to (an order id, …).
    pub subject: String,
    /// When it is due (sandbox-clock time).
    pub run_at: Timestamp,
    pub attempts: u32,
    pub last_error: Option<String>,
    pub created_at: Timestamp,
}

/// Decodes a stored JSON column of an order.
pub fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, CoreError> {
    serde_json::from_str(text)
        .map_err(|e| CoreError::internal(format!("a stored order no longer decodes: {e}")))
}

/// Encodes a value for a JSON column of an order.
pub fn to_json<T: Serialize>(value: &T) -> Result<String, CoreError> {
    serde_json::to_string(value).map_err(|e| CoreError::internal(format!("encoding an order: {e}")))
}

/// Bandwidth's order error codes.
pub mod codes {
    /// "The telephone number is unavailable for ordering".
    pub const TN_UNAVAILABLE: u32 = 5005;
    /// "The quantity specified %s is invalid."
    pub const QUANTITY: u32 = 5009;
    /// "The SiteId submitted is invalid."
    pub const SITE_INVALID: u32 = 5016;
    /// "The entire quantity of telephone numbers ordered is unavailable".
    pub const ALL_UNAVAILABLE: u32 = 5018;
    /// "Order is pending. Please check the status of your order later."
    pub const PENDING: u32 = 5019;
    /// No default SIP peer for the site.
    pub const NO_DEFAULT_PEER: u32 = 5020;
    /// "SiteId is a required field."
    pub const SITE_REQUIRED: u32 = 5022;
    /// "SIP peer submitted is invalid."
    pub const PEER_INVALID: u32 = 5023;
    /// "Customer order ID is invalid …"
    pub const CUSTOMER_ORDER_ID: u32 = 5052;
    /// "Only Backordered order can be closed."
    pub const ONLY_BACKORDERED: u32 = 5060;
    /// "Order ID is invalid."
    pub const ORDER_ID_INVALID: u32 = 5061;
    /// Backorders are not compatible with this order type.
    pub const BACKORDER_TYPE: u32 = 5522;
    /// Order name longer than 50 characters.
    pub const NAME: u32 = 5053;
    /// The order names no or several order types.
    pub const ORDER_TYPE: u32 = 5001;
    /// A number in the order is not a valid 10-digit number.
    pub const TN_INVALID: u32 = 5002;
}

#[cfg(test)]
mod tests {
    #[test]
    fn first_of_each_keeps_the_first_in_order() {
        let v = super::first_of_each(["b", "a", "b", "c", "a"]);
        assert_eq!(v, ["b", "a", "c"]);
        // 5,000 numbers, each twice: linear, so this is instant.
        let many: Vec<u32> = (0..5_000).chain(0..5_000).collect();
        assert_eq!(super::first_of_each(many).len(), 5_000);
    }
}
