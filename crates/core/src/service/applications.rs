//! Applications (`/accounts/{a}/applications`): create, read, replace,
//! patch, delete (refused while a SIP peer points at it) and the peers
//! that point at one.

use crate::application::{
    Application, ApplicationFields, ApplicationPatch, MAX_APPLICATIONS, application_not_found,
};
use crate::error::{CoreError, codes};
use crate::ids::AccountId;
use crate::sippeer::SipPeer;
use crate::site::Site;
use crate::store::Repo;

use super::Tnhub;

/// A SIP peer pointing at an application, with its site.
#[derive(Debug, Clone)]
pub struct AssociatedPeer {
    pub site: Site,
    pub peer: SipPeer,
}

async fn load(
    repo: &mut dyn Repo,
    account: &AccountId,
    id: &str,
) -> Result<Application, CoreError> {
    repo.application(account, id)
        .await?
        .ok_or_else(|| application_not_found(id))
}

/// Every site of the account with its peers, by id.
pub(crate) async fn site_peers(
    repo: &mut dyn Repo,
    account: &AccountId,
) -> Result<Vec<(Site, Vec<SipPeer>)>, CoreError> {
    let mut out = Vec::new();
    for site in repo.sites(account).await? {
        let peers = repo.peers(site.id).await?;
        out.push((site, peers));
    }
    Ok(out)
}

/// The account's peers that point at the application, by site and peer id.
async fn associated(
    repo: &mut dyn Repo,
    account: &AccountId,
    id: &str,
) -> Result<Vec<AssociatedPeer>, CoreError> {
    let mut out = Vec::new();
    for (site, peers) in site_peers(repo, account).await? {
        for peer in peers {
            if peer.fields.settings.products.uses_application(id) {
                out.push(AssociatedPeer {
                    site: site.clone(),
                    peer,
                });
            }
        }
    }
    Ok(out)
}

impl Tnhub {
    /// Creates an application (at most [`MAX_APPLICATIONS`] per account).
    pub async fn create_application(
        &self,
        account: &AccountId,
        patch: ApplicationPatch,
    ) -> Result<Application, CoreError> {
        let fields = ApplicationFields::build(patch, None)?;
        let now = self.clock.now();
        let app = Application {
            id: uuid::Uuid::new_v4().to_string(),
            account_id: account.clone(),
            fields,
            created_at: now,
            updated_at: now,
        };
        let mut tx = self.store.write().await?;
        if tx.applications(account).await?.len() >= MAX_APPLICATIONS {
            return Err(CoreError::invalid(
                codes::APPLICATION_INVALID,
                format!("An account may have at most {MAX_APPLICATIONS} applications"),
            ));
        }
        tx.insert_application(&app).await?;
        tx.commit().await?;
        Ok(app)
    }

    /// One application.
    pub async fn application(
        &self,
        account: &AccountId,
        id: &str,
    ) -> Result<Application, CoreError> {
        let mut repo = self.store.read().await?;
        load(repo.as_mut(), account, id).await
    }

    /// The account's applications, oldest first.
    pub async fn applications(&self, account: &AccountId) -> Result<Vec<Application>, CoreError> {
        let mut repo = self.store.read().await?;
        Ok(repo.applications(account).await?)
    }

    /// Replaces (`PUT`) or merges into (`PATCH`, `merge` true) an
    /// application. Its service type never changes.
    pub async fn update_application(
        &self,
        account: &AccountId,
        id: &str,
        patch: ApplicationPatch,
        merge: bool,
    ) -> Result<Application, CoreError> {
        let mut tx = self.store.write().await?;
        let mut app = load(tx.as_mut(), account, id).await?;
        app.fields = if merge {
            app.fields.merge(patch)?
        } else {
            ApplicationFields::build(patch, Some(app.fields.service_type))?
        };
        app.updated_at = self.clock.now();
        if !tx.update_application(&app).await? {
            return Err(application_not_found(id));
        }
        tx.commit().await?;
        Ok(app)
    }

    /// Deletes an application no SIP peer points at.
    pub async fn delete_application(&self, account: &AccountId, id: &str) -> Result<(), CoreError> {
        let mut tx = self.store.write().await?;
        load(tx.as_mut(), account, id).await?;
        let users = associated(tx.as_mut(), account, id).await?;
        if let Some(first) = users.first() {
            return Err(CoreError::conflict(
                codes::APPLICATION_IN_USE,
                format!(
                    "Application '{id}' is associated with {} SIP peer(s) (first: peer {} of site {}); remove it from them first",
                    users.len(),
                    first.peer.id,
                    first.site.id
                ),
            ));
        }
        tx.delete_application(account, id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The SIP peers pointing at an application.
    pub async fn application_peers(
        &self,
        account: &AccountId,
        id: &str,
    ) -> Result<Vec<AssociatedPeer>, CoreError> {
        let mut repo = self.store.read().await?;
        load(repo.as_mut(), account, id).await?;
        associated(repo.as_mut(), account, id).await
    }
}
