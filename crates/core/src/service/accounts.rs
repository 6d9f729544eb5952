//! Accounts, users and the demo account created on first start.

use crate::account::Account;
use crate::error::{CoreError, ErrorKind, codes};
use crate::ids::AccountId;
use crate::store::StoreError;
use crate::user::{Password, User, Username};

use super::Tnhub;

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
        let mut created = false;
        match self
            .create_account(Some(account.clone()), DEMO_COMPANY)
            .await
        {
            Ok(_) => created = true,
            Err(e) if e.kind == ErrorKind::Conflict => {}
            Err(e) => return Err(e),
        }
        let existing = self.user(user).await?;
        let wanted = password.map(Password::parse).transpose()?;
        let shown = match (existing, wanted) {
            (None, wanted) => {
                let password = wanted.unwrap_or_else(Password::generate);
                self.create_user(user, &password, std::slice::from_ref(account))
                    .await?;
                created = true;
                Some(password.expose().to_string())
            }
            (Some(u), Some(password)) => {
                if !u.password_hash.verify(password.expose()) {
                    self.set_password(user, &password).await?;
                }
                if !u.accounts.contains(account) {
                    self.grant(user, account).await?;
                }
                Some(password.expose().to_string())
            }
            (Some(u), None) => {
                if !u.accounts.contains(account) {
                    self.grant(user, account).await?;
                }
                None
            }
        };
        Ok(DemoCredentials {
            account: account.clone(),
            user: user.clone(),
            password: shown,
            created,
        })
    }
}
