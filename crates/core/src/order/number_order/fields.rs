//! The checks of an order's plain fields (`CustomerOrderId`, `Name`,
//! `TnAttributes`), shared by every kind of order; apart from the order
//! types' rules to keep `number_order` short.

use super::{codes, invalid};
use crate::error::CoreError;

/// Checks `CustomerOrderId`: at most 40 letters, digits, dashes and spaces.
pub fn check_customer_order_id(id: Option<String>) -> Result<Option<String>, CoreError> {
    let id = id.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    if let Some(v) = &id
        && (v.chars().count() > 40
            || !v
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ' ' || c == '_'))
    {
        return Err(invalid(
            codes::CUSTOMER_ORDER_ID,
            "Customer order ID is invalid. Only alphanumeric values, dashes and spaces are allowed. Max length is 40 characters.",
        ));
    }
    Ok(id)
}

/// Checks an order `Name` (at most 50 printable characters).
pub fn check_order_name(name: Option<String>) -> Result<Option<String>, CoreError> {
    let name = name.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    if let Some(v) = &name
        && (v.chars().count() > 50 || v.chars().any(char::is_control))
    {
        return Err(invalid(
            codes::NAME,
            "The order Name must be at most 50 printable characters",
        ));
    }
    Ok(name)
}

/// The `TnAttribute` values a new-number order may give its numbers
/// (wire-format.md 2.2), in the real spelling.
pub const TN_ATTRIBUTES: [&str; 3] = ["Protected", "External", "Imported"];

/// Checks an order's `TnAttributes`: each one of [`TN_ATTRIBUTES`] (any
/// case, stored in the real spelling, each once). Bandwidth publishes no
/// code for another value, so it is refused with tnhub's 1004.
pub fn check_tn_attributes(values: Vec<String>) -> Result<Vec<String>, CoreError> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        let v = v.trim();
        let known = TN_ATTRIBUTES
            .iter()
            .find(|a| a.eq_ignore_ascii_case(v))
            .ok_or_else(|| {
                invalid(
                    crate::error::codes::INVALID_VALUE,
                    format!(
                        "TnAttribute '{v}' is invalid; valid values are {}",
                        TN_ATTRIBUTES.join(", ")
                    ),
                )
            })?;
        if !out.iter().any(|a| a == known) {
            out.push((*known).to_string());
        }
    }
    Ok(out)
}
