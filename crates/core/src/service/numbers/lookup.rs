//! Look-ups of named numbers: `POST /tns` (many numbers at once, each
//! found or reported) and `/tns/{tn}/lca` (a number's local calling area).
//! Both see only numbers of the accounts granted to the user, like `/tns`.

use std::collections::HashSet;

use tnhub_nanp::Tn;

use crate::error::CoreError;
use crate::ids::AccountId;
use crate::inventory::LocalCallingArea;
use crate::number::NumberRecord;
use crate::order::number_order::FailedNumber;
use crate::service::Tnhub;

use super::{MAX_LOOKUP, codes, visible_number};

/// What `POST /tns` found: the visible numbers, in the order asked (each
/// once), and every other number with why it is not there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberLookup {
    pub numbers: Vec<NumberRecord>,
    pub failed: Vec<FailedNumber>,
}

impl Tnhub {
    /// Looks up to [`MAX_LOOKUP`] numbers at once (15607 above it). A
    /// number that is not valid (15608), or that no granted account holds
    /// (15610, whether or not another account does), is reported rather
    /// than failing the request.
    pub async fn look_up_numbers(
        &self,
        granted: &[AccountId],
        raw_tns: &[String],
    ) -> Result<NumberLookup, CoreError> {
        let texts: Vec<&str> = raw_tns
            .iter()
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
            .collect();
        if texts.is_empty() {
            return Err(CoreError::required("Tn"));
        }
        if texts.len() > MAX_LOOKUP {
            return Err(CoreError::invalid(
                codes::LOOKUP_TOO_MANY,
                format!(
                    "At most {MAX_LOOKUP} telephone numbers can be looked up at once; {} were sent",
                    texts.len()
                ),
            ));
        }
        let now = self.clock.now();
        let mut repo = self.store.read().await?;
        let mut seen = HashSet::new();
        let mut found = NumberLookup {
            numbers: Vec::new(),
            failed: Vec::new(),
        };
        for text in texts {
            let Ok(tn) = Tn::parse(text) else {
                if seen.insert(text.to_string()) {
                    found.failed.push(FailedNumber {
                        tn: text.to_string(),
                        code: codes::LOOKUP_INVALID,
                        description: format!("Telephone number '{text}' is invalid"),
                    });
                }
                continue;
            };
            let tn = tn.to_string();
            if !seen.insert(tn.clone()) {
                continue;
            }
            match visible_number(repo.as_mut(), granted, &tn, now).await {
                Ok(row) => found.numbers.push(row),
                Err(e) if e.kind == crate::ErrorKind::NotFound => found.failed.push(FailedNumber {
                    description: format!("Telephone number '{tn}' is not on your account"),
                    tn,
                    code: codes::LOOKUP_NOT_ON_ACCOUNT,
                }),
                Err(e) => return Err(e),
            }
        }
        Ok(found)
    }

    /// The local calling area of a number of the `accounts` (12512, 15506
    /// as for the other `/tns/{tn}` look-ups).
    pub async fn number_lca(
        &self,
        accounts: &[AccountId],
        raw_tn: &str,
    ) -> Result<LocalCallingArea, CoreError> {
        let now = self.clock.now();
        let number = {
            let mut repo = self.store.read().await?;
            visible_number(repo.as_mut(), accounts, raw_tn, now).await?
        };
        let known = number
            .geo
            .state
            .as_deref()
            .zip(number.geo.rate_center.as_deref());
        Ok(self.inventory().exchange_lca(number.tn.npa_nxx(), known))
    }
}
