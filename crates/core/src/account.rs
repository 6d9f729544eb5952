//! Accounts: the unit of ownership. Sites, peers, numbers and orders belong
//! to exactly one account; users are granted accounts.

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, codes};
use crate::ids::AccountId;
use crate::timestamp::Timestamp;

/// An account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// Its id, used in every `/accounts/{id}` path.
    pub id: AccountId,
    /// The company name shown by `GET /accounts/{id}`.
    pub company_name: String,
    /// When it was created.
    pub created_at: Timestamp,
}

impl Account {
    /// Validates a company name (1–100 printable characters).
    pub fn parse_company_name(name: &str) -> Result<String, CoreError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(CoreError::required("CompanyName"));
        }
        if name.chars().count() > 100 || name.chars().any(char::is_control) {
            return Err(CoreError::invalid(
                codes::INVALID_VALUE,
                "CompanyName must be 1-100 printable characters",
            ));
        }
        Ok(name.to_string())
    }
}
