//! # tnhub-core — the domain of a phone-number platform
//!
//! Everything tnhub knows about accounts, sites, SIP peers and numbers, and
//! the rules that keep them consistent, lives here, free of HTTP and SQL.
//!
//! Layout:
//! - [`error`]: [`CoreError`], the one error type of this layer; each error
//!   carries its kind (invalid, not found, conflict …) and Bandwidth's code.
//! - [`clock`], [`timestamp`]: the one [`Clock`] all time comes from (real, or a sandbox
//!   clock that tests and operators move forward).
//! - [`ids`], [`account`], [`user`], [`client`], [`address`], [`site`], [`sippeer`]:
//!   domain values that parse once and are valid afterwards.
//! - [`store`]: the [`Store`] trait the SQLite and PostgreSQL crates
//!   implement; a transaction is a boxed [`store::Repo`].
//! - [`service`]: [`Tnhub`], the operations the API and the CLI call; each
//!   runs its rules inside one store transaction.
#![forbid(unsafe_code)]

pub mod account;
pub mod address;
pub mod application;
pub mod client;
pub mod clock;
pub mod e911;
pub mod error;
pub mod fixture;
pub mod idempotency;
pub mod ids;
pub mod inventory;
pub mod number;
pub mod order;
pub mod products;
pub mod service;
pub mod sippeer;
pub mod site;
pub mod store;
pub mod subscription;
pub mod timestamp;
pub mod user;

pub use clock::{Clock, SandboxClock, SystemClock};
pub use error::{CoreError, ErrorKind};
pub use service::Tnhub;
pub use store::{Repo, Store, StoreError};
pub use timestamp::Timestamp;
