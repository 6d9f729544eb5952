//! Access tokens (what the official clients expect of them: docs/oauth-clients.md): compact JWTs (`jsonwebtoken`, HS256) naming the client and
//! its user, with an expiry in real time (never the sandbox clock: clients
//! count a token's lifetime on their own clocks).
//!
//! The signing key is 32 random bytes kept in the database's settings
//! (`oauth.token_key`), created by whichever server starts first (see
//! `Tnhub::shared_value`), so every server on one database signs and
//! verifies alike. Losing it only logs every client out.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use tnhub_core::client::ClientId;
use tnhub_core::user::Username;
use tnhub_core::{CoreError, Tnhub};

/// The settings name of the signing key.
const KEY_SETTING: &str = "oauth.token_key";
/// Who issues the tokens (the `iss` claim, checked on every token).
const ISSUER: &str = "tnhub";

/// What a token says.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// The client id.
    pub sub: String,
    /// The client's user (for logs; grants are read fresh, never from here).
    pub usr: String,
    /// The issuer, always `tnhub`.
    pub iss: String,
    /// Issued at, seconds since the epoch.
    pub iat: u64,
    /// Expires at, seconds since the epoch.
    pub exp: u64,
}

/// Why a token was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Well signed but past its expiry.
    #[error("the access token expired")]
    Expired,
    /// Not a token of ours: bad signature, bad form, wrong issuer.
    #[error("the access token is invalid")]
    Invalid,
}

/// The signing and verifying keys.
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl TokenKeys {
    /// Keys from a secret.
    pub fn from_secret(secret: &[u8]) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        // Expiry is exact: the token endpoint tells clients its lifetime.
        validation.leeway = 0;
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "sub", "iss"]);
        TokenKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
        }
    }

    /// The database's keys, created there by the first server to ask.
    pub async fn load(hub: &Tnhub) -> Result<Self, CoreError> {
        let stored = hub
            .shared_value(KEY_SETTING, || {
                let key: [u8; 32] = rand::random();
                Ok(base64::engine::general_purpose::STANDARD.encode(key))
            })
            .await?;
        let secret = base64::engine::general_purpose::STANDARD
            .decode(stored.trim())
            .map_err(|e| CoreError::internal(format!("the stored token key is not base64: {e}")))?;
        Ok(Self::from_secret(&secret))
    }

    /// A token for `client` (acting as `user`) valid for `ttl`.
    pub fn issue(
        &self,
        client: &ClientId,
        user: &Username,
        ttl: Duration,
    ) -> Result<String, CoreError> {
        let iat = now_secs();
        let claims = Claims {
            sub: client.to_string(),
            usr: user.to_string(),
            iss: ISSUER.into(),
            iat,
            exp: iat + ttl.as_secs().max(1),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| CoreError::internal(format!("signing a token: {e}")))
    }

    /// The claims of a token of ours that has not expired.
    pub fn verify(&self, token: &str) -> Result<Claims, TokenError> {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|d| d.claims)
            .map_err(|e| match e.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => TokenError::Expired,
                _ => TokenError::Invalid,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> (ClientId, Username) {
        (
            ClientId::parse("c1").unwrap(),
            Username::parse("alice").unwrap(),
        )
    }

    #[test]
    fn tokens_verify_with_their_key_only() {
        let (client, user) = ids();
        let keys = TokenKeys::from_secret(b"0123456789abcdef0123456789abcdef");
        let token = keys.issue(&client, &user, Duration::from_secs(60)).unwrap();
        let claims = keys.verify(&token).unwrap();
        assert_eq!((claims.sub.as_str(), claims.usr.as_str()), ("c1", "alice"));
        assert_eq!(claims.exp - claims.iat, 60);
        let other = TokenKeys::from_secret(b"another key of thirty-two bytes!");
        assert_eq!(other.verify(&token).unwrap_err(), TokenError::Invalid);
        assert_eq!(keys.verify("not.a.token").unwrap_err(), TokenError::Invalid);
        let mut tampered = token.clone();
        tampered.insert(tampered.len() - 2, 'A');
        assert_eq!(keys.verify(&tampered).unwrap_err(), TokenError::Invalid);
    }

    #[test]
    fn expired_tokens_are_told_apart() {
        let (client, user) = ids();
        let keys = TokenKeys::from_secret(b"0123456789abcdef0123456789abcdef");
        let claims = Claims {
            sub: client.to_string(),
            usr: user.to_string(),
            iss: ISSUER.into(),
            iat: now_secs() - 120,
            exp: now_secs() - 1,
        };
        let token =
            jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &keys.encoding).unwrap();
        assert_eq!(keys.verify(&token).unwrap_err(), TokenError::Expired);
    }
}
