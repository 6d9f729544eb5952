//! OAuth 2.0 API clients: a client id and secret a user's programs trade for
//! short-lived bearer tokens (the client-credentials grant, as Bandwidth's
//! own API offers it). A client acts with its user's grants, so scoping
//! stays one rule whether a request carries a password or a token.
//!
//! The secret is hashed like a password ([`crate::user::Password`]: Argon2id,
//! slow on purpose) and shown only when it is made. A revoked client stays
//! listed, with the time it was revoked, and never gets a token again.

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, codes};
use crate::timestamp::Timestamp;
use crate::user::{PasswordHashString, Username};

/// A client id: 1–64 of letters, digits and `._-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ClientId(String);

impl ClientId {
    /// Parses a client id.
    pub fn parse(s: &str) -> Result<Self, CoreError> {
        let s = s.trim();
        if s.is_empty()
            || s.len() > 64
            || !s
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
        {
            return Err(CoreError::invalid(
                codes::INVALID_VALUE,
                format!("'{s}' is not a valid client id (1-64 letters, digits, '.', '_' or '-')"),
            ));
        }
        Ok(ClientId(s.to_string()))
    }

    /// A fresh random id (a UUID's 32 hex digits, like the ids Bandwidth issues).
    pub fn generate() -> Self {
        ClientId(uuid::Uuid::new_v4().simple().to_string())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ClientId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The longest free-text name a client may have.
pub const MAX_CLIENT_NAME: usize = 100;

/// An API client as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiClient {
    /// The client id (`client_id` of the token request).
    pub id: ClientId,
    /// The user it acts as.
    pub user: Username,
    /// What the owner calls it ("billing service"), if anything.
    pub name: Option<String>,
    /// The Argon2 hash of the secret.
    pub secret_hash: PasswordHashString,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it was revoked; a revoked client gets and keeps no token.
    pub revoked_at: Option<Timestamp>,
}

impl ApiClient {
    /// Checks an optional name: trimmed, at most [`MAX_CLIENT_NAME`] characters.
    pub fn parse_name(name: Option<&str>) -> Result<Option<String>, CoreError> {
        let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) else {
            return Ok(None);
        };
        if name.chars().count() > MAX_CLIENT_NAME || name.chars().any(char::is_control) {
            return Err(CoreError::invalid(
                codes::INVALID_VALUE,
                format!("a client name is at most {MAX_CLIENT_NAME} printable characters"),
            ));
        }
        Ok(Some(name.to_string()))
    }

    /// Whether it may still get and use tokens.
    pub fn is_active(&self) -> bool {
        self.revoked_at.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_names_are_checked() {
        assert!(ClientId::parse("demo-client_1.a").is_ok());
        assert!(ClientId::parse("a b").is_err());
        assert!(ClientId::parse("").is_err());
        assert_eq!(ClientId::generate().as_str().len(), 32);
        assert_eq!(ApiClient::parse_name(Some("  ")).unwrap(), None);
        assert_eq!(
            ApiClient::parse_name(Some(" billing ")).unwrap().as_deref(),
            Some("billing")
        );
        assert!(ApiClient::parse_name(Some(&"x".repeat(101))).is_err());
    }
}
