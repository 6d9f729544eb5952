//! The applications area of the store: an account's voice and messaging
//! applications (`crate::application`), one row each with its content as a
//! JSON document.

use async_trait::async_trait;

use crate::application::Application;
use crate::ids::AccountId;

use super::StoreError;

/// Applications.
#[async_trait]
pub trait ApplicationRepo {
    /// Inserts an application; `Duplicate` if its id is taken.
    async fn insert_application(&mut self, app: &Application) -> Result<(), StoreError>;
    /// One application of an account.
    async fn application(
        &mut self,
        account: &AccountId,
        id: &str,
    ) -> Result<Option<Application>, StoreError>;
    /// An account's applications, oldest first.
    async fn applications(&mut self, account: &AccountId) -> Result<Vec<Application>, StoreError>;
    /// Replaces an application's content and `updated_at`; false if there
    /// is no such application.
    async fn update_application(&mut self, app: &Application) -> Result<bool, StoreError>;
    /// Deletes an application; false if there is none.
    async fn delete_application(
        &mut self,
        account: &AccountId,
        id: &str,
    ) -> Result<bool, StoreError>;
}
