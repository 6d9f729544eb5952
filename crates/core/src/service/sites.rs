//! Sites.

use crate::error::{CoreError, codes};
use crate::ids::{AccountId, SiteId};
use crate::site::{Site, SiteFields, SitePatch, site_not_found};
use crate::store::Repo;

use super::Tnhub;

/// Loads one of the account's sites inside `repo`, or the 12016 error.
pub(super) async fn load_site(
    repo: &mut dyn Repo,
    account: &AccountId,
    raw_id: &str,
) -> Result<Site, CoreError> {
    let id = SiteId::parse(raw_id).ok_or_else(|| site_not_found(raw_id))?;
    repo.site(account, id)
        .await?
        .ok_or_else(|| site_not_found(raw_id))
}

impl Tnhub {
    /// Creates a site.
    pub async fn create_site(
        &self,
        account: &AccountId,
        patch: SitePatch,
    ) -> Result<Site, CoreError> {
        let fields = SiteFields::create(patch)?;
        let mut tx = self.store.write().await?;
        let id = tx.insert_site(account, &fields, self.clock.now()).await?;
        let site = tx
            .site(account, id)
            .await?
            .ok_or_else(|| CoreError::internal("site vanished after insert"))?;
        tx.commit().await?;
        Ok(site)
    }

    /// One site of the account.
    pub async fn site(&self, account: &AccountId, raw_id: &str) -> Result<Site, CoreError> {
        let mut repo = self.store.read().await?;
        load_site(repo.as_mut(), account, raw_id).await
    }

    /// The account's sites.
    pub async fn sites(&self, account: &AccountId) -> Result<Vec<Site>, CoreError> {
        Ok(self.store.read().await?.sites(account).await?)
    }

    /// Updates a site with the fields sent.
    pub async fn update_site(
        &self,
        account: &AccountId,
        raw_id: &str,
        patch: SitePatch,
    ) -> Result<Site, CoreError> {
        let mut tx = self.store.write().await?;
        let site = load_site(tx.as_mut(), account, raw_id).await?;
        let fields = site.fields.apply(patch)?;
        tx.update_site(account, site.id, &fields, self.clock.now())
            .await?;
        let site = tx
            .site(account, site.id)
            .await?
            .ok_or_else(|| CoreError::internal("site vanished during update"))?;
        tx.commit().await?;
        Ok(site)
    }

    /// Deletes a site that has no SIP peers and no numbers.
    pub async fn delete_site(&self, account: &AccountId, raw_id: &str) -> Result<(), CoreError> {
        let mut tx = self.store.write().await?;
        let site = load_site(tx.as_mut(), account, raw_id).await?;
        let peers = tx.peers(site.id).await?.len();
        let numbers = tx.count_site_numbers(site.id).await?;
        if peers > 0 || numbers > 0 {
            return Err(CoreError::invalid(
                codes::SITE_LOCKED,
                format!(
                    "Site '{}' cannot be deleted: it still has {peers} SIP peer(s) and {numbers} telephone number(s); delete those first",
                    site.id
                ),
            ));
        }
        tx.delete_site(account, site.id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// How many numbers the site holds.
    pub async fn site_total_tns(
        &self,
        account: &AccountId,
        raw_id: &str,
    ) -> Result<u64, CoreError> {
        let mut repo = self.store.read().await?;
        let site = load_site(repo.as_mut(), account, raw_id).await?;
        Ok(repo.count_site_numbers(site.id).await?)
    }
}
