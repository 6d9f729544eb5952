//! Users and their passwords.
//!
//! Passwords are stored as Argon2id PHC strings. Verifying one costs tens of
//! milliseconds on purpose, which is why the API caches successful checks
//! (see the server's auth module) and why hashing runs off the async threads.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, codes};
use crate::ids::AccountId;
use crate::timestamp::Timestamp;

/// A user name: 1–64 of letters, digits and `._@-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Username(String);

impl Username {
    /// Parses a user name.
    pub fn parse(s: &str) -> Result<Self, CoreError> {
        let s = s.trim();
        if s.is_empty()
            || s.len() > 64
            || !s
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._@-".contains(&b))
        {
            return Err(CoreError::invalid(
                codes::INVALID_VALUE,
                format!(
                    "'{s}' is not a valid user name (1-64 letters, digits, '.', '_', '@' or '-')"
                ),
            ));
        }
        Ok(Username(s.to_string()))
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Username {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A password as typed, checked for length before it is hashed.
pub struct Password(String);

impl Password {
    /// At least 8 and at most 256 characters.
    pub fn parse(s: &str) -> Result<Self, CoreError> {
        let n = s.chars().count();
        if !(8..=256).contains(&n) {
            return Err(CoreError::invalid(
                codes::INVALID_VALUE,
                "a password must be 8 to 256 characters long",
            ));
        }
        Ok(Password(s.to_string()))
    }

    /// A random 20-character password for generated demo users.
    pub fn generate() -> Self {
        const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        let s = (0..20)
            .map(|_| ALPHABET[rand::random_range(0..ALPHABET.len())] as char)
            .collect();
        Password(s)
    }

    /// The password in clear, to print it once for the person who asked.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Hashes with Argon2id and a random salt; slow on purpose.
    pub fn hash(&self) -> Result<PasswordHashString, CoreError> {
        let salt_bytes: [u8; 16] = rand::random();
        let salt = SaltString::encode_b64(&salt_bytes)
            .map_err(|e| CoreError::internal(format!("salt: {e}")))?;
        let hash = Argon2::default()
            .hash_password(self.0.as_bytes(), &salt)
            .map_err(|e| CoreError::internal(format!("hashing a password: {e}")))?;
        Ok(PasswordHashString(hash.to_string()))
    }
}

/// A stored Argon2 PHC string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordHashString(pub String);

impl PasswordHashString {
    /// Checks a password against the hash; slow on purpose.
    pub fn verify(&self, password: &str) -> bool {
        match PasswordHash::new(&self.0) {
            Ok(parsed) => Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok(),
            Err(_) => false,
        }
    }
}

/// A user as stored, with the accounts granted to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// The login name.
    pub name: Username,
    /// The Argon2 hash of the password.
    pub password_hash: PasswordHashString,
    /// Accounts this user may act on.
    pub accounts: Vec<AccountId>,
    /// When it was created.
    pub created_at: Timestamp,
}

/// Who is making a request, after authentication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The authenticated user.
    pub user: Username,
    /// The accounts granted to it.
    pub accounts: Vec<AccountId>,
}

impl Principal {
    /// Whether this user may act on `account`.
    pub fn may_access(&self, account: &AccountId) -> bool {
        self.accounts.iter().any(|a| a == account)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_only_their_password() {
        let p = Password::parse("correct horse").unwrap();
        let h = p.hash().unwrap();
        assert!(h.0.starts_with("$argon2id$"));
        assert!(h.verify("correct horse"));
        assert!(!h.verify("correct horsE"));
        assert!(!PasswordHashString("garbage".into()).verify("x"));
    }

    #[test]
    fn names_and_passwords_are_checked() {
        assert!(Username::parse("api.user@example.com").is_ok());
        assert!(Username::parse("a b").is_err());
        assert!(Password::parse("short").is_err());
        assert_eq!(Password::generate().expose().len(), 20);
    }
}
