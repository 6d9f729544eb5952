//! Readiness: can this server serve, reads and writes?

use crate::error::CoreError;
use crate::store::WriteState;

use super::Tnhub;

/// The settings row the readiness probe writes (its value: when).
const READY_PROBE: &str = "ready.probe";

impl Tnhub {
    /// Whether the database answers reads and takes writes. Reads are
    /// checked every time (`ping`); writes by what the store's recent write
    /// transactions met (see [`crate::store::WriteHealth`]): a failure in
    /// the last few seconds is "not ready" at once, an older one is
    /// re-tested with one small write, which clears it when it succeeds.
    pub async fn ready(&self) -> Result<(), CoreError> {
        self.store.ping().await?;
        match self.store.write_health().state() {
            WriteState::Healthy => Ok(()),
            WriteState::Failing(why) => Err(crate::store::StoreError::Unavailable(why).into()),
            WriteState::Stale(_) => {
                let mut tx = self.store.write().await?;
                tx.set_setting(READY_PROBE, &self.clock.now().to_string())
                    .await?;
                tx.commit().await?;
                Ok(())
            }
        }
    }
}
