//! Users and their passwords.
//!
//! Passwords are stored as Argon2id PHC strings. Verifying one costs tens of
//! milliseconds on purpose, which is why the API caches successful checks
//! (see the server's auth module) and why hashing runs off the async threads.

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
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

    /// Checks a password like [`verify`](Self::verify), but computes in
    /// `memory` instead of allocating Argon2's working memory (19 MiB with
    /// the default parameters) for every check. A thread that keeps one
    /// [`VerifyMemory`] holds that memory once, however many checks it
    /// runs, so a flood of checks cannot pile up allocations. The result is
    /// compared in constant time.
    pub fn verify_in(&self, password: &str, memory: &mut VerifyMemory) -> bool {
        let Ok(parsed) = PasswordHash::new(&self.0) else {
            return false;
        };
        let (Some(expected), Some(salt)) = (parsed.hash, parsed.salt) else {
            return false;
        };
        let Ok(algorithm) = Algorithm::try_from(parsed.algorithm) else {
            return false;
        };
        let Ok(version) = Version::try_from(parsed.version.unwrap_or(0x13)) else {
            return false;
        };
        let Ok(params) = Params::try_from(&parsed) else {
            return false;
        };
        let params = match Params::new(
            params.m_cost(),
            params.t_cost(),
            params.p_cost(),
            Some(expected.len()),
        ) {
            Ok(p) if p.block_count() <= VerifyMemory::MAX_BLOCKS => p,
            _ => return false,
        };
        let mut salt_buf = [0u8; 64];
        let Ok(salt) = salt.decode_b64(&mut salt_buf) else {
            return false;
        };
        let blocks = memory.blocks(params.block_count());
        let mut out = [0u8; 64];
        let out = &mut out[..expected.len()];
        let hasher = Argon2::new(algorithm, version, params);
        if hasher
            .hash_password_into_with_memory(password.as_bytes(), salt, out, blocks)
            .is_err()
        {
            return false;
        }
        argon2::password_hash::Output::new(out).is_ok_and(|o| o == expected)
    }

    /// A hash of a random secret nobody knows, made with the same parameters
    /// as real ones. Checking a password of an unknown user against it costs
    /// what a wrong password of a real user costs, so the time of a failed
    /// login does not tell whether the user exists. Made once per process.
    pub fn decoy() -> &'static PasswordHashString {
        static DECOY: OnceLock<PasswordHashString> = OnceLock::new();
        DECOY.get_or_init(|| {
            Password::generate()
                .hash()
                .unwrap_or_else(|_| PasswordHashString(String::new()))
        })
    }
}

/// Argon2 working memory kept by one checking thread (see
/// [`PasswordHashString::verify_in`]).
#[derive(Default)]
pub struct VerifyMemory(Vec<Block>);

impl VerifyMemory {
    /// The most memory a check may ask for: 64 MiB (1 KiB blocks). Hashes
    /// made here use 19 MiB; a stored hash asking for more is refused
    /// rather than allowed to grow the pool's memory without bound.
    pub const MAX_BLOCKS: usize = 64 * 1024;

    fn blocks(&mut self, n: usize) -> &mut [Block] {
        if self.0.len() < n {
            self.0.resize(n, Block::default());
        }
        &mut self.0[..n]
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
    fn reused_memory_agrees_with_the_allocating_check() {
        let h = Password::parse("correct horse").unwrap().hash().unwrap();
        let mut memory = VerifyMemory::default();
        assert!(h.verify_in("correct horse", &mut memory));
        assert!(!h.verify_in("correct horsE", &mut memory));
        assert!(h.verify_in("correct horse", &mut memory));
        assert!(!PasswordHashString("garbage".into()).verify_in("x", &mut memory));
        let decoy = PasswordHashString::decoy();
        assert!(decoy.0.starts_with("$argon2id$"));
        assert!(!decoy.verify_in("correct horse", &mut memory));
    }

    #[test]
    fn names_and_passwords_are_checked() {
        assert!(Username::parse("api.user@example.com").is_ok());
        assert!(Username::parse("a b").is_err());
        assert!(Password::parse("short").is_err());
        assert_eq!(Password::generate().expose().len(), 20);
    }
}
