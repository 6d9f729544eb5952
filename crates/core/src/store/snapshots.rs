//! Whole-database operations: named snapshots and the reset.
//!
//! A snapshot is one JSON document, `{"format": 1, "schema": N, "tables":
//! {"accounts": [{column: value, …}, …], …}}`, holding every row of every
//! table but the snapshots themselves and the migrations, read in one
//! transaction and kept in the `snapshots` table. One format for both
//! backends, so one code path in the domain, the operator plane and the
//! CLI; each backend writes and reads it with its own JSON functions
//! (SQLite `json_group_array`/`json_each`, PostgreSQL
//! `json_agg`/`json_populate_recordset`), so rows never pass through Rust
//! one by one. A snapshot is restored only into the schema version it was
//! saved from, and only on the backend that saved it (value spellings
//! differ: SQLite's 0/1 are PostgreSQL's booleans).
//!
//! A restore or reset replaces the tables' rows in one transaction, so a
//! running server sees the old state or the new one, never a mix, and
//! moves the inventory generation past every value servers may hold, so
//! each rebuilds its index.

use async_trait::async_trait;

use crate::ids::AccountId;
use crate::timestamp::Timestamp;
use crate::user::Username;

use super::StoreError;

/// The snapshot document's format version.
pub const SNAPSHOT_FORMAT: u32 = 1;

/// A saved snapshot, as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotInfo {
    pub name: String,
    pub created_at: Timestamp,
    /// The size of its document in bytes.
    pub bytes: u64,
}

/// What a reset keeps besides the snapshots.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResetKeep {
    /// Accounts kept (emptied of everything they own).
    pub accounts: Vec<AccountId>,
    /// Users kept, with their password hashes and their grants to kept accounts.
    pub users: Vec<Username>,
    /// Whether the operator's inventory (imported blocks, the default
    /// inventory switch) is kept.
    pub inventory: bool,
    /// The settings that are the sandbox's state (the clock, the simulated
    /// carrier): a reset deletes these and keeps the others (a token
    /// signing key, a certificate authority: what servers hold in memory).
    pub state_settings: Vec<String>,
}

/// Named snapshots and the reset, on the whole database.
#[async_trait]
pub trait Snapshots {
    /// Saves every table's rows under `name` (replacing a snapshot of that name).
    async fn save_snapshot(&self, name: &str, now: Timestamp) -> Result<SnapshotInfo, StoreError>;
    /// Replaces every table's rows with the snapshot's; false when there is
    /// no such snapshot. `Other` when it was saved from another schema.
    /// Settings the snapshot lacks are kept unless `state_settings` names
    /// them (a server-wide key created after the save stays).
    async fn restore_snapshot(
        &self,
        name: &str,
        state_settings: &[String],
    ) -> Result<bool, StoreError>;
    /// Every snapshot, by name.
    async fn snapshots(&self) -> Result<Vec<SnapshotInfo>, StoreError>;
    /// Deletes a snapshot; false when there is none of that name.
    async fn delete_snapshot(&self, name: &str) -> Result<bool, StoreError>;
    /// Deletes every row but what `keep` names (and the API clients of
    /// kept users), the snapshots, the settings that are not state, and
    /// (when kept) the inventory: a fresh start.
    async fn reset(&self, keep: &ResetKeep) -> Result<(), StoreError>;
}
