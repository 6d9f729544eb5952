//! The account's numbers: `/tns` and `tndetails`, a number's history, and
//! the `inserviceNumbers` and `discnumbers` lists with their totals. Split
//! from the SIP peer views and moves (`peer`) to keep each file short.

use crate::error::{CoreError, ErrorKind, codes as common};
use crate::ids::AccountId;
use crate::number::{NumberEvent, NumberStatus};
use crate::service::Tnhub;
use crate::service::sites::load_site;
use crate::store::NumberQuery;

use super::{
    ListQuery, NumberDetails, NumberPage, codes, page_of, parse_tn, tn_not_found, visible_number,
};

impl Tnhub {
    /// A page of the numbers of the `granted` accounts (or of the one
    /// `accountId` names, which must be granted: 403, 5051, otherwise).
    pub async fn list_numbers(
        &self,
        granted: &[AccountId],
        q: &ListQuery,
    ) -> Result<NumberPage, CoreError> {
        let accounts = match &q.account {
            Some(a) if granted.contains(a) => vec![a.clone()],
            Some(a) => {
                return Err(CoreError::new(
                    ErrorKind::Forbidden,
                    common::NOT_AUTHORIZED_ON_ACCOUNT,
                    format!("Not authorized to perform operation on the account '{a}'"),
                ));
            }
            None => granted.to_vec(),
        };
        let filter = NumberQuery {
            accounts,
            ..q.filter.clone()
        };
        let now = self.clock.now();
        let mut repo = self.store.read().await?;
        page_of(repo.as_mut(), filter, q, now).await
    }

    /// One number of the `accounts`, with its site, peer and order date.
    pub async fn number_details(
        &self,
        accounts: &[AccountId],
        raw_tn: &str,
    ) -> Result<NumberDetails, CoreError> {
        let now = self.clock.now();
        let mut repo = self.store.read().await?;
        let number = visible_number(repo.as_mut(), accounts, raw_tn, now).await?;
        let account = number
            .account_id
            .clone()
            .ok_or_else(|| CoreError::internal("a visible number has no account"))?;
        let site = match number.site_id {
            Some(id) => repo.site(&account, id).await?,
            None => None,
        };
        let peer = match (number.site_id, number.peer_id) {
            (Some(s), Some(p)) => repo.peer(s, p).await?,
            _ => None,
        };
        let order_created_at = match &number.order_id {
            Some(id) => repo.order(&account, id).await?.map(|o| o.created_at),
            None => None,
        };
        Ok(NumberDetails {
            number,
            site,
            peer,
            order_created_at,
        })
    }

    /// A number's history as far as it concerns the `accounts` (15506 when
    /// nothing does).
    pub async fn number_history(
        &self,
        accounts: &[AccountId],
        raw_tn: &str,
    ) -> Result<Vec<NumberEvent>, CoreError> {
        let tn = parse_tn(raw_tn)?.to_string();
        let events: Vec<NumberEvent> = self
            .store
            .read()
            .await?
            .number_events(&tn)
            .await?
            .into_iter()
            .filter(|e| e.account_id.as_ref().is_some_and(|a| accounts.contains(a)))
            .collect();
        if events.is_empty() {
            return Err(tn_not_found(&tn));
        }
        Ok(events)
    }

    /// A page of the account's numbers in service (of one site, when given).
    pub async fn in_service_numbers(
        &self,
        account: &AccountId,
        raw_site: Option<&str>,
        q: &ListQuery,
    ) -> Result<NumberPage, CoreError> {
        let now = self.clock.now();
        let mut repo = self.store.read().await?;
        let mut filter = NumberQuery {
            accounts: vec![account.clone()],
            statuses: vec![NumberStatus::Inservice],
            ..q.filter.clone()
        };
        if let Some(site) = raw_site {
            filter.site_id = Some(load_site(repo.as_mut(), account, site).await?.id);
        }
        page_of(repo.as_mut(), filter, q, now).await
    }

    /// A page of the account's disconnected numbers still aging
    /// (`discnumbers`, parsed by [`ListQuery::parse_disconnected`]): the
    /// in-service filters, the disconnection dates and the number type.
    pub async fn disconnected_numbers(
        &self,
        account: &AccountId,
        q: &ListQuery,
    ) -> Result<NumberPage, CoreError> {
        let now = self.clock.now();
        let mut repo = self.store.read().await?;
        let filter = NumberQuery {
            accounts: vec![account.clone()],
            statuses: vec![NumberStatus::Aging],
            in_service_from: None,
            in_service_to: None,
            ..q.filter.clone()
        };
        page_of(repo.as_mut(), filter, q, now).await
    }

    /// How many of the account's disconnected numbers are still aging
    /// (within the disconnection dates and type of `q`, when given).
    pub async fn disconnected_total(
        &self,
        account: &AccountId,
        q: &ListQuery,
    ) -> Result<u64, CoreError> {
        if q.matches_nothing {
            return Ok(0);
        }
        let now = self.clock.now();
        let rows = self
            .store
            .read()
            .await?
            .numbers(&NumberQuery {
                accounts: vec![account.clone()],
                statuses: vec![NumberStatus::Aging],
                in_service_from: None,
                in_service_to: None,
                from_tn: None,
                limit: 0,
                ..q.filter.clone()
            })
            .await?;
        Ok(rows.iter().filter(|r| r.holds_at(now)).count() as u64)
    }

    /// How many numbers the account has in service.
    pub async fn in_service_total(&self, account: &AccountId) -> Result<u64, CoreError> {
        Ok(self
            .store
            .read()
            .await?
            .count_numbers(&NumberQuery {
                accounts: vec![account.clone()],
                statuses: vec![NumberStatus::Inservice],
                ..NumberQuery::default()
            })
            .await?)
    }

    /// Succeeds when the number is in service on the account (13518, 404,
    /// otherwise).
    pub async fn check_in_service(
        &self,
        account: &AccountId,
        raw_tn: &str,
    ) -> Result<(), CoreError> {
        let tn = parse_tn(raw_tn)?.to_string();
        let row = self.store.read().await?.number(&tn).await?;
        match row {
            Some(r)
                if r.status == NumberStatus::Inservice
                    && r.account_id.as_ref() == Some(account) =>
            {
                Ok(())
            }
            _ => Err(CoreError::not_found(
                codes::NOT_IN_SERVICE,
                format!("Telephone number '{tn}' is not in service"),
            )),
        }
    }
}
