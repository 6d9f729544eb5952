//! Background work that runs beside the HTTP server.
//!
//! Today: keeping the inventory index in step with the database, so an
//! import made by the CLI or by another server sharing the database is
//! offered by this one within `inventory_refresh`. Every task stops when
//! the server shuts down.

use std::time::Duration;

use tnhub_core::Tnhub;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Starts the background tasks; they end when `stop` turns true or its sender is dropped.
pub fn spawn(
    hub: Tnhub,
    stop: watch::Receiver<bool>,
    inventory_refresh: Duration,
) -> Vec<JoinHandle<()>> {
    vec![tokio::spawn(refresh_inventory(
        hub,
        stop,
        inventory_refresh,
    ))]
}

async fn refresh_inventory(hub: Tnhub, mut stop: watch::Receiver<bool>, every: Duration) {
    loop {
        tokio::select! {
            () = tokio::time::sleep(every) => {
                if let Err(e) = hub.refresh_inventory().await {
                    tracing::warn!(error = %e, "could not refresh the inventory index; will retry");
                }
            }
            changed = stop.changed() => {
                if changed.is_err() || *stop.borrow() {
                    return;
                }
            }
        }
    }
}
