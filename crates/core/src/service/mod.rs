//! [`Tnhub`]: the operations the API and the CLI perform.
//!
//! Each operation opens one store transaction, applies the domain rules
//! inside it and commits, so a rule such as "a site always has exactly one
//! default peer" holds even when requests race. One `impl` block per area,
//! each in its own module.

use std::sync::Arc;

use crate::clock::Clock;
use crate::store::Store;

mod accounts;
mod peers;
mod sites;

pub use accounts::DemoCredentials;

/// The domain service: a store and a clock.
#[derive(Clone)]
pub struct Tnhub {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
}

impl Tnhub {
    /// Builds the service over a store and a clock.
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Self {
        Tnhub { store, clock }
    }

    /// The store, for readiness checks.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// The clock all time comes from.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }
}
