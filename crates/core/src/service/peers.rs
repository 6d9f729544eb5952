//! SIP peers and the default-peer rule.

use crate::error::{CoreError, codes};
use crate::ids::{AccountId, PeerId};
use crate::sippeer::{PeerFields, PeerPatch, SipPeer, peer_not_found};
use crate::store::{Repo, StoreError};

use super::Tnhub;
use super::sites::load_site;

fn name_taken(name: &str, account: &AccountId, site: &str) -> CoreError {
    CoreError::conflict(
        codes::PEER_NAME_TAKEN,
        format!("SipPeer name '{name}' already exists for Account '{account}' and Site '{site}'"),
    )
}

pub(crate) async fn load_peer(
    repo: &mut dyn Repo,
    account: &AccountId,
    raw_site: &str,
    raw_peer: &str,
) -> Result<SipPeer, CoreError> {
    let site = load_site(repo, account, raw_site).await?;
    let id = PeerId::parse(raw_peer).ok_or_else(|| peer_not_found(raw_peer, account, raw_site))?;
    repo.peer(site.id, id)
        .await?
        .ok_or_else(|| peer_not_found(raw_peer, account, raw_site))
}

impl Tnhub {
    /// Creates a peer. The site's first peer becomes its default whatever
    /// was asked; a later peer sent with `IsDefaultPeer=true` takes over.
    pub async fn create_peer(
        &self,
        account: &AccountId,
        raw_site: &str,
        patch: PeerPatch,
    ) -> Result<SipPeer, CoreError> {
        let wants_default = patch.is_default.unwrap_or(false);
        let fields = PeerFields::create(patch)?;
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let site = load_site(tx.as_mut(), account, raw_site).await?;
        let existing = tx.peers(site.id).await?;
        if existing.iter().any(|p| p.fields.name == fields.name) {
            return Err(name_taken(&fields.name, account, raw_site));
        }
        let first = existing.is_empty();
        let id = match tx.insert_peer(account, site.id, &fields, first, now).await {
            Err(StoreError::Duplicate(_)) => {
                return Err(name_taken(&fields.name, account, raw_site));
            }
            other => other?,
        };
        if wants_default && !first {
            tx.set_default_peer(site.id, id, now).await?;
        }
        let peer = tx
            .peer(site.id, id)
            .await?
            .ok_or_else(|| CoreError::internal("peer vanished after insert"))?;
        tx.commit().await?;
        Ok(peer)
    }

    /// One peer of a site.
    pub async fn peer(
        &self,
        account: &AccountId,
        raw_site: &str,
        raw_peer: &str,
    ) -> Result<SipPeer, CoreError> {
        let mut repo = self.store.read().await?;
        load_peer(repo.as_mut(), account, raw_site, raw_peer).await
    }

    /// The site's peers.
    pub async fn peers(
        &self,
        account: &AccountId,
        raw_site: &str,
    ) -> Result<Vec<SipPeer>, CoreError> {
        let mut repo = self.store.read().await?;
        let site = load_site(repo.as_mut(), account, raw_site).await?;
        Ok(repo.peers(site.id).await?)
    }

    /// Updates a peer. `IsDefaultPeer=true` makes it the default;
    /// `false` on the current default is refused (13522): a site must keep one.
    pub async fn update_peer(
        &self,
        account: &AccountId,
        raw_site: &str,
        raw_peer: &str,
        patch: PeerPatch,
    ) -> Result<SipPeer, CoreError> {
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let peer = load_peer(tx.as_mut(), account, raw_site, raw_peer).await?;
        let wants_default = patch.is_default;
        let fields = peer.fields.apply(patch)?;
        match wants_default {
            Some(false) if peer.is_default => {
                return Err(CoreError::invalid(
                    codes::PEER_DEFAULT_REQUIRED,
                    "IsDefaultPeer cannot be false right now. The site requires at least one Default Sip Peer; make another peer the default instead",
                ));
            }
            Some(true) if !peer.is_default => {
                tx.set_default_peer(peer.site_id, peer.id, now).await?
            }
            _ => {}
        }
        if fields.name != peer.fields.name
            && tx
                .peers(peer.site_id)
                .await?
                .iter()
                .any(|p| p.id != peer.id && p.fields.name == fields.name)
        {
            return Err(name_taken(&fields.name, account, raw_site));
        }
        match tx.update_peer(peer.site_id, peer.id, &fields, now).await {
            Err(StoreError::Duplicate(_)) => {
                return Err(name_taken(&fields.name, account, raw_site));
            }
            other => other?,
        }
        let peer = tx
            .peer(peer.site_id, peer.id)
            .await?
            .ok_or_else(|| CoreError::internal("peer vanished during update"))?;
        tx.commit().await?;
        Ok(peer)
    }

    /// Deletes a peer that has no numbers and no SMS feature (13613). When the default goes, the
    /// oldest remaining peer becomes the default, so the site keeps one.
    pub async fn delete_peer(
        &self,
        account: &AccountId,
        raw_site: &str,
        raw_peer: &str,
    ) -> Result<(), CoreError> {
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let peer = load_peer(tx.as_mut(), account, raw_site, raw_peer).await?;
        if peer.fields.settings.products.messaging() {
            return Err(CoreError::invalid(
                codes::PEER_HAS_SMS,
                "Delete not allowed while a SIP Peer has SMS feature",
            ));
        }
        let numbers = tx.count_peer_numbers(peer.id).await?;
        if numbers > 0 {
            return Err(CoreError::invalid(
                codes::PEER_HAS_NUMBERS,
                format!(
                    "Sip Peer '{}' cannot be deleted: it still has {numbers} telephone number(s); move or disconnect them first",
                    peer.id
                ),
            ));
        }
        tx.delete_peer(peer.site_id, peer.id).await?;
        if peer.is_default
            && let Some(next) = tx.peers(peer.site_id).await?.first()
        {
            tx.set_default_peer(peer.site_id, next.id, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
