//! Identifiers that parse once.
//!
//! Path segments arrive as text; turning them into these types at the edge
//! means "site `abc`" is rejected before any query runs, with the error the
//! real service gives for an unknown site.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, codes};

/// An account id. The real service uses 7-digit numbers; operators may pick
/// any short identifier of letters, digits, `-` and `_`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AccountId(String);

impl AccountId {
    /// Parses an account id (1–32 of `[A-Za-z0-9_-]`).
    pub fn parse(s: &str) -> Result<Self, CoreError> {
        let s = s.trim();
        if s.is_empty()
            || s.len() > 32
            || !s
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(CoreError::invalid(
                codes::INVALID_VALUE,
                format!("'{s}' is not a valid account id (1-32 letters, digits, '-' or '_')"),
            ));
        }
        Ok(AccountId(s.to_string()))
    }

    /// A fresh 7-digit account id, like the real service's.
    pub fn generate() -> Self {
        AccountId(format!("{}", rand::random_range(9_000_000..9_999_999u32)))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

macro_rules! integer_id {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub struct $name(i64);

        impl $name {
            /// Wraps a stored id.
            pub const fn new(id: i64) -> Self {
                $name(id)
            }

            /// Parses a path segment; `None` when it is not a positive integer
            /// (callers answer with their resource's "does not exist" error).
            pub fn parse(s: &str) -> Option<Self> {
                let s = s.trim();
                if s.is_empty() || s.len() > 18 || !s.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                s.parse::<i64>().ok().filter(|v| *v > 0).map($name)
            }

            /// The numeric value.
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

integer_id!(
    /// A site id (an integer, as in the real service).
    SiteId,
    "site"
);
integer_id!(
    /// A SIP peer id (an integer, as in the real service).
    PeerId,
    "peer"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_strictly() {
        assert!(AccountId::parse("9900012").is_ok());
        assert!(AccountId::parse("acme-1").is_ok());
        assert!(AccountId::parse("a b").is_err());
        assert!(AccountId::parse("").is_err());
        assert_eq!(SiteId::parse("12").map(SiteId::get), Some(12));
        assert_eq!(SiteId::parse("0"), None);
        assert_eq!(SiteId::parse("-1"), None);
        assert_eq!(SiteId::parse("1e3"), None);
        assert_eq!(PeerId::parse("99999999999999999999"), None);
        let generated = AccountId::generate();
        assert_eq!(generated.as_str().len(), 7);
    }
}
