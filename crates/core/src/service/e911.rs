//! E911 orders: accepting them on the durable order path (the intake, like
//! new-number orders). The worker processes them as feature orders
//! ([`super::features`]): each number in service on the account gets the
//! record, the others fail one by one, and `e911s` subscribers hear the
//! outcome.

use crate::error::CoreError;
use crate::ids::AccountId;
use crate::order::features::{FeatureRequest, FeatureResult, FeatureSettings};
use crate::order::{OrderKind, OrderRow, OrderStatus, new_order_id, to_json};

use super::Tnhub;
use super::features::FeatureOrderView;
use super::orders::{ORDER_JOB, history};

impl Tnhub {
    /// Accepts an E911 order (its address already validated, see
    /// `crate::e911::order::E911Settings::validate`); returns once it is
    /// durable, with status `RECEIVED`.
    pub async fn create_e911_order(
        &self,
        account: &AccountId,
        user: &str,
        request: FeatureRequest,
    ) -> Result<FeatureOrderView, CoreError> {
        if !request
            .groups
            .iter()
            .all(|g| matches!(g.settings, FeatureSettings::E911(_)))
        {
            return Err(CoreError::internal(
                "an E911 order carries E911 settings only",
            ));
        }
        let now = self.clock.now();
        let row = OrderRow {
            id: new_order_id(),
            account_id: account.clone(),
            kind: OrderKind::E911,
            status: OrderStatus::Received.as_str().to_string(),
            customer_order_id: request.customer_order_id.clone(),
            name: None,
            created_by: user.to_string(),
            site_id: None,
            peer_id: None,
            tn_count: request.tns().len() as u32,
            request: to_json(&request)?,
            result: to_json(&FeatureResult::default())?,
            created_at: now,
            updated_at: now,
            completed_at: None,
        };
        self.accept(super::intake::Accepted {
            order: row.clone(),
            history: history(
                now,
                OrderStatus::Received.as_str(),
                "Order has been received by the system",
                user,
            ),
            job: (ORDER_JOB, now),
        })
        .await?;
        self.wake_worker();
        Ok(FeatureOrderView {
            row,
            request,
            result: FeatureResult::default(),
        })
    }
}
