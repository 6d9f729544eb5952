//! [`Tnhub`]: the operations the API and the CLI perform.
//!
//! Each operation opens one store transaction, applies the domain rules
//! inside it and commits, so a rule such as "a site always has exactly one
//! default peer" holds even when requests race. One `impl` block per area,
//! each in its own module.

use std::sync::{Arc, RwLock};

use crate::clock::{Clock, SandboxClock};
use crate::inventory::Inventory;
use crate::store::Store;

mod accounts;
mod applications;
mod claim;
mod clients;
mod clock;
mod disconnects;
mod e911;
pub mod ensure;
mod faults;
mod features;
mod fixtures;
pub mod geography;
pub mod idempotency;
mod intake;
mod inventory;
mod lnp;
pub mod notify;
pub mod numbers;
mod orders;
mod overview;
mod peers;
mod portin_docs;
mod portin_flow;
mod portin_operator;
mod portins;
mod portouts;
mod process;
mod products;
mod ready;
pub mod reservations;
mod sandboxes;
mod search;
mod sites;
mod snapshots;
mod subscriptions;

pub use applications::AssociatedPeer;
pub use clock::ClockState;
pub use disconnects::DisconnectView;
pub use features::FeatureOrderView;
pub use fixtures::FixtureLoaded;
pub use inventory::{ImportSummary, NumberFacts};
pub use lnp::{CarrierGroup, FullCheck, Portability, RateCenterGroup};
pub use numbers::{ListQuery, NumberDetails, NumberLookup, NumberPage, PeerNumberSettings};
pub use orders::{NumberOrderView, OrderPage, order_not_found};
pub use overview::{DEAD_CALLBACKS_COUNTED, Overview};
pub use portin_docs::{DOCUMENT_TYPES, MAX_LOA_BYTES, document_type};
pub use portin_operator::{RuleScope, behaviour as carrier_behaviour};
pub use portins::{PortFailure, PortInFilter, PortInPage, PortInView, PortResult};
pub use portouts::{PORT_OUT_ORDER_TYPE, PortOutPage, PortOutView};
pub use process::JOB_BATCH;
pub use products::{Product, Write, product_missing};
pub use reservations::Reservation;
pub use sandboxes::{Sandbox, SandboxRequest};
pub use search::AvailableNumber;
pub use snapshots::snapshot_name;

pub use accounts::DemoCredentials;
pub use clients::{DemoClient, NewClient};
pub use faults::{InjectedFault, OrderFaults};

/// The domain service: a store, a clock, and the in-memory inventory index
/// (rebuilt from the store whenever its generation changes).
#[derive(Clone)]
pub struct Tnhub {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    inventory: Arc<RwLock<Arc<Inventory>>>,
    worker: Arc<tokio::sync::Notify>,
    deliverer: Arc<tokio::sync::Notify>,
    sandbox: Option<Arc<SandboxClock>>,
    /// How long a new reservation holds its number (see [`Tnhub::with_reservation_hold`]).
    reservation_hold_ms: i64,
    /// How long a disconnected number ages (see [`Tnhub::with_aging`]).
    aging_ms: i64,
    /// This process's job runner holds off while set (see [`Tnhub::pause_worker`]).
    worker_paused: Arc<std::sync::atomic::AtomicBool>,
    /// Where new orders are stored in groups (see [`intake`]).
    intake: Arc<std::sync::OnceLock<intake::Intake>>,
    /// How long idempotency keys are kept (see [`Tnhub::with_idempotency_ttl`]).
    idempotency_ttl_ms: i64,
    /// Asked before an order is processed (see [`faults`]).
    order_faults: Arc<std::sync::RwLock<Option<Arc<dyn OrderFaults>>>>,
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
            worker: Arc::new(tokio::sync::Notify::new()),
            deliverer: Arc::new(tokio::sync::Notify::new()),
            sandbox: None,
            reservation_hold_ms: reservations::DEFAULT_RESERVATION_HOLD_MS,
            aging_ms: disconnects::DEFAULT_AGING_MS,
            worker_paused: Arc::new(std::sync::atomic::AtomicBool::new(false)),
            intake: Arc::new(std::sync::OnceLock::new()),
            idempotency_ttl_ms: crate::idempotency::DEFAULT_TTL_MS,
            order_faults: Arc::new(std::sync::RwLock::new(None)),
        }
    }

    /// Builds the service in sandbox mode: time comes from a sandbox clock
    /// that the operator plane (and tests) can move forward.
    pub fn sandbox(store: Arc<dyn Store>, clock: Arc<SandboxClock>) -> Self {
        let mut hub = Tnhub::new(store, clock.clone());
        hub.sandbox = Some(clock);
        hub
    }

    /// The store, for readiness checks.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// Tells the worker there is work (a new job, a moved clock).
    pub fn wake_worker(&self) {
        self.worker.notify_one();
    }

    /// Tells the callback deliverer there may be callbacks to send.
    pub fn wake_deliverer(&self) {
        self.deliverer.notify_one();
    }

    /// What the callback deliverer waits on between rounds.
    pub fn deliverer_signal(&self) -> Arc<tokio::sync::Notify> {
        self.deliverer.clone()
    }

    /// What the worker waits on between rounds.
    pub fn worker_signal(&self) -> Arc<tokio::sync::Notify> {
        self.worker.clone()
    }

    /// The clock all time comes from.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }
}
