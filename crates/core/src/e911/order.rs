//! E911 orders (`POST A/e911s`): attach a validated, dispatchable address
//! and the name emergency services see to numbers in service on the
//! account (`ADD`), or take it away (`DELETE`). They are feature orders
//! (`crate::order::features`) with one group: the worker applies them to
//! each number like the other line features, and `tndetails` shows the
//! result under `<Features><E911>`.

use serde::{Deserialize, Serialize};

use super::geocode::{AddressRequest, geocode};
use crate::address::Address;
use crate::error::{CoreError, codes};

/// The most characters of an E911 caller name (the real service's limit
/// for the name sent to the emergency services' database).
pub const MAX_CALLER_NAME: usize = 60;

/// What an E911 order does to its numbers (`E911ServiceAction`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum E911Action {
    Add,
    Delete,
}

impl E911Action {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            E911Action::Add => "ADD",
            E911Action::Delete => "DELETE",
        }
    }
}

/// A number's emergency record: who and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct E911Record {
    pub caller_name: String,
    /// In standard form (see [`super::geocode`]), with `AddressType` E911.
    pub address: Address,
}

/// What an E911 order sets: an action and, to add, the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct E911Settings {
    pub action: E911Action,
    /// `None` for `DELETE`.
    pub record: Option<E911Record>,
}

impl E911Settings {
    /// Validates an order's settings: `ADD` (the default) needs a caller
    /// name and an address that validates (12113 otherwise; it is stored in
    /// standard form); `DELETE` needs neither.
    pub fn validate(
        action: Option<String>,
        caller_name: Option<String>,
        address: Option<AddressRequest>,
    ) -> Result<E911Settings, CoreError> {
        let action = match action.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
            None => E911Action::Add,
            Some(a) if a.eq_ignore_ascii_case("ADD") => E911Action::Add,
            Some(a) if a.eq_ignore_ascii_case("DELETE") => E911Action::Delete,
            Some(a) => {
                return Err(CoreError::invalid(
                    codes::INVALID_VALUE,
                    format!("E911ServiceAction '{a}' is invalid; valid values are ADD, DELETE"),
                ));
            }
        };
        if action == E911Action::Delete {
            return Ok(E911Settings {
                action,
                record: None,
            });
        }
        let name = caller_name
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty())
            .ok_or_else(|| CoreError::required("CallerName"))?;
        if name.chars().count() > MAX_CALLER_NAME || name.chars().any(char::is_control) {
            return Err(CoreError::invalid(
                codes::INVALID_VALUE,
                format!("CallerName must be at most {MAX_CALLER_NAME} printable characters"),
            ));
        }
        let address = address.ok_or_else(|| CoreError::required("Address"))?;
        let mut found = geocode(&address)?.address;
        found.address_type = Some("E911".into());
        Ok(E911Settings {
            action,
            record: Some(E911Record {
                caller_name: name,
                address: found,
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raleigh() -> AddressRequest {
        AddressRequest {
            line1: Some("900 Main Campus Drive".into()),
            address: Address {
                city: Some("Raleigh".into()),
                state_code: Some("NC".into()),
                zip: Some("27606".into()),
                ..Address::default()
            },
        }
    }

    #[test]
    fn adding_needs_a_name_and_a_valid_address() {
        let s = E911Settings::validate(None, Some("Acme HQ".into()), Some(raleigh())).unwrap();
        let r = s.record.unwrap();
        assert_eq!(r.address.street_suffix.as_deref(), Some("DR"));
        assert_eq!(r.address.address_type.as_deref(), Some("E911"));
        assert_eq!(
            E911Settings::validate(None, None, Some(raleigh()))
                .unwrap_err()
                .code,
            Some(codes::REQUIRED)
        );
        let mut elsewhere = raleigh();
        elsewhere.address.zip = Some("99999".into());
        assert_eq!(
            E911Settings::validate(Some("ADD".into()), Some("Acme".into()), Some(elsewhere))
                .unwrap_err()
                .code,
            Some(codes::ADDRESS_INVALID)
        );
    }

    #[test]
    fn deleting_needs_nothing_else() {
        let s = E911Settings::validate(Some("delete".into()), None, None).unwrap();
        assert_eq!(s.action, E911Action::Delete);
        assert!(E911Settings::validate(Some("MOVE".into()), None, None).is_err());
    }
}
