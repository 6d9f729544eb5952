//! [`Tnhub`]: the operations the API and the CLI perform.
//!
//! Each operation opens one store transaction, applies the domain rules
//! inside it and commits, so a rule such as "a site always has exactly one
//! default peer" holds even when requests race. One `impl` block per area,
//! each in its own module.

use std::sync::{Arc, RwLock};

use crate::clock::Clock;
use crate::inventory::Inventory;
use crate::store::Store;

mod accounts;
mod inventory;
mod peers;
mod search;
mod sites;

pub use inventory::ImportSummary;
pub use search::AvailableNumber;

pub use accounts::DemoCredentials;

/// The domain service: a store, a clock, and the in-memory inventory index
/// (rebuilt from the store whenever its generation changes).
#[derive(Clone)]
pub struct Tnhub {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    inventory: Arc<RwLock<Arc<Inventory>>>,
}

impl Tnhub {
    /// Builds the service over a store and a clock. The inventory index is
    /// empty until [`Tnhub::refresh_inventory`] loads it.
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Self {
        let empty = Inventory::empty();
        Tnhub {
            store,
            clock,
            inventory: Arc::new(RwLock::new(Arc::new(empty))),
        }
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
