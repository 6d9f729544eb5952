//! The one source of time.
//!
//! Port-in FOC dates, aging periods and reservation expiry are days or hours
//! long. A sandbox must let a test or an operator move time forward instead
//! of waiting, so nothing in tnhub reads the system clock directly: it asks
//! a [`Clock`].

use std::sync::atomic::{AtomicI64, Ordering};

use crate::timestamp::Timestamp;

/// Where "now" comes from.
pub trait Clock: Send + Sync + 'static {
    /// The current time.
    fn now(&self) -> Timestamp;
}

/// Real time.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::from_system(std::time::SystemTime::now())
    }
}

/// Real time plus an offset that only ever grows within an epoch.
///
/// Moving the sandbox clock forward is how a test makes a FOC date arrive or
/// an aging period end. It never goes back while the database's state goes
/// on: work scheduled against it must not be undone. Only a snapshot
/// restore or a reset, which replace that state whole, set it back; they
/// start a new epoch, and a clock following a new epoch takes its offset as
/// it is (see [`SandboxClock::follow`]).
#[derive(Debug, Default)]
pub struct SandboxClock {
    offset_ms: AtomicI64,
    epoch: AtomicI64,
}

impl SandboxClock {
    /// A sandbox clock already moved forward by `offset_ms`.
    pub fn with_offset(offset_ms: i64) -> Self {
        SandboxClock {
            offset_ms: AtomicI64::new(offset_ms.max(0)),
            epoch: AtomicI64::new(0),
        }
    }

    /// Moves the clock forward; returns the new offset.
    pub fn advance(&self, by_ms: i64) -> i64 {
        let by = by_ms.max(0);
        self.offset_ms.fetch_add(by, Ordering::SeqCst) + by
    }

    /// Raises the offset to at least `offset_ms` (used to follow another
    /// server's clock); never lowers it.
    pub fn catch_up(&self, offset_ms: i64) {
        self.offset_ms.fetch_max(offset_ms, Ordering::SeqCst);
    }

    /// Follows the stored clock: within the epoch it holds, raises the
    /// offset to at least `offset_ms`; in another epoch (a restore or reset
    /// happened) takes `offset_ms` as it is. Returns whether it changed.
    pub fn follow(&self, epoch: i64, offset_ms: i64) -> bool {
        let before = self.offset_ms();
        if self.epoch.swap(epoch, Ordering::SeqCst) != epoch {
            self.offset_ms.store(offset_ms.max(0), Ordering::SeqCst);
        } else {
            self.catch_up(offset_ms);
        }
        self.offset_ms() != before
    }

    /// How far ahead of real time the clock is.
    pub fn offset_ms(&self) -> i64 {
        self.offset_ms.load(Ordering::SeqCst)
    }
}

impl Clock for SandboxClock {
    fn now(&self) -> Timestamp {
        SystemClock.now().plus_millis(self.offset_ms())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sandbox_clock_only_moves_forward() {
        let c = SandboxClock::default();
        let before = c.now();
        c.advance(86_400_000);
        assert!(c.now().millis() - before.millis() >= 86_400_000);
        c.advance(-5);
        c.catch_up(10);
        assert_eq!(c.offset_ms(), 86_400_000);
    }
}
