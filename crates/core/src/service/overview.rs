//! The console's overview: what a person wants to see first — numbers in
//! service, orders by kind and status and over recent days, callbacks that
//! died, the sandbox clock — for some accounts (a customer's) or for all
//! (the operator's). Counts come from grouped queries of the store, so the
//! overview stays quick however many orders there are.

use crate::error::CoreError;
use crate::ids::AccountId;
use crate::number::NumberStatus;
use crate::order::{DayCount, StatusCount};
use crate::store::NumberQuery;
use crate::subscription::{DeliveryFilter, DeliveryState};

use super::{ClockState, Tnhub};

/// Dead callbacks are counted up to this many (then shown as "at least").
pub const DEAD_CALLBACKS_COUNTED: u32 = 1_000;

/// What the overview shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overview {
    /// The accounts counted.
    pub accounts: Vec<AccountId>,
    pub in_service: u64,
    /// Orders of every kind by status.
    pub orders: Vec<StatusCount>,
    /// Orders created per day and status over the last `days` days.
    pub days: Vec<DayCount>,
    /// Deliveries given up on (at most [`DEAD_CALLBACKS_COUNTED`]).
    pub dead_callbacks: u64,
    pub clock: ClockState,
}

impl Tnhub {
    /// The overview of these accounts (every account's when `None`), with
    /// orders per day over the last `days` days.
    pub async fn overview(
        &self,
        accounts: Option<&[AccountId]>,
        days: u32,
    ) -> Result<Overview, CoreError> {
        let clock = self.clock_state();
        let mut repo = self.store.read().await?;
        let every = accounts.is_none();
        let accounts = match accounts {
            Some(a) => a.to_vec(),
            None => repo.accounts().await?.into_iter().map(|a| a.id).collect(),
        };
        let in_service = repo
            .count_numbers(&NumberQuery {
                accounts: accounts.clone(),
                statuses: vec![NumberStatus::Inservice],
                ..NumberQuery::default()
            })
            .await?;
        let orders = repo.order_status_counts(Some(&accounts)).await?;
        let day_ms = 86_400_000;
        let since = crate::Timestamp::from_millis(
            (clock.now.millis() / day_ms - i64::from(days.max(1)) + 1) * day_ms,
        );
        let per_day = repo.order_days(Some(&accounts), since).await?;
        // The operator's count is one query over every account.
        let scopes: Vec<Option<AccountId>> = if every {
            vec![None]
        } else {
            accounts.iter().cloned().map(Some).collect()
        };
        let mut dead = 0u64;
        for account_id in scopes {
            let left = DEAD_CALLBACKS_COUNTED.saturating_sub(dead as u32);
            if left == 0 {
                break;
            }
            let filter = DeliveryFilter {
                account_id,
                subscription_id: None,
                state: Some(DeliveryState::Dead),
                limit: left,
            };
            dead += repo.deliveries(&filter).await?.len() as u64;
        }
        Ok(Overview {
            accounts,
            in_service,
            orders,
            days: per_day,
            dead_callbacks: dead,
            clock,
        })
    }
}
