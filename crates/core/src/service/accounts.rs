//! Accounts, users and the demo account created on first start.

use crate::account::Account;
use crate::error::{CoreError, codes};
use crate::ids::AccountId;
use crate::store::StoreError;
use crate::user::{Password, PasswordHashString, User, Username};

use super::Tnhub;
use super::ensure::{create_if_absent, lost_race};

/// The company name of the demo accounts `tnhub serve` creates; a reset
/// keeps the accounts of this name.
pub const DEMO_COMPANY: &str = "tnhub demo";

/// The demo account and user, and the password if it was just created.
#[derive(Debug, Clone)]
pub struct DemoCredentials {
    /// The demo account.
    pub account: AccountId,
    /// The demo user.
    pub user: Username,
    /// The password in clear when the user was created (or reset) now;
    /// `None` when it already existed with a password we do not know.
    pub password: Option<String>,
    /// Whether anything was created.
    pub created: bool,
}

impl Tnhub {
    /// Creates an account; a fresh 7-digit id when none is given.
    pub async fn create_account(
        &self,
        id: Option<AccountId>,
        company_name: &str,
    ) -> Result<Account, CoreError> {
        let account = Account {
            id: id.unwrap_or_else(AccountId::generate),
            company_name: Account::parse_company_name(company_name)?,
            created_at: self.clock.now(),
        };
        let mut tx = self.store.write().await?;
        match tx.insert_account(&account).await {
            Err(StoreError::Duplicate(_)) => {
                return Err(CoreError::conflict(
                    codes::INVALID_VALUE,
                    format!("account '{}' already exists", account.id),
                ));
            }
            other => other?,
        }
        tx.commit().await?;
        Ok(account)
    }

    /// One account.
    pub async fn account(&self, id: &AccountId) -> Result<Account, CoreError> {
        self.store.read().await?.account(id).await?.ok_or_else(|| {
            CoreError::not_found(codes::NOT_FOUND, format!("account '{id}' does not exist"))
        })
    }

    /// All accounts.
    pub async fn accounts(&self) -> Result<Vec<Account>, CoreError> {
        Ok(self.store.read().await?.accounts().await?)
    }

    /// Creates a user granted `accounts` (which must exist). Hashing is slow;
    /// call from a thread that may block.
    pub async fn create_user(
        &self,
        name: &Username,
        password: &Password,
        accounts: &[AccountId],
    ) -> Result<User, CoreError> {
        let hash = password.hash()?;
        let mut tx = self.store.write().await?;
        match tx.insert_user(name, &hash, self.clock.now()).await {
            Err(StoreError::Duplicate(_)) => {
                return Err(CoreError::conflict(
                    codes::INVALID_VALUE,
                    format!("user '{name}' already exists"),
                ));
            }
            other => other?,
        }
        for account in accounts {
            if tx.account(account).await?.is_none() {
                return Err(CoreError::not_found(
                    codes::NOT_FOUND,
                    format!("account '{account}' does not exist"),
                ));
            }
            tx.grant(name, account).await?;
        }
        let user = tx
            .user(name)
            .await?
            .ok_or_else(|| CoreError::internal("user vanished after insert"))?;
        tx.commit().await?;
        Ok(user)
    }

    /// Grants an existing account to an existing user.
    pub async fn grant(&self, name: &Username, account: &AccountId) -> Result<(), CoreError> {
        let mut tx = self.store.write().await?;
        if tx.user(name).await?.is_none() {
            return Err(CoreError::not_found(
                codes::NOT_FOUND,
                format!("user '{name}' does not exist"),
            ));
        }
        if tx.account(account).await?.is_none() {
            return Err(CoreError::not_found(
                codes::NOT_FOUND,
                format!("account '{account}' does not exist"),
            ));
        }
        tx.grant(name, account).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Replaces a user's password.
    pub async fn set_password(
        &self,
        name: &Username,
        password: &Password,
    ) -> Result<(), CoreError> {
        let hash = password.hash()?;
        let mut tx = self.store.write().await?;
        if !tx.set_password_hash(name, &hash).await? {
            return Err(CoreError::not_found(
                codes::NOT_FOUND,
                format!("user '{name}' does not exist"),
            ));
        }
        tx.commit().await?;
        Ok(())
    }

    /// One user with its grants (for logging in).
    pub async fn user(&self, name: &Username) -> Result<Option<User>, CoreError> {
        Ok(self.store.read().await?.user(name).await?)
    }

    /// All users.
    pub async fn users(&self) -> Result<Vec<User>, CoreError> {
        Ok(self.store.read().await?.users().await?)
    }

    /// Makes sure the demo account and user exist, creating what is missing.
    ///
    /// With `password` given (scripts and tests need known credentials) the
    /// user's password is set to it, so the printed credentials always work.
    /// Without one, a new user gets a generated password, printed once; an
    /// existing user keeps its own.
    pub async fn ensure_demo(
        &self,
        account: &AccountId,
        user: &Username,
        password: Option<&str>,
    ) -> Result<DemoCredentials, CoreError> {
        self.ensure_demo_for(Some(account), user, password).await
    }

    /// [`Tnhub::ensure_demo`], where `account: None` means "the user's own
    /// account, or a new one if the user does not exist yet". Safe when
    /// several servers run it at once on one database (see [`ensure`]):
    /// the user, its new account and the grant are created in one
    /// transaction, so a server that loses the race leaves nothing behind
    /// and uses what the winner created.
    ///
    /// [`ensure`]: super::ensure
    pub async fn ensure_demo_for(
        &self,
        account: Option<&AccountId>,
        user: &Username,
        password: Option<&str>,
    ) -> Result<DemoCredentials, CoreError> {
        let mut created = false;
        if let Some(account) = account {
            created |= self.ensure_account(account, DEMO_COMPANY).await?;
        }
        let fresh = match password {
            Some(p) => Password::parse(p)?,
            None => Password::generate(),
        };
        let hash = fresh.hash()?;
        let new_account = account.cloned().unwrap_or_else(AccountId::generate);
        let ensured = create_if_absent(
            || async { Ok(self.store.read().await?.user(user).await?) },
            || self.create_demo_user(user, &hash, &new_account, account.is_none()),
        )
        .await?;
        let created_user = ensured.created();
        let existing = ensured.into_inner();
        let account = match account {
            Some(a) => a.clone(),
            None => match existing.accounts.first() {
                Some(a) => a.clone(),
                None => {
                    self.ensure_account(&new_account, DEMO_COMPANY).await?;
                    new_account
                }
            },
        };
        let shown = if created_user {
            created = true;
            Some(fresh.expose().to_string())
        } else if password.is_some() {
            if !existing.password_hash.verify(fresh.expose()) {
                self.set_password(user, &fresh).await?;
            }
            Some(fresh.expose().to_string())
        } else {
            None
        };
        if !existing.accounts.contains(&account) {
            self.grant(user, &account).await?;
        }
        Ok(DemoCredentials {
            account,
            user: user.clone(),
            password: shown,
            created,
        })
    }

    /// Creates `account` unless it exists; true if this call created it.
    async fn ensure_account(&self, account: &AccountId, company: &str) -> Result<bool, CoreError> {
        let row = Account {
            id: account.clone(),
            company_name: Account::parse_company_name(company)?,
            created_at: self.clock.now(),
        };
        let mut tx = self.store.write().await?;
        if !lost_race(tx.insert_account(&row).await)? {
            return Ok(false);
        }
        tx.commit().await?;
        Ok(true)
    }

    /// The create step of the demo user: the user, its account when that is
    /// new too, and the grant, in one transaction; `None` if the user (or a
    /// generated account id) was taken meanwhile, with nothing written.
    async fn create_demo_user(
        &self,
        user: &Username,
        hash: &PasswordHashString,
        account: &AccountId,
        new_account: bool,
    ) -> Result<Option<User>, CoreError> {
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        if new_account {
            let row = Account {
                id: account.clone(),
                company_name: Account::parse_company_name(DEMO_COMPANY)?,
                created_at: now,
            };
            if !lost_race(tx.insert_account(&row).await)? {
                return Ok(None);
            }
        }
        if !lost_race(tx.insert_user(user, hash, now).await)? {
            return Ok(None);
        }
        tx.grant(user, account).await?;
        let made = tx.user(user).await?;
        tx.commit().await?;
        Ok(made)
    }
}
