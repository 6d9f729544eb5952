//! A SIP peer's products (`…/sippeers/{p}/products/…`): SMS and MMS
//! features, the messaging application, origination and termination
//! settings. Each change reads the peer, applies the rule and writes its
//! settings document back in one transaction.

use crate::application::{ServiceType, application_not_found};
use crate::error::{CoreError, codes};
use crate::ids::AccountId;
use crate::products::{
    MmsFeature, MmsPatch, PeerProducts, SmsFeature, SmsPatch, VoicePatch, VoiceSettings,
    messaging_not_enabled,
};
use crate::sippeer::SipPeer;
use crate::store::Repo;

use super::Tnhub;
use super::peers::load_peer;

/// Which product a change is about (for its errors).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Product {
    Sms,
    Mms,
    Origination,
    Termination,
}

impl Product {
    fn name(self) -> &'static str {
        match self {
            Product::Sms => "SMS feature",
            Product::Mms => "MMS feature",
            Product::Origination => "origination settings",
            Product::Termination => "termination settings",
        }
    }
}

/// How a write treats settings already there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Write {
    /// `POST`: the settings must not exist yet (409 otherwise).
    Create,
    /// `PUT`: the settings must exist (404 otherwise); what is not sent stays.
    Edit,
}

fn missing(product: Product, peer: &SipPeer) -> CoreError {
    CoreError::not_found(
        codes::PRODUCT_NOT_FOUND,
        format!("SIP peer '{}' has no {}", peer.id, product.name()),
    )
}

fn check_write<T>(
    w: Write,
    kept: &Option<T>,
    product: Product,
    peer: &SipPeer,
) -> Result<(), CoreError> {
    match (w, kept) {
        (Write::Create, Some(_)) => Err(CoreError::conflict(
            codes::PRODUCT_EXISTS,
            format!(
                "SIP peer '{}' already has its {}; edit them with PUT",
                peer.id,
                product.name()
            ),
        )),
        (Write::Edit, None) => Err(missing(product, peer)),
        _ => Ok(()),
    }
}

/// Checks that `id` is one of the account's applications of the kind.
async fn check_application(
    repo: &mut dyn Repo,
    account: &AccountId,
    id: &str,
    kind: ServiceType,
) -> Result<(), CoreError> {
    let app = repo.application(account, id).await?.ok_or_else(|| {
        let e = application_not_found(id);
        CoreError::invalid(codes::APPLICATION_NOT_FOUND, e.message)
    })?;
    if app.fields.service_type != kind {
        return Err(CoreError::invalid(
            codes::APPLICATION_INVALID,
            format!(
                "Application '{id}' is {}, not {}",
                app.fields.service_type.as_str(),
                kind.as_str()
            ),
        ));
    }
    Ok(())
}

impl Tnhub {
    /// Opens a write transaction on a peer whose products are to change.
    async fn open_peer(
        &self,
        account: &AccountId,
        raw_site: &str,
        raw_peer: &str,
    ) -> Result<(Box<dyn Repo>, SipPeer), CoreError> {
        let mut tx = self.store.write().await?;
        let peer = load_peer(tx.as_mut(), account, raw_site, raw_peer).await?;
        Ok((tx, peer))
    }

    /// Stores a peer's changed products and commits.
    async fn save_products(
        &self,
        mut tx: Box<dyn Repo>,
        peer: &SipPeer,
        products: PeerProducts,
    ) -> Result<(), CoreError> {
        let mut fields = peer.fields.clone();
        fields.settings.products = products;
        tx.update_peer(peer.site_id, peer.id, &fields, self.clock.now())
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every site of the account with its peers (the hosts roll-up).
    pub async fn account_peers(
        &self,
        account: &AccountId,
    ) -> Result<Vec<(crate::site::Site, Vec<SipPeer>)>, CoreError> {
        self.account(account).await?;
        let mut repo = self.store.read().await?;
        super::applications::site_peers(repo.as_mut(), account).await
    }

    /// A peer's products.
    pub async fn peer_products(
        &self,
        account: &AccountId,
        raw_site: &str,
        raw_peer: &str,
    ) -> Result<(SipPeer, PeerProducts), CoreError> {
        let peer = self.peer(account, raw_site, raw_peer).await?;
        let products = peer.fields.settings.products.clone();
        Ok((peer, products))
    }

    /// Creates or edits the SMS feature.
    pub async fn write_sms(
        &self,
        account: &AccountId,
        raw_site: &str,
        raw_peer: &str,
        patch: SmsPatch,
        w: Write,
    ) -> Result<SmsFeature, CoreError> {
        let (tx, peer) = self.open_peer(account, raw_site, raw_peer).await?;
        let mut p = peer.fields.settings.products.clone();
        check_write(w, &p.sms, Product::Sms, &peer)?;
        let sms = SmsFeature::build(patch, p.sms.as_ref())?;
        p.sms = Some(sms.clone());
        self.save_products(tx, &peer, p).await?;
        Ok(sms)
    }

    /// Creates or edits the MMS feature; SMS must be enabled first.
    pub async fn write_mms(
        &self,
        account: &AccountId,
        raw_site: &str,
        raw_peer: &str,
        patch: MmsPatch,
        w: Write,
    ) -> Result<MmsFeature, CoreError> {
        let (tx, peer) = self.open_peer(account, raw_site, raw_peer).await?;
        let mut p = peer.fields.settings.products.clone();
        if !p.messaging() {
            return Err(messaging_not_enabled(&peer.id.to_string()));
        }
        check_write(w, &p.mms, Product::Mms, &peer)?;
        let mms = MmsFeature::build(patch, p.mms.as_ref())?;
        p.mms = Some(mms.clone());
        self.save_products(tx, &peer, p).await?;
        Ok(mms)
    }

    /// Deletes the SMS or MMS feature. SMS goes only once neither MMS nor
    /// a messaging application depends on it.
    pub async fn delete_messaging_feature(
        &self,
        account: &AccountId,
        raw_site: &str,
        raw_peer: &str,
        product: Product,
    ) -> Result<(), CoreError> {
        let (tx, peer) = self.open_peer(account, raw_site, raw_peer).await?;
        let mut p = peer.fields.settings.products.clone();
        match product {
            Product::Mms => {
                p.mms.take().ok_or_else(|| missing(product, &peer))?;
            }
            _ => {
                if p.sms.is_none() {
                    return Err(missing(product, &peer));
                }
                if p.mms.is_some() || p.messaging_application.is_some() {
                    return Err(CoreError::invalid(
                        codes::PRODUCT_INVALID,
                        format!(
                            "SIP peer '{}' still has MMS or a messaging application; remove them before SMS",
                            peer.id
                        ),
                    ));
                }
                p.sms = None;
            }
        }
        self.save_products(tx, &peer, p).await
    }

    /// Points the peer at a Messaging-V2 application (`Some`), or at none.
    /// Messaging must be enabled.
    pub async fn set_messaging_application(
        &self,
        account: &AccountId,
        raw_site: &str,
        raw_peer: &str,
        app: Option<String>,
    ) -> Result<Option<String>, CoreError> {
        let (mut tx, peer) = self.open_peer(account, raw_site, raw_peer).await?;
        let mut p = peer.fields.settings.products.clone();
        if let Some(id) = &app {
            if !p.messaging() {
                return Err(messaging_not_enabled(&peer.id.to_string()));
            }
            check_application(tx.as_mut(), account, id, ServiceType::Messaging).await?;
        }
        p.messaging_application = app.clone();
        self.save_products(tx, &peer, p).await?;
        Ok(app)
    }

    /// Creates or edits origination or termination settings; an HTTP
    /// voice application must be one of the account's Voice-V2 ones.
    pub async fn write_voice_settings(
        &self,
        account: &AccountId,
        raw_site: &str,
        raw_peer: &str,
        product: Product,
        patch: VoicePatch,
        w: Write,
    ) -> Result<VoiceSettings, CoreError> {
        let (mut tx, peer) = self.open_peer(account, raw_site, raw_peer).await?;
        let mut p = peer.fields.settings.products.clone();
        let slot = match product {
            Product::Termination => &mut p.termination,
            _ => &mut p.origination,
        };
        check_write(w, slot, product, &peer)?;
        let v = VoiceSettings::build(patch, slot.as_ref())?;
        if let Some(id) = &v.http_voice_v2_app_id {
            check_application(tx.as_mut(), account, id, ServiceType::Voice).await?;
        }
        *slot = Some(v.clone());
        self.save_products(tx, &peer, p).await?;
        Ok(v)
    }
}

/// The error for product settings a peer does not have.
pub fn product_missing(product: Product, peer: &SipPeer) -> CoreError {
    missing(product, peer)
}
