//! The worker's fault hook: how an operator makes the worker fail an
//! order's numbers on purpose (a number taken between search and order, a
//! vendor timeout), to rehearse what an app does with a FAILED order.
//!
//! The rules live in the HTTP layer (its `POST /admin/faults`); the core
//! only asks an [`OrderFaults`] value, set with [`Tnhub::set_order_faults`],
//! before it processes a new-number order. Without one, nothing is injected.

use std::sync::Arc;

use crate::ids::AccountId;
use crate::order::number_order::OrderError;

use super::Tnhub;

/// Decides whether an order is failed on purpose.
pub trait OrderFaults: Send + Sync {
    /// The error every number of this order fails with, when a rule says
    /// so (a rule with a count is used up by the call).
    fn order_fault(
        &self,
        account: &AccountId,
        order_type: &str,
        order_id: &str,
    ) -> Option<OrderError>;
}

impl Tnhub {
    /// Sets (or replaces) the fault hook the worker asks.
    pub fn set_order_faults(&self, faults: Arc<dyn OrderFaults>) {
        *self.order_faults.write().unwrap_or_else(|p| p.into_inner()) = Some(faults);
    }

    /// The injected error for this order, if any.
    pub(super) fn order_fault(
        &self,
        account: &AccountId,
        order_type: &str,
        order_id: &str,
    ) -> Option<OrderError> {
        let hook = self
            .order_faults
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()?;
        hook.order_fault(account, order_type, order_id)
    }
}
