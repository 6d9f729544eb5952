//! Disconnect orders (`POST /accounts/{a}/disconnects`, wire-format.md 2.4
//! and 3.5).
//!
//! A disconnected number stops being in service and *ages*: for a while it
//! is offered to nobody, and only its last owner may order it back; then it
//! returns to inventory. `DisconnectMode=purge` skips the aging.

use serde::{Deserialize, Serialize};
use tnhub_nanp::Tn;

use super::codes;
use super::number_order::{FailedNumber, MAX_ORDER_TNS, check_customer_order_id, check_order_name};
use crate::error::CoreError;

/// Error codes of disconnects.
pub mod disconnect_codes {
    /// "Telephone number could not be disconnected since it is not associated with your account".
    pub const NOT_YOURS: u32 = 5006;
    /// The `DisconnectMode` is not one of normal, soft-remove, purge.
    pub const MODE: u32 = 5084;
    /// The `Protected` value is not one of TRUE, FALSE, UNCHANGED.
    pub const PROTECTED: u32 = 5108;
}

/// The text of 5006.
pub const NOT_YOURS_TEXT: &str =
    "Telephone number could not be disconnected since it is not associated with your account";

/// How a number leaves the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DisconnectMode {
    /// Ages, then returns to inventory.
    Normal,
    /// Like normal (the real service keeps some routing; tnhub has none to keep).
    SoftRemove,
    /// Back to inventory at once.
    Purge,
}

impl DisconnectMode {
    /// The real spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            DisconnectMode::Normal => "normal",
            DisconnectMode::SoftRemove => "soft-remove",
            DisconnectMode::Purge => "purge",
        }
    }
}

/// A validated disconnect order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisconnectRequest {
    /// `Name` (or Node's `<name>`).
    pub name: Option<String>,
    pub customer_order_id: Option<String>,
    pub tns: Vec<String>,
    pub mode: DisconnectMode,
    /// `TRUE`, `FALSE` or `UNCHANGED`, as sent.
    pub protected: Option<String>,
}

/// What a client sent, before validation.
#[derive(Debug, Clone, Default)]
pub struct DisconnectDraft {
    pub name: Option<String>,
    pub customer_order_id: Option<String>,
    pub tns: Vec<String>,
    pub mode: Option<String>,
    pub protected: Option<String>,
}

/// What processing did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DisconnectResult {
    pub disconnected: Vec<String>,
    pub failed: Vec<FailedNumber>,
}

impl DisconnectRequest {
    /// Validates a draft.
    pub fn validate(d: DisconnectDraft) -> Result<DisconnectRequest, CoreError> {
        let quantity = |n: usize| {
            CoreError::invalid(
                codes::QUANTITY,
                format!(
                    "The quantity specified {n} is invalid. A disconnect names 1 to {MAX_ORDER_TNS} telephone numbers."
                ),
            )
        };
        // Counted as sent, before any other work.
        if d.tns.len() > MAX_ORDER_TNS {
            return Err(quantity(d.tns.len()));
        }
        let mut parsed = Vec::with_capacity(d.tns.len());
        for t in &d.tns {
            let tn = Tn::parse(t.trim()).map_err(|e| {
                CoreError::invalid(
                    codes::TN_INVALID,
                    format!("TelephoneNumber {}", e.message()),
                )
            })?;
            parsed.push(tn.to_string());
        }
        let tns = super::first_of_each(parsed);
        if tns.is_empty() {
            return Err(quantity(0));
        }
        let mode = match d
            .mode
            .as_deref()
            .map(str::trim)
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            None | Some("") | Some("normal") => DisconnectMode::Normal,
            Some("soft-remove") => DisconnectMode::SoftRemove,
            Some("purge") => DisconnectMode::Purge,
            Some(other) => {
                return Err(CoreError::invalid(
                    disconnect_codes::MODE,
                    format!(
                        "DisconnectMode '{other}' is invalid; valid values are normal, soft-remove, purge"
                    ),
                ));
            }
        };
        let protected = match d
            .protected
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            None => None,
            Some(p)
                if ["TRUE", "FALSE", "UNCHANGED"]
                    .iter()
                    .any(|v| v.eq_ignore_ascii_case(p)) =>
            {
                Some(p.to_ascii_uppercase())
            }
            Some(p) => {
                return Err(CoreError::invalid(
                    disconnect_codes::PROTECTED,
                    format!("Protected '{p}' is invalid; valid values are TRUE, FALSE, UNCHANGED"),
                ));
            }
        };
        Ok(DisconnectRequest {
            name: check_order_name(d.name)?,
            customer_order_id: check_customer_order_id(d.customer_order_id)?,
            tns,
            mode,
            protected,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_numbers_mode_and_protected() {
        let d = DisconnectDraft {
            tns: vec!["9192120100".into(), "9192120100".into()],
            ..Default::default()
        };
        let r = DisconnectRequest::validate(d).unwrap();
        assert_eq!(r.tns.len(), 1);
        assert_eq!(r.mode, DisconnectMode::Normal);
        let d = DisconnectDraft {
            tns: vec!["9192120100".into()],
            mode: Some("PURGE".into()),
            ..Default::default()
        };
        assert_eq!(
            DisconnectRequest::validate(d).unwrap().mode,
            DisconnectMode::Purge
        );
        let d = DisconnectDraft {
            tns: vec!["9192120100".into()],
            mode: Some("vanish".into()),
            ..Default::default()
        };
        assert_eq!(
            DisconnectRequest::validate(d).unwrap_err().code,
            Some(disconnect_codes::MODE)
        );
        let d = DisconnectDraft {
            tns: vec!["9192120100".into()],
            protected: Some("maybe".into()),
            ..Default::default()
        };
        assert_eq!(
            DisconnectRequest::validate(d).unwrap_err().code,
            Some(disconnect_codes::PROTECTED)
        );
        assert_eq!(
            DisconnectRequest::validate(DisconnectDraft::default())
                .unwrap_err()
                .code,
            Some(codes::QUANTITY)
        );
        let d = DisconnectDraft {
            tns: vec!["12".into()],
            ..Default::default()
        };
        assert_eq!(
            DisconnectRequest::validate(d).unwrap_err().code,
            Some(codes::TN_INVALID)
        );
    }
}
