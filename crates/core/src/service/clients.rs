//! OAuth API clients (see [`crate::client`]): created for a user, listed,
//! revoked, and looked up with their user's grants when a token is asked for
//! or a token's client is checked. Also the values every server sharing the
//! database must agree on, created once however many servers start at once
//! (the token signing key, the local certificate authority).

use crate::client::{ApiClient, ClientId};
use crate::error::{CoreError, ErrorKind, codes};
use crate::store::StoreError;
use crate::user::{Password, User, Username};

use super::Tnhub;

/// A client just created (or whose secret was just set), with the secret
/// in clear: the only time anyone sees it.
#[derive(Debug, Clone)]
pub struct NewClient {
    /// The client as stored.
    pub client: ApiClient,
    /// The secret in clear.
    pub secret: String,
}

/// The demo user's client, and its secret when it was set now.
#[derive(Debug, Clone)]
pub struct DemoClient {
    /// The client id.
    pub id: ClientId,
    /// The secret in clear when it was created or fixed now; `None` when an
    /// existing client kept a secret we do not know.
    pub secret: Option<String>,
}

fn no_client(id: &ClientId) -> CoreError {
    CoreError::not_found(codes::NOT_FOUND, format!("client '{id}' does not exist"))
}

impl Tnhub {
    /// Creates a client for an existing user: a fresh id unless one is
    /// given, a generated secret unless one is given. Hashing is slow; call
    /// from a thread that may block.
    pub async fn create_client(
        &self,
        user: &Username,
        name: Option<&str>,
        id: Option<ClientId>,
        secret: Option<Password>,
    ) -> Result<NewClient, CoreError> {
        let secret = secret.unwrap_or_else(Password::generate);
        let client = ApiClient {
            id: id.unwrap_or_else(ClientId::generate),
            user: user.clone(),
            name: ApiClient::parse_name(name)?,
            secret_hash: secret.hash()?,
            created_at: self.clock.now(),
            revoked_at: None,
        };
        let mut tx = self.store.write().await?;
        if tx.user(user).await?.is_none() {
            return Err(CoreError::not_found(
                codes::NOT_FOUND,
                format!("user '{user}' does not exist"),
            ));
        }
        match tx.insert_client(&client).await {
            Err(StoreError::Duplicate(_)) => {
                return Err(CoreError::conflict(
                    codes::INVALID_VALUE,
                    format!("client '{}' already exists", client.id),
                ));
            }
            other => other?,
        }
        tx.commit().await?;
        Ok(NewClient {
            client,
            secret: secret.expose().to_string(),
        })
    }

    /// Every client, or one user's, revoked ones included.
    pub async fn clients(&self, user: Option<&Username>) -> Result<Vec<ApiClient>, CoreError> {
        Ok(self.store.read().await?.clients(user).await?)
    }

    /// One client, revoked or not.
    pub async fn client(&self, id: &ClientId) -> Result<ApiClient, CoreError> {
        self.store
            .read()
            .await?
            .client(id)
            .await?
            .ok_or_else(|| no_client(id))
    }

    /// Revokes a client: no new token is issued to it, and servers refuse
    /// its tokens once their cache of it expires. Revoking twice keeps the
    /// first time.
    pub async fn revoke_client(&self, id: &ClientId) -> Result<ApiClient, CoreError> {
        let mut tx = self.store.write().await?;
        tx.revoke_client(id, self.clock.now()).await?;
        let client = tx.client(id).await?.ok_or_else(|| no_client(id))?;
        tx.commit().await?;
        Ok(client)
    }

    /// An active client and its user with the user's grants, or `None` when
    /// the client does not exist, is revoked or its user is gone: whom a
    /// token request or a token acts for.
    pub async fn client_identity(
        &self,
        id: &ClientId,
    ) -> Result<Option<(ApiClient, User)>, CoreError> {
        let mut repo = self.store.read().await?;
        let Some(client) = repo.client(id).await?.filter(ApiClient::is_active) else {
            return Ok(None);
        };
        Ok(repo.user(&client.user).await?.map(|u| (client, u)))
    }

    /// Makes sure the demo user has a client. With `id` and `secret` given
    /// (scripts and tests need to know them in advance) that client exists
    /// with that secret, un-revoked, after every start. Otherwise a user
    /// without an active client gets one with what is missing generated,
    /// printed once; one that has a client keeps it.
    pub async fn ensure_demo_client(
        &self,
        user: &Username,
        id: Option<&str>,
        secret: Option<&str>,
    ) -> Result<DemoClient, CoreError> {
        let (raw_id, raw_secret) = (id, secret);
        let id = id.map(ClientId::parse).transpose()?;
        let secret = secret.map(Password::parse).transpose()?;
        let existing = match &id {
            Some(id) => self.store.read().await?.client(id).await?,
            None => self
                .clients(Some(user))
                .await?
                .into_iter()
                .find(ApiClient::is_active),
        };
        match (existing, secret) {
            (None, secret) => {
                let fixed_id = id.is_some();
                match self.create_client(user, Some("demo"), id, secret).await {
                    Ok(made) => Ok(DemoClient {
                        id: made.client.id,
                        secret: Some(made.secret),
                    }),
                    // Another server starting at the same moment inserted the
                    // same fixed id first: use its client, as a later start would.
                    Err(e) if e.kind == ErrorKind::Conflict && fixed_id => {
                        Box::pin(self.ensure_demo_client(user, raw_id, raw_secret)).await
                    }
                    Err(e) => Err(e),
                }
            }
            (Some(c), Some(secret)) => {
                if c.user != *user {
                    return Err(CoreError::conflict(
                        codes::INVALID_VALUE,
                        format!("client '{}' belongs to user '{}'", c.id, c.user),
                    ));
                }
                if !c.is_active() || !c.secret_hash.verify(secret.expose()) {
                    let mut tx = self.store.write().await?;
                    tx.set_client_secret(&c.id, &secret.hash()?).await?;
                    tx.commit().await?;
                }
                Ok(DemoClient {
                    id: c.id,
                    secret: Some(secret.expose().to_string()),
                })
            }
            (Some(c), None) => Ok(DemoClient {
                id: c.id,
                secret: None,
            }),
        }
    }

    /// A server-wide value kept in the database (a signing key, a CA): the
    /// stored one, or `init()` stored now. The read and the write are one
    /// transaction that holds the setting's lock, so servers starting at
    /// once all end up with the first one's value.
    pub async fn shared_value(
        &self,
        name: &str,
        init: impl FnOnce() -> Result<String, CoreError>,
    ) -> Result<String, CoreError> {
        let mut tx = self.store.write().await?;
        if let Some(v) = tx.setting(name).await? {
            return Ok(v);
        }
        let v = init()?;
        tx.set_setting(name, &v).await?;
        tx.commit().await?;
        Ok(v)
    }
}
