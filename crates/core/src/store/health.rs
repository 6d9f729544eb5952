//! Whether a store's writes are failing, for readiness.
//!
//! A database can answer reads while refusing every write (a full disk, a
//! read-only remount, a primary that lost its storage), so `/ready` cannot
//! stop at `SELECT 1`. Each backend reports the outcome of its write
//! transactions here (beginning one, committing it); [`WriteHealth::failing`]
//! then says whether the last outcome was a failure of the database itself
//! (`Unavailable`), recent enough to still count. A failure older than
//! [`FAILURE_HOLD`] with nothing since is re-tested by the caller with a
//! small write of its own (see `Tnhub::ready`), so a quiet server whose disk
//! has been freed becomes ready again without waiting for a client's write.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::StoreError;

/// How long a write failure keeps a store "not ready" without re-testing:
/// long enough that a probe does not slip a one-page write into space a
/// failed larger write left behind and call the store healthy while orders
/// still fail; short enough that a load balancer sends traffic back soon.
pub const FAILURE_HOLD: Duration = Duration::from_secs(5);

/// The last write failure of a store (see the module documentation).
#[derive(Debug, Default)]
pub struct WriteHealth {
    failure: Mutex<Option<(Instant, String)>>,
}

/// What [`WriteHealth::failing`] knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteState {
    /// No failure since the last successful write.
    Healthy,
    /// The last write failed within [`FAILURE_HOLD`]: why.
    Failing(String),
    /// The last write failed longer ago: worth a probe.
    Stale(String),
}

impl WriteHealth {
    /// Records a write outcome: a success clears the failure, an
    /// `Unavailable` error sets it; other errors (a duplicate key, a bug)
    /// say nothing about the database's health.
    pub fn record<T>(&self, outcome: &Result<T, StoreError>) {
        match outcome {
            Ok(_) => self.succeeded(),
            Err(StoreError::Unavailable(why)) => {
                *self.failure.lock().unwrap_or_else(|p| p.into_inner()) =
                    Some((Instant::now(), why.clone()));
            }
            Err(_) => {}
        }
    }

    /// Records a successful write.
    pub fn succeeded(&self) {
        let mut failure = self.failure.lock().unwrap_or_else(|p| p.into_inner());
        if failure.is_some() {
            *failure = None;
        }
    }

    /// Whether writes are failing.
    pub fn state(&self) -> WriteState {
        match &*self.failure.lock().unwrap_or_else(|p| p.into_inner()) {
            None => WriteState::Healthy,
            Some((at, why)) if at.elapsed() < FAILURE_HOLD => WriteState::Failing(why.clone()),
            Some((_, why)) => WriteState::Stale(why.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unavailable_sets_success_clears_other_errors_say_nothing() {
        let h = WriteHealth::default();
        assert_eq!(h.state(), WriteState::Healthy);
        h.record::<()>(&Err(StoreError::Duplicate("k".into())));
        assert_eq!(h.state(), WriteState::Healthy);
        h.record::<()>(&Err(StoreError::Unavailable("disk full".into())));
        assert_eq!(h.state(), WriteState::Failing("disk full".into()));
        h.record(&Ok(()));
        assert_eq!(h.state(), WriteState::Healthy);
    }
}
