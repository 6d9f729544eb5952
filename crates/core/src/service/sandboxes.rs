//! Sandboxes: a whole tenant in one call, and its removal.
//!
//! A test suite wants a clean tenant per test without setting one up by
//! hand: [`Tnhub::create_sandbox`] creates, in one transaction, an account,
//! a user granted only that account (with a password), an OAuth API client
//! of that user when asked (see [`crate::client`]), a site and its default
//! SIP peer, so the tenant can order numbers at once with either kind of
//! credential. Its mirror,
//! [`Tnhub::delete_account`], removes an account and everything it owns in
//! one transaction; its numbers go back to inventory at once, because a
//! number without a row is available (searches check the rows, not a
//! cache).

use crate::account::Account;
use crate::address::Address;
use crate::client::{ApiClient, ClientId};
use crate::error::{CoreError, ErrorKind, codes};
use crate::ids::AccountId;
use crate::sippeer::{PeerFields, PeerPatch, SipPeer};
use crate::site::{Site, SiteFields, SitePatch};
use crate::store::{AccountRemoval, Repo, StoreError};
use crate::user::{Password, User, Username};

use super::Tnhub;

/// How many fresh account ids are tried before giving up (a random 7-digit
/// id is taken only once about a million accounts exist).
const ID_ATTEMPTS: usize = 8;

/// What a sandbox is made of; everything left out is generated.
#[derive(Default)]
pub struct SandboxRequest {
    /// The account id (a fresh 7-digit one when `None`).
    pub account: Option<AccountId>,
    /// The company name (`"tnhub sandbox"` when `None`).
    pub company_name: Option<String>,
    /// The user (`sandbox-<account>` when `None`).
    pub user: Option<Username>,
    /// The password (20 random characters when `None`).
    pub password: Option<Password>,
    /// Whether to create an API client for the user too (one more Argon2
    /// hash, so only when the caller answers its secret to someone).
    pub api_client: bool,
}

/// A sandbox just created, with its password in clear (shown this once).
pub struct Sandbox {
    pub account: Account,
    pub user: User,
    pub password: String,
    pub site: Site,
    pub peer: SipPeer,
    /// The user's API client with its secret in clear, when asked for.
    pub client: Option<super::NewClient>,
}

/// The address every sandbox site gets (a site needs one; tests that care
/// create their own sites).
fn sandbox_address() -> Address {
    Address {
        house_number: Some("900".into()),
        street_name: Some("Main Campus".into()),
        street_suffix: Some("Dr".into()),
        city: Some("Raleigh".into()),
        state_code: Some("NC".into()),
        zip: Some("27606".into()),
        country: Some("United States".into()),
        address_type: Some("Service".into()),
        ..Address::default()
    }
}

fn taken(what: &str, name: &str) -> CoreError {
    CoreError::conflict(
        codes::INVALID_VALUE,
        format!("{what} '{name}' already exists"),
    )
}

/// Inserts the account, trying fresh ids while a generated one is taken.
async fn insert_account(
    tx: &mut dyn Repo,
    wanted: Option<AccountId>,
    company_name: &str,
    now: crate::Timestamp,
) -> Result<Account, CoreError> {
    let company_name = Account::parse_company_name(company_name)?;
    for _ in 0..ID_ATTEMPTS {
        let account = Account {
            id: wanted.clone().unwrap_or_else(AccountId::generate),
            company_name: company_name.clone(),
            created_at: now,
        };
        match tx.insert_account(&account).await {
            Ok(()) => return Ok(account),
            Err(StoreError::Duplicate(_)) if wanted.is_none() => continue,
            Err(StoreError::Duplicate(_)) => return Err(taken("account", account.id.as_str())),
            Err(e) => return Err(e.into()),
        }
    }
    Err(CoreError::internal("no free account id found"))
}

impl Tnhub {
    /// Creates a sandbox: account, user, site and default peer, all or
    /// nothing. Hashing the password is slow; call from a thread that may
    /// block. 409 when the account id or user name asked for is taken.
    pub async fn create_sandbox(&self, req: SandboxRequest) -> Result<Sandbox, CoreError> {
        let password = req.password.unwrap_or_else(Password::generate);
        let hash = password.hash()?;
        let client_secret = req.api_client.then(Password::generate);
        let client_hash = client_secret.as_ref().map(Password::hash).transpose()?;
        let site_fields = SiteFields::create(SitePatch {
            name: Some("sandbox".into()),
            description: Some("created with the sandbox".into()),
            address: Some(sandbox_address()),
            ..SitePatch::default()
        })?;
        let peer_fields = PeerFields::create(PeerPatch {
            name: Some("sandbox".into()),
            description: Some("the sandbox site's default peer".into()),
            ..PeerPatch::default()
        })?;
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let account = insert_account(
            tx.as_mut(),
            req.account,
            req.company_name.as_deref().unwrap_or("tnhub sandbox"),
            now,
        )
        .await?;
        let name = match req.user {
            Some(u) => u,
            None => Username::parse(&format!("sandbox-{}", account.id))?,
        };
        match tx.insert_user(&name, &hash, now).await {
            Err(StoreError::Duplicate(_)) => return Err(taken("user", name.as_str())),
            other => other?,
        }
        tx.grant(&name, &account.id).await?;
        let client = match (client_secret, client_hash) {
            (Some(secret), Some(secret_hash)) => {
                let client = ApiClient {
                    id: ClientId::generate(),
                    user: name.clone(),
                    name: Some("sandbox".into()),
                    secret_hash,
                    created_at: now,
                    revoked_at: None,
                };
                tx.insert_client(&client).await?;
                Some(super::NewClient {
                    client,
                    secret: secret.expose().to_string(),
                })
            }
            _ => None,
        };
        let site_id = tx.insert_site(&account.id, &site_fields, now).await?;
        let peer_id = tx
            .insert_peer(&account.id, site_id, &peer_fields, true, now)
            .await?;
        let vanished = || CoreError::internal("a sandbox row vanished after insert");
        let user = tx.user(&name).await?.ok_or_else(vanished)?;
        let site = tx.site(&account.id, site_id).await?.ok_or_else(vanished)?;
        let peer = tx.peer(site_id, peer_id).await?.ok_or_else(vanished)?;
        tx.commit().await?;
        Ok(Sandbox {
            account,
            user,
            password: password.expose().to_string(),
            site,
            peer,
            client,
        })
    }

    /// Gives a new credential its own sandbox on first use (the server's
    /// `--auto-accounts`, sandbox mode only): only when neither the user
    /// nor the account exists, so it never grants an account someone
    /// already has. Hashes a password: call from a thread that may block. `true`
    /// when it created one; `false` when either exists (also when a
    /// concurrent request with the same credential created it first).
    pub async fn auto_account(
        &self,
        account: &AccountId,
        user: &Username,
        password: &str,
    ) -> Result<bool, CoreError> {
        if self.sandbox.is_none() {
            return Err(CoreError::invalid(
                codes::INVALID_VALUE,
                "accounts are created on first use only in sandbox mode",
            ));
        }
        let password = Password::parse(password)?;
        {
            let mut repo = self.store.read().await?;
            if repo.user(user).await?.is_some() || repo.account(account).await?.is_some() {
                return Ok(false);
            }
        }
        let created = self
            .create_sandbox(SandboxRequest {
                account: Some(account.clone()),
                company_name: Some(format!("auto account of {user}")),
                user: Some(user.clone()),
                password: Some(password),
                api_client: false,
            })
            .await;
        match created {
            Ok(_) => Ok(true),
            Err(e) if e.kind == ErrorKind::Conflict => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Deletes an account and everything it owns (see
    /// [`crate::store::AccountRepo::delete_account`]), in one transaction.
    pub async fn delete_account(&self, id: &AccountId) -> Result<AccountRemoval, CoreError> {
        let mut tx = self.store.write().await?;
        let removed = tx.delete_account(id).await?.ok_or_else(|| {
            CoreError::not_found(codes::NOT_FOUND, format!("account '{id}' does not exist"))
        })?;
        tx.commit().await?;
        Ok(removed)
    }
}
