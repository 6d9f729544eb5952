//! Sites: an account's groupings of SIP peers and numbers.
//!
//! Rules (wire-format.md 2.5, 3.6): a name and an address are required; the
//! name is at most 50 characters of letters, digits, spaces, `.` and `-`
//! (4015) and the description at most 250 (4016); a site that still has SIP
//! peers or numbers cannot be deleted.

use serde::{Deserialize, Serialize};

use crate::address::Address;
use crate::error::{CoreError, codes};
use crate::ids::{AccountId, SiteId};
use crate::timestamp::Timestamp;

/// The longest site name the real service accepts.
pub const MAX_SITE_NAME: usize = 50;
/// The longest site description the real service accepts.
pub const MAX_SITE_DESCRIPTION: usize = 250;

/// What a client sent to create or update a site, before validation.
/// `None` means "not sent".
#[derive(Debug, Clone, Default)]
pub struct SitePatch {
    pub name: Option<String>,
    pub description: Option<String>,
    pub customer_name: Option<String>,
    pub customer_provided_id: Option<String>,
    pub address: Option<Address>,
}

/// A site's validated content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteFields {
    pub name: String,
    pub description: Option<String>,
    pub customer_name: Option<String>,
    pub customer_provided_id: Option<String>,
    pub address: Address,
}

/// A stored site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub id: SiteId,
    pub account_id: AccountId,
    pub fields: SiteFields,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// Whether a character may appear in a site name: the real service allows
/// `[a-zA-Z0-9.-]` and space (wire-format.md 2.5).
fn site_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, ' ' | '.' | '-')
}

fn check_name(name: &str) -> Result<String, CoreError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(CoreError::required("Name"));
    }
    if name.chars().count() > MAX_SITE_NAME {
        return Err(CoreError::invalid(
            codes::SITE_NAME,
            format!("Site name must be at most {MAX_SITE_NAME} characters"),
        ));
    }
    if let Some(bad) = name.chars().find(|&c| !site_name_char(c)) {
        return Err(CoreError::invalid(
            codes::SITE_NAME,
            format!("Site name may contain only letters, digits, spaces, '.' and '-', not {bad:?}"),
        ));
    }
    Ok(name.to_string())
}

fn check_text(
    value: Option<String>,
    max: usize,
    code: u32,
    what: &str,
) -> Result<Option<String>, CoreError> {
    let value = value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty());
    if let Some(v) = &value
        && (v.chars().count() > max || v.chars().any(|c| c.is_control() && c != '\n'))
    {
        return Err(CoreError::invalid(
            code,
            format!("{what} must be at most {max} printable characters"),
        ));
    }
    Ok(value)
}

impl SiteFields {
    /// Validates a create: `Name` and `Address` are required.
    pub fn create(patch: SitePatch) -> Result<Self, CoreError> {
        let name = check_name(patch.name.as_deref().unwrap_or(""))?;
        let address = patch
            .address
            .ok_or_else(|| CoreError::required("Address"))?
            .normalised();
        address.check_for_site()?;
        Ok(SiteFields {
            name,
            description: check_text(
                patch.description,
                MAX_SITE_DESCRIPTION,
                codes::SITE_DESCRIPTION,
                "Description",
            )?,
            customer_name: check_text(
                patch.customer_name,
                100,
                codes::INVALID_VALUE,
                "CustomerName",
            )?,
            customer_provided_id: check_text(
                patch.customer_provided_id,
                100,
                codes::INVALID_VALUE,
                "CustomerProvidedId",
            )?,
            address,
        })
    }

    /// Applies an update: every field sent replaces the stored one; an
    /// address sent replaces the whole address and must itself be complete.
    pub fn apply(&self, patch: SitePatch) -> Result<Self, CoreError> {
        let mut next = self.clone();
        if let Some(name) = patch.name {
            next.name = check_name(&name)?;
        }
        if patch.description.is_some() {
            next.description = check_text(
                patch.description,
                MAX_SITE_DESCRIPTION,
                codes::SITE_DESCRIPTION,
                "Description",
            )?;
        }
        if patch.customer_name.is_some() {
            next.customer_name = check_text(
                patch.customer_name,
                100,
                codes::INVALID_VALUE,
                "CustomerName",
            )?;
        }
        if patch.customer_provided_id.is_some() {
            next.customer_provided_id = check_text(
                patch.customer_provided_id,
                100,
                codes::INVALID_VALUE,
                "CustomerProvidedId",
            )?;
        }
        if let Some(address) = patch.address {
            let address = address.normalised();
            address.check_for_site()?;
            next.address = address;
        }
        Ok(next)
    }
}

/// The error for a site id that is not one of the account's sites.
pub fn site_not_found(id: &str) -> CoreError {
    CoreError::not_found(codes::SITE_NOT_FOUND, format!("Site '{id}' does not exist"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patch() -> SitePatch {
        SitePatch {
            name: Some(" Raleigh ".into()),
            address: Some(Address {
                street_name: Some("Main".into()),
                city: Some("Raleigh".into()),
                state_code: Some("NC".into()),
                ..Address::default()
            }),
            ..SitePatch::default()
        }
    }

    #[test]
    fn create_requires_name_and_address() {
        assert_eq!(SiteFields::create(patch()).unwrap().name, "Raleigh");
        let mut p = patch();
        p.address = None;
        assert_eq!(
            SiteFields::create(p).unwrap_err().message,
            "Address is required"
        );
        let mut p = patch();
        p.name = None;
        assert_eq!(
            SiteFields::create(p).unwrap_err().message,
            "Name is required"
        );
        let mut p = patch();
        p.name = Some("x".repeat(51));
        assert_eq!(
            SiteFields::create(p).unwrap_err().code,
            Some(codes::SITE_NAME)
        );
        for bad in ["Raleigh_HQ", "Raleigh/HQ", "Café", "a\tb", "site#1"] {
            let mut p = patch();
            p.name = Some(bad.into());
            assert_eq!(
                SiteFields::create(p).unwrap_err().code,
                Some(codes::SITE_NAME),
                "{bad}"
            );
        }
        let mut p = patch();
        p.name = Some("Raleigh HQ-2 v1.0".into());
        assert!(
            SiteFields::create(p).is_ok(),
            "letters, digits, space, '.', '-'"
        );
        let mut p = patch();
        p.description = Some("d".repeat(251));
        assert_eq!(
            SiteFields::create(p).unwrap_err().code,
            Some(codes::SITE_DESCRIPTION)
        );
    }

    #[test]
    fn update_replaces_only_what_was_sent() {
        let site = SiteFields::create(patch()).unwrap();
        let next = site
            .apply(SitePatch {
                description: Some("new".into()),
                ..SitePatch::default()
            })
            .unwrap();
        assert_eq!(next.name, "Raleigh");
        assert_eq!(next.description.as_deref(), Some("new"));
        assert_eq!(next.address, site.address);
    }
}
