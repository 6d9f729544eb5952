//! Safe retries: claiming an idempotency key, storing or releasing its
//! answer, and forgetting old keys (see [`crate::idempotency`]).
//!
//! A claim is one short transaction: insert the key's row (the primary key
//! lets one claimant win, on one server or many); when a row is there,
//! read it and decide. A row older than the TTL is deleted and the insert
//! tried again, and so is an unanswered row of the same request older than
//! [`IN_FLIGHT_LEASE_MS`] (its server stopped mid-request). The answer is
//! stored by a second transaction once the request is answered; it is not
//! part of the request's own transaction, so a server killed in between
//! leaves an unanswered claim that the lease frees.

use crate::error::CoreError;
use crate::idempotency::{
    Fingerprint, IN_FLIGHT_LEASE_MS, IdempotencyKey, KeyRecord, KeyScope, StoredResponse,
};

use super::Tnhub;

/// What to do with a request that carries a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Begin {
    /// The key is this request's now: run it, then [`Tnhub::finish_idempotent`].
    Run(Claim),
    /// The same request was answered: send this again.
    Replay(StoredResponse),
    /// The same request is still being answered.
    InFlight,
    /// The key was used for another request.
    Mismatch,
}

/// A claimed key, to store the answer under or release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    scope: String,
    key: String,
    token: String,
}

/// How many times a claim is tried after deleting an expired or abandoned row.
const CLAIM_TRIES: usize = 3;

impl Tnhub {
    /// Keeps idempotency keys this long (at least a minute).
    pub fn with_idempotency_ttl(mut self, ttl: std::time::Duration) -> Self {
        self.idempotency_ttl_ms = i64::try_from(ttl.as_millis())
            .unwrap_or(i64::MAX)
            .max(60_000);
        self
    }

    /// How long idempotency keys are kept, in milliseconds.
    pub fn idempotency_ttl_ms(&self) -> i64 {
        self.idempotency_ttl_ms
    }

    /// Claims `key` in `scope` for the request `fingerprint`, or says why not.
    pub async fn begin_idempotent(
        &self,
        scope: &KeyScope,
        key: &IdempotencyKey,
        fingerprint: &Fingerprint,
    ) -> Result<Begin, CoreError> {
        let now = self.clock.now();
        let ours = KeyRecord {
            scope: scope.stored(),
            key: key.as_str().to_string(),
            fingerprint: fingerprint.as_str().to_string(),
            token: uuid::Uuid::new_v4().simple().to_string(),
            created_at: now,
            response: None,
        };
        let mut tx = self.store.write().await?;
        for _ in 0..CLAIM_TRIES {
            if tx.insert_idempotency_key(&ours).await? {
                tx.commit().await?;
                return Ok(Begin::Run(Claim {
                    scope: ours.scope,
                    key: ours.key,
                    token: ours.token,
                }));
            }
            let Some(found) = tx.idempotency_key(&ours.scope, &ours.key).await? else {
                continue; // released meanwhile: claim again
            };
            let age = now.millis() - found.created_at.millis();
            let same = found.fingerprint == ours.fingerprint;
            let expired = age >= self.idempotency_ttl_ms;
            let abandoned = same && found.response.is_none() && age >= IN_FLIGHT_LEASE_MS;
            if expired || abandoned {
                if abandoned && !expired {
                    tracing::warn!(key = %ours.key, scope = %ours.scope, "an idempotency key left unanswered (its server stopped?) is taken over");
                }
                tx.release_idempotency_key(&found.scope, &found.key, &found.token)
                    .await?;
                continue;
            }
            // Nothing was written: dropping the transaction rolls it back.
            return Ok(match found.response {
                _ if !same => Begin::Mismatch,
                Some(r) => Begin::Replay(r),
                None => Begin::InFlight,
            });
        }
        Ok(Begin::InFlight)
    }

    /// Stores the answer of a claim (`Some`), or releases the key so that a
    /// retry runs again (`None`: a 5xx answer).
    pub async fn finish_idempotent(
        &self,
        claim: &Claim,
        response: Option<&StoredResponse>,
    ) -> Result<(), CoreError> {
        let mut tx = self.store.write().await?;
        let done = match response {
            Some(r) => {
                tx.complete_idempotency_key(&claim.scope, &claim.key, &claim.token, r)
                    .await?
            }
            None => {
                tx.release_idempotency_key(&claim.scope, &claim.key, &claim.token)
                    .await?
            }
        };
        tx.commit().await?;
        if !done {
            tracing::warn!(key = %claim.key, scope = %claim.scope, "an idempotency key was taken over before its answer was stored");
        }
        Ok(())
    }

    /// Forgets keys older than the TTL (housekeeping); how many.
    pub async fn purge_idempotency_keys(&self) -> Result<u64, CoreError> {
        let before = self.clock.now().plus_millis(-self.idempotency_ttl_ms);
        let mut tx = self.store.write().await?;
        let purged = tx.purge_idempotency_keys(before).await?;
        tx.commit().await?;
        Ok(purged)
    }
}
