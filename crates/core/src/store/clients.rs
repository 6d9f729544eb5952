//! The storage area of OAuth API clients (see [`crate::client`]).

use async_trait::async_trait;

use crate::client::{ApiClient, ClientId};
use crate::timestamp::Timestamp;
use crate::user::Username;

use super::StoreError;

/// API clients.
#[async_trait]
pub trait ClientRepo {
    /// Inserts a client; `Duplicate` if the id is taken (the transaction
    /// stays usable).
    async fn insert_client(&mut self, client: &ApiClient) -> Result<(), StoreError>;
    /// One client, revoked or not.
    async fn client(&mut self, id: &ClientId) -> Result<Option<ApiClient>, StoreError>;
    /// Every client, or only `user`'s, by user and then id.
    async fn clients(&mut self, user: Option<&Username>) -> Result<Vec<ApiClient>, StoreError>;
    /// Replaces a client's secret hash and un-revokes it (the demo client,
    /// whose secret is fixed by configuration); false if there is no such client.
    async fn set_client_secret(
        &mut self,
        id: &ClientId,
        hash: &crate::user::PasswordHashString,
    ) -> Result<bool, StoreError>;
    /// Marks a client revoked at `now`; false if there is no such client or
    /// it was revoked already (the first time is kept).
    async fn revoke_client(&mut self, id: &ClientId, now: Timestamp) -> Result<bool, StoreError>;
}
