//! The sandbox clock, shared by every server on the database.
//!
//! Its offset is a setting in the store, so it survives restarts and every
//! server sharing the database agrees on it (each follows the stored value
//! on its periodic sync). It only ever moves forward, but for a snapshot
//! restore or a reset, which start a new epoch (see [`CLOCK_EPOCH`]).

use crate::error::{CoreError, ErrorKind, codes};
use crate::timestamp::Timestamp;

use super::Tnhub;

/// The setting holding the sandbox clock's offset in milliseconds.
pub const CLOCK_OFFSET: &str = "sandbox_clock_offset_ms";

/// The setting holding the sandbox clock's epoch: bumped by every snapshot
/// restore and reset, which may set the offset back (servers then take the
/// stored offset as it is instead of only following it forward).
pub const CLOCK_EPOCH: &str = "sandbox_clock_epoch";

/// What the clock says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockState {
    pub now: Timestamp,
    /// `None` outside sandbox mode.
    pub offset_ms: Option<i64>,
}

impl Tnhub {
    /// The clock's time and, in sandbox mode, its offset.
    pub fn clock_state(&self) -> ClockState {
        ClockState {
            now: self.clock.now(),
            offset_ms: self.sandbox.as_ref().map(|s| s.offset_ms()),
        }
    }

    /// Follows the stored offset (another server may have moved the clock).
    pub async fn sync_clock(&self) -> Result<(), CoreError> {
        let Some(sandbox) = &self.sandbox else {
            return Ok(());
        };
        let mut repo = self.store.read().await?;
        let number = |v: Option<String>| v.and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
        let offset = number(repo.setting(CLOCK_OFFSET).await?);
        let epoch = number(repo.setting(CLOCK_EPOCH).await?);
        if sandbox.follow(epoch, offset) {
            self.wake_worker();
        }
        Ok(())
    }

    /// Moves the sandbox clock forward by `by_ms` (positive), persists the
    /// new offset and wakes the worker so work that became due runs now.
    pub async fn advance_clock(&self, by_ms: i64) -> Result<ClockState, CoreError> {
        let Some(sandbox) = &self.sandbox else {
            return Err(CoreError::new(
                ErrorKind::Conflict,
                codes::INVALID_VALUE,
                "the clock can only be moved in sandbox mode",
            ));
        };
        if by_ms <= 0 {
            return Err(CoreError::invalid(
                codes::INVALID_VALUE,
                "the clock only moves forward: give a positive duration",
            ));
        }
        self.sync_clock().await?;
        let mut tx = self.store.write().await?;
        let stored = tx
            .setting(CLOCK_OFFSET)
            .await?
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0);
        let offset = stored.max(sandbox.offset_ms()).saturating_add(by_ms);
        tx.set_setting(CLOCK_OFFSET, &offset.to_string()).await?;
        tx.commit().await?;
        sandbox.catch_up(offset);
        tracing::info!(by_ms, offset_ms = offset, now = %self.clock.now(), "sandbox clock moved forward");
        self.wake_worker();
        Ok(self.clock_state())
    }
}
