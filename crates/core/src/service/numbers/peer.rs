//! A SIP peer's numbers (a page, one number, the count) and moving numbers
//! in service between SIP peers, all or none, each move recorded in the
//! number's history. Split from the account-wide views (`listing`).

use std::collections::HashSet;

use tnhub_nanp::Tn;

use crate::error::{CoreError, codes as common};
use crate::ids::{AccountId, PeerId};
use crate::number::{NumberRecord, NumberStatus};
use crate::service::Tnhub;
use crate::service::claim::record_event;
use crate::service::sites::load_site;
use crate::sippeer::{SipPeer, peer_not_found};
use crate::site::Site;
use crate::store::{NumberQuery, Repo};

use super::{ListQuery, MAX_MOVE, MOVE_ORDER_TYPE, NumberPage, codes, page_of};

/// A site of the account and one of its peers (12016 / 13563, both 404).
pub(super) async fn load_site_peer(
    repo: &mut dyn Repo,
    account: &AccountId,
    raw_site: &str,
    raw_peer: &str,
) -> Result<(Site, SipPeer), CoreError> {
    let site = load_site(repo, account, raw_site).await?;
    let missing = || peer_not_found(raw_peer.trim(), account, raw_site.trim());
    let id = PeerId::parse(raw_peer).ok_or_else(missing)?;
    let peer = repo.peer(site.id, id).await?.ok_or_else(missing)?;
    Ok((site, peer))
}

/// A number in service on a site's SIP peer: 12016 / 13563 for the site
/// and peer, 13512 not a valid number (400), 13536 not on that peer (404).
pub(super) async fn number_on_peer(
    repo: &mut dyn Repo,
    account: &AccountId,
    raw_site: &str,
    raw_peer: &str,
    raw_tn: &str,
) -> Result<NumberRecord, CoreError> {
    let (site, peer) = load_site_peer(repo, account, raw_site, raw_peer).await?;
    let tn = Tn::parse(raw_tn.trim()).map_err(|_| {
        CoreError::invalid(
            codes::MOVE_INVALID,
            format!(
                "'{}' is not a valid 10-digit telephone number",
                raw_tn.trim()
            ),
        )
    })?;
    match repo.number(&tn.to_string()).await? {
        Some(r)
            if r.status == NumberStatus::Inservice
                && r.account_id.as_ref() == Some(account)
                && r.site_id == Some(site.id)
                && r.peer_id == Some(peer.id) =>
        {
            Ok(r)
        }
        _ => Err(CoreError::not_found(
            codes::NOT_ON_PEER,
            format!(
                "Telephone number {tn} does not exist on Account {account}, Site {}, and Sip Peer {}",
                site.id, peer.id
            ),
        )),
    }
}

impl Tnhub {
    /// A page of the numbers in service on a SIP peer.
    pub async fn peer_numbers(
        &self,
        account: &AccountId,
        raw_site: &str,
        raw_peer: &str,
        q: &ListQuery,
    ) -> Result<NumberPage, CoreError> {
        let now = self.clock.now();
        let mut repo = self.store.read().await?;
        let (site, peer) = load_site_peer(repo.as_mut(), account, raw_site, raw_peer).await?;
        let filter = NumberQuery {
            accounts: vec![account.clone()],
            site_id: Some(site.id),
            peer_id: Some(peer.id),
            statuses: vec![NumberStatus::Inservice],
            ..NumberQuery::default()
        };
        page_of(repo.as_mut(), filter, q, now).await
    }

    /// One number in service on a SIP peer (13536, 404, otherwise).
    pub async fn peer_number(
        &self,
        account: &AccountId,
        raw_site: &str,
        raw_peer: &str,
        raw_tn: &str,
    ) -> Result<NumberRecord, CoreError> {
        let mut repo = self.store.read().await?;
        number_on_peer(repo.as_mut(), account, raw_site, raw_peer, raw_tn).await
    }

    /// How many numbers are in service on a SIP peer.
    pub async fn peer_number_count(
        &self,
        account: &AccountId,
        raw_site: &str,
        raw_peer: &str,
    ) -> Result<u64, CoreError> {
        let mut repo = self.store.read().await?;
        let (site, peer) = load_site_peer(repo.as_mut(), account, raw_site, raw_peer).await?;
        Ok(repo
            .count_numbers(&NumberQuery {
                accounts: vec![account.clone()],
                site_id: Some(site.id),
                peer_id: Some(peer.id),
                statuses: vec![NumberStatus::Inservice],
                ..NumberQuery::default()
            })
            .await?)
    }

    /// Moves numbers in service on the account to a SIP peer (and its
    /// site), all or none; returns how many changed peer (numbers already
    /// there are left alone). Each move is a versioned update and is
    /// recorded in the number's history.
    pub async fn move_numbers(
        &self,
        account: &AccountId,
        raw_site: &str,
        raw_peer: &str,
        raw_tns: &[String],
        user: &str,
    ) -> Result<usize, CoreError> {
        let texts: Vec<&str> = raw_tns
            .iter()
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
            .collect();
        if texts.is_empty() {
            return Err(CoreError::invalid(
                codes::MOVE_REQUIRED,
                "Full number is required",
            ));
        }
        if texts.len() > MAX_MOVE {
            return Err(CoreError::invalid(
                common::INVALID_VALUE,
                format!(
                    "At most {MAX_MOVE} telephone numbers can be moved at once; {} were sent",
                    texts.len()
                ),
            ));
        }
        let mut tns = Vec::with_capacity(texts.len());
        let mut seen = HashSet::new();
        for t in texts {
            let tn = Tn::parse(t).map_err(|_| {
                CoreError::invalid(
                    codes::MOVE_INVALID,
                    format!("'{t}' is not a valid 10-digit telephone number"),
                )
            })?;
            if !seen.insert(tn) {
                return Err(CoreError::invalid(
                    codes::MOVE_DUPLICATE,
                    format!("Duplicate telephone number '{tn}' provided"),
                ));
            }
            tns.push(tn);
        }

        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let (site, peer) = load_site_peer(tx.as_mut(), account, raw_site, raw_peer).await?;
        let mut rows = Vec::with_capacity(tns.len());
        for tn in &tns {
            let row = tx
                .number(&tn.to_string())
                .await?
                .filter(|r| r.holds_at(now) && r.account_id.as_ref() == Some(account))
                .ok_or_else(|| {
                    CoreError::invalid(
                        codes::NOT_ON_ACCOUNT,
                        format!("Telephone number '{tn}' is not on account"),
                    )
                })?;
            if row.status != NumberStatus::Inservice {
                return Err(CoreError::invalid(
                    codes::NOT_IN_SERVICE,
                    format!("Telephone number '{tn}' is not in service"),
                ));
            }
            rows.push(row);
        }
        let mut moved = 0;
        for row in rows {
            if row.site_id == Some(site.id) && row.peer_id == Some(peer.id) {
                continue;
            }
            let mut next = row.clone();
            next.site_id = Some(site.id);
            next.peer_id = Some(peer.id);
            next.updated_at = now;
            if !tx.update_number(&next, row.version).await? {
                return Err(CoreError::conflict(
                    common::INVALID_VALUE,
                    format!(
                        "Telephone number '{}' changed while it was being moved; nothing was moved, please retry",
                        row.tn
                    ),
                ));
            }
            let event = NumberRecord {
                order_id: None,
                order_type: Some(MOVE_ORDER_TYPE.to_string()),
                ..next
            };
            record_event(
                tx.as_mut(),
                &event,
                NumberStatus::Inservice.as_str(),
                Some(user),
                now,
            )
            .await?;
            moved += 1;
        }
        tx.commit().await?;
        tracing::info!(account = %account, site = %site.id, peer = %peer.id, moved, "numbers moved to a SIP peer");
        Ok(moved)
    }
}
