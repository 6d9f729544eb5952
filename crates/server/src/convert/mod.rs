//! Between the wire and the domain.
//!
//! Request bodies hold text as sent; these functions turn them into domain
//! values once, at the edge (zero-to-production's "parse, don't validate"),
//! and turn domain values into response types. One module per API area.

use tnhub_core::CoreError;
use tnhub_core::error::codes;
use tnhub_wire::read::parse_bool;

pub mod address;
pub mod applications;
pub mod e911;
pub mod features;
pub mod orders;
pub mod portins;
pub mod products;
pub mod sippeers;
pub mod sites;
pub mod subscriptions;

/// A text field as sent, with an empty element treated as absent.
pub fn text(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// An optional boolean field; anything but a boolean is refused with 1004.
pub fn boolean(v: &Option<String>, field: &str) -> Result<Option<bool>, CoreError> {
    match tnhub_wire::read::non_empty(v) {
        None => Ok(None),
        Some(s) => parse_bool(s).map(Some).ok_or_else(|| {
            CoreError::invalid(
                codes::INVALID_VALUE,
                format!("{field} must be true or false, not '{s}'"),
            )
        }),
    }
}
