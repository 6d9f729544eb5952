//! The storage area of idempotency keys (see [`crate::idempotency`]).
//!
//! One row per (scope, key). Claiming a key is an insert on that primary
//! key, so when two requests with one key arrive at once, on one server or
//! two, the database lets exactly one claim it.

use async_trait::async_trait;

use crate::idempotency::{KeyRecord, StoredResponse};
use crate::timestamp::Timestamp;

use super::StoreError;

/// Idempotency keys.
#[async_trait]
pub trait IdempotencyRepo {
    /// Inserts a claim unless its (scope, key) has a row: true when
    /// inserted. Never fails with `Duplicate` (the transaction stays usable).
    async fn insert_idempotency_key(&mut self, record: &KeyRecord) -> Result<bool, StoreError>;
    /// The row of (scope, key).
    async fn idempotency_key(
        &mut self,
        scope: &str,
        key: &str,
    ) -> Result<Option<KeyRecord>, StoreError>;
    /// Stores the answer of the claim `token`, still unanswered; false when
    /// the row is gone or no longer that claim.
    async fn complete_idempotency_key(
        &mut self,
        scope: &str,
        key: &str,
        token: &str,
        response: &StoredResponse,
    ) -> Result<bool, StoreError>;
    /// Deletes the row of claim `token` (answered 5xx, expired or taken
    /// over); false when it is not that claim's any more.
    async fn release_idempotency_key(
        &mut self,
        scope: &str,
        key: &str,
        token: &str,
    ) -> Result<bool, StoreError>;
    /// Deletes every row claimed before `before`; how many.
    async fn purge_idempotency_keys(&mut self, before: Timestamp) -> Result<u64, StoreError>;
}
