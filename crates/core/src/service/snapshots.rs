//! Named snapshots and the reset: a test suite saves a state once and
//! brings it back between tests, or starts afresh (see
//! [`crate::store::Snapshots`] for what a snapshot holds and how).
//!
//! After the store has replaced the rows, this server follows at once:
//! its sandbox clock takes the restored offset (a new clock epoch tells
//! every other server to do the same on its next sync, within a second),
//! its inventory index is rebuilt (the others rebuild on their next check,
//! within `inventory_refresh`, because the generation moved past theirs),
//! and its job runner wakes for work the restored state holds. The login
//! cache belongs to the HTTP layer, which clears it.

use crate::error::{CoreError, codes};
use crate::store::{ResetKeep, SnapshotInfo};

use super::Tnhub;
use super::accounts::DEMO_COMPANY;
use super::clock::{CLOCK_EPOCH, CLOCK_OFFSET};
use crate::order::portin::carrier;

/// Checks a snapshot name: 1-64 letters, digits, `.`, `_` or `-`.
pub fn snapshot_name(raw: &str) -> Result<String, CoreError> {
    let s = raw.trim();
    if s.is_empty()
        || s.len() > 64
        || !s
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
    {
        return Err(CoreError::invalid(
            codes::INVALID_VALUE,
            format!("'{s}' is not a valid snapshot name (1-64 letters, digits, '.', '_' or '-')"),
        ));
    }
    Ok(s.to_string())
}

/// The settings that are the sandbox's state, which a reset clears and a
/// restore takes from the snapshot: the clock's offset and epoch, and the
/// simulated carrier's rules.
fn state_settings() -> Vec<String> {
    [CLOCK_OFFSET, CLOCK_EPOCH, carrier::SETTING]
        .map(String::from)
        .to_vec()
}

fn no_snapshot(name: &str) -> CoreError {
    CoreError::not_found(
        codes::NOT_FOUND,
        format!("snapshot '{name}' does not exist"),
    )
}

impl Tnhub {
    /// Saves the whole state under `name` (replacing a snapshot of that name).
    pub async fn save_snapshot(&self, name: &str) -> Result<SnapshotInfo, CoreError> {
        let name = snapshot_name(name)?;
        Ok(self.store.save_snapshot(&name, self.clock.now()).await?)
    }

    /// Every snapshot, by name.
    pub async fn snapshots(&self) -> Result<Vec<SnapshotInfo>, CoreError> {
        Ok(self.store.snapshots().await?)
    }

    /// Deletes a snapshot (404 when there is none).
    pub async fn delete_snapshot(&self, name: &str) -> Result<(), CoreError> {
        let name = snapshot_name(name)?;
        if !self.store.delete_snapshot(&name).await? {
            return Err(no_snapshot(&name));
        }
        Ok(())
    }

    /// Brings back exactly the state saved under `name`.
    pub async fn restore_snapshot(&self, name: &str) -> Result<(), CoreError> {
        let name = snapshot_name(name)?;
        let before = self.clock_epoch().await?;
        if !self
            .store
            .restore_snapshot(&name, &state_settings())
            .await?
        {
            return Err(no_snapshot(&name));
        }
        self.after_replacing(before).await
    }

    /// A fresh start: every account, user, order, number, subscription and
    /// setting is deleted but the demo accounts (those `tnhub serve`
    /// created; emptied) and the users granted them, and the operator's
    /// inventory unless `inventory` is true. Snapshots are kept.
    pub async fn reset(&self, inventory: bool) -> Result<ResetKeep, CoreError> {
        let mut repo = self.store.read().await?;
        let accounts: Vec<_> = repo
            .accounts()
            .await?
            .into_iter()
            .filter(|a| a.company_name == DEMO_COMPANY)
            .map(|a| a.id)
            .collect();
        let users = repo
            .users()
            .await?
            .into_iter()
            .filter(|u| u.accounts.iter().any(|a| accounts.contains(a)))
            .map(|u| u.name)
            .collect();
        drop(repo);
        let keep = ResetKeep {
            accounts,
            users,
            inventory: !inventory,
            state_settings: state_settings(),
        };
        let before = self.clock_epoch().await?;
        self.store.reset(&keep).await?;
        self.after_replacing(before).await?;
        Ok(keep)
    }

    async fn clock_epoch(&self) -> Result<i64, CoreError> {
        let stored = self.store.read().await?.setting(CLOCK_EPOCH).await?;
        Ok(stored.and_then(|v| v.parse().ok()).unwrap_or(0))
    }

    /// Starts a new clock epoch past both the one before and the restored
    /// one, and makes this server follow the new state at once.
    async fn after_replacing(&self, before: i64) -> Result<(), CoreError> {
        let mut tx = self.store.write().await?;
        let restored = tx
            .setting(CLOCK_EPOCH)
            .await?
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0);
        tx.set_setting(CLOCK_EPOCH, &(before.max(restored) + 1).to_string())
            .await?;
        tx.commit().await?;
        self.sync_clock().await?;
        self.refresh_inventory().await?;
        self.wake_worker();
        self.wake_deliverer();
        Ok(())
    }
}
