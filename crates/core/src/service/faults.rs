//! The worker's fault hook: how an operator makes the worker fail an
//! order's numbers on purpose (a number taken between search and order, a
//! vendor timeout), to rehearse what an app does with a FAILED order.
//!
//! The rules live in the HTTP layer (its `POST /admin/faults`); the core
//! only asks an [`OrderFaults`] value, set with [`Tnhub::set_order_faults`],
//! before it processes a new-number order, a disconnect, a feature order or
//! a port-in's first step. Without one, nothing is injected.

use std::sync::Arc;

use crate::ids::AccountId;
use crate::order::number_order::OrderError;

use super::Tnhub;

/// An injected failure of an order's numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InjectedFault {
    /// The code and description each failed number gets.
    pub error: OrderError,
    /// Only these numbers fail (the others are processed as usual, so the
    /// order can end PARTIAL); `None`: every number.
    pub tns: Option<Vec<String>>,
}

impl InjectedFault {
    /// Whether the fault fails this number (compared by its ten digits).
    pub fn fails(&self, tn: &str) -> bool {
        let ten = |t: &str| {
            let d: String = t.chars().filter(char::is_ascii_digit).collect();
            match d.len() {
                11 if d.starts_with('1') => d[1..].to_string(),
                _ => d,
            }
        };
        self.tns
            .as_ref()
            .is_none_or(|list| list.iter().any(|t| ten(t) == ten(tn)))
    }

    /// The failed number's entry for `tn`.
    pub fn failed(&self, tn: &str) -> crate::order::number_order::FailedNumber {
        crate::order::number_order::FailedNumber {
            tn: tn.to_string(),
            code: self.error.code,
            description: self.error.description.clone(),
        }
    }
}

/// Decides whether an order is failed on purpose.
pub trait OrderFaults: Send + Sync {
    /// How this order's numbers fail, when a rule says so (a rule with a
    /// count is used up by the call).
    fn order_fault(
        &self,
        account: &AccountId,
        order_type: &str,
        order_id: &str,
    ) -> Option<InjectedFault>;
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
    ) -> Option<InjectedFault> {
        let hook = self
            .order_faults
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()?;
        hook.order_fault(account, order_type, order_id)
    }
}
