//! Background work that runs beside the HTTP server.
//!
//! - the **job runners** process durable jobs (orders …) as soon as they
//!   are due: woken at once when this server creates one or the sandbox
//!   clock moves, and otherwise at least every `job_poll` (jobs created by
//!   another server sharing the database, or scheduled for later). One on
//!   SQLite; several on PostgreSQL, each claiming its own batch;
//! - **housekeeping** returns numbers whose reservation or aging period has
//!   ended to the inventory, follows the shared sandbox clock, and keeps the
//!   inventory index in step with the database (an import made by the CLI
//!   or another server is offered here within `inventory_refresh`), and
//!   once a minute forgets idempotency keys older than their TTL.
//!
//! Every task stops when the server shuts down.

use std::time::{Duration, Instant};

use tnhub_core::Tnhub;
use tnhub_core::service::JOB_BATCH;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// How the workers are paced.
#[derive(Debug, Clone, Copy)]
pub struct Pacing {
    /// The longest the job runner sleeps without being woken.
    pub job_poll: Duration,
    /// How often housekeeping runs.
    pub housekeeping: Duration,
    /// How often the inventory index is checked against the database.
    pub inventory_refresh: Duration,
    /// How many job runners run side by side (at least one).
    pub job_runners: usize,
}

/// Starts the background tasks; they end when `stop` turns true or its sender is dropped.
pub fn spawn(hub: Tnhub, stop: watch::Receiver<bool>, pacing: Pacing) -> Vec<JoinHandle<()>> {
    let mut tasks: Vec<JoinHandle<()>> = (0..pacing.job_runners.max(1))
        .map(|_| tokio::spawn(run_jobs(hub.clone(), stop.clone(), pacing.job_poll)))
        .collect();
    tasks.push(tokio::spawn(housekeeping(hub, stop, pacing)));
    tasks
}

/// How often housekeeping forgets expired idempotency keys (an expired
/// key is also forgotten when it is used again).
const KEY_PURGE_EVERY: Duration = Duration::from_secs(60);

fn stopped(stop: &watch::Receiver<bool>) -> bool {
    *stop.borrow()
}

async fn run_jobs(hub: Tnhub, mut stop: watch::Receiver<bool>, poll: Duration) {
    let signal = hub.worker_signal();
    loop {
        let mut failing = false;
        loop {
            match hub.run_due_jobs().await {
                Ok(n) if n >= JOB_BATCH as usize && !stopped(&stop) => {
                    // A full batch: there may be more. Wake another runner
                    // (if there are several) to take the next batch beside
                    // this one.
                    signal.notify_one();
                    continue;
                }
                Ok(_) => break,
                Err(e) => {
                    tracing::warn!(error = %e, "running jobs failed; will retry");
                    failing = true;
                    break;
                }
            }
        }
        let wait = if failing {
            Duration::from_secs(1)
        } else {
            match hub.next_job_due().await {
                Ok(Some(at)) => {
                    let ms = at.millis() - hub.clock().now().millis();
                    Duration::from_millis(ms.clamp(0, poll.as_millis() as i64) as u64)
                }
                _ => poll,
            }
        };
        tokio::select! {
            () = signal.notified() => {}
            () = tokio::time::sleep(wait) => {}
            changed = stop.changed() => {
                if changed.is_err() || stopped(&stop) {
                    return;
                }
            }
        }
    }
}

async fn housekeeping(hub: Tnhub, mut stop: watch::Receiver<bool>, pacing: Pacing) {
    let mut last_refresh = Instant::now();
    let mut last_purge: Option<Instant> = None;
    loop {
        tokio::select! {
            () = tokio::time::sleep(pacing.housekeeping) => {}
            changed = stop.changed() => {
                if changed.is_err() || stopped(&stop) {
                    return;
                }
            }
        }
        if let Err(e) = hub.sync_clock().await {
            tracing::warn!(error = %e, "could not read the shared sandbox clock; will retry");
        }
        if let Err(e) = hub.release_expired_numbers().await {
            tracing::warn!(error = %e, "could not release expired reservations; will retry");
        }
        if last_purge.is_none_or(|t| t.elapsed() >= KEY_PURGE_EVERY) {
            last_purge = Some(Instant::now());
            match hub.purge_idempotency_keys().await {
                Ok(0) => {}
                Ok(n) => tracing::debug!(keys = n, "expired idempotency keys forgotten"),
                Err(e) => {
                    tracing::warn!(error = %e, "could not purge idempotency keys; will retry")
                }
            }
        }
        if last_refresh.elapsed() >= pacing.inventory_refresh {
            last_refresh = Instant::now();
            if let Err(e) = hub.refresh_inventory().await {
                tracing::warn!(error = %e, "could not refresh the inventory index; will retry");
            }
        }
    }
}
