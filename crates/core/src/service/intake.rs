//! Accepting orders in groups: many creates, one write transaction.
//!
//! Accepting an order writes three rows (the order, its first history
//! entry, its job) and must be durable before the `201` goes out. Done one
//! transaction per order, every create pays for `BEGIN`, `COMMIT` and a
//! share of a sync on its own, and on SQLite waits its turn for the single
//! writer while doing so. Instead, creates hand their rows to one intake
//! task per process, which writes whatever has queued up (up to
//! [`MAX_GROUP`] orders) in one transaction and answers each create once
//! that transaction is committed. A create still returns only after its
//! rows are durable, so nothing acknowledged is lost; under load the group
//! grows by itself, and a lone create is written at once (no waiting for
//! company).
//!
//! If a group's transaction fails, each of its orders is written again in
//! a transaction of its own, so one bad row fails only its own create; an
//! order found stored after a reported failure (a commit whose answer was
//! lost) is acknowledged, not written or failed again.

use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};

use crate::error::CoreError;
use crate::order::{HistoryEntry, OrderRow};
use crate::store::{NewOrder, Store};
use crate::timestamp::Timestamp;

use super::Tnhub;

/// The most orders one intake transaction writes.
pub const MAX_GROUP: usize = 64;

/// What accepting one order writes.
pub(crate) struct Accepted {
    pub order: OrderRow,
    /// The order's first history entry.
    pub history: HistoryEntry,
    /// The job that will process it: kind and when it is due.
    pub job: (&'static str, Timestamp),
}

struct Pending {
    accepted: Accepted,
    done: oneshot::Sender<Result<(), CoreError>>,
}

/// The sending side of the intake task (started on first use).
pub(crate) struct Intake {
    queue: mpsc::Sender<Pending>,
}

impl Intake {
    fn start(store: Arc<dyn Store>) -> Intake {
        let (queue, receiver) = mpsc::channel(4 * MAX_GROUP);
        tokio::spawn(run(store, receiver));
        Intake { queue }
    }
}

impl Tnhub {
    /// Stores an accepted order with its history entry and job, in a
    /// transaction shared with whatever other orders are being accepted at
    /// the same moment; returns once it is durable.
    pub(crate) async fn accept(&self, accepted: Accepted) -> Result<(), CoreError> {
        let intake = self
            .intake
            .get_or_init(|| Intake::start(self.store.clone()));
        let (done, answer) = oneshot::channel();
        let stopped = || CoreError::internal("the order intake has stopped");
        intake
            .queue
            .send(Pending { accepted, done })
            .await
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

async fn run(store: Arc<dyn Store>, mut receiver: mpsc::Receiver<Pending>) {
    let mut group = Vec::with_capacity(MAX_GROUP);
    while receiver.recv_many(&mut group, MAX_GROUP).await > 0 {
        let items: Vec<&Accepted> = group.iter().map(|p| &p.accepted).collect();
        match write(store.as_ref(), &items).await {
            Ok(()) => {
                for p in group.drain(..) {
                    let _ = p.done.send(Ok(()));
                }
            }
            Err(e) if group.len() == 1 => {
                for p in group.drain(..) {
                    let result = match stored(store.as_ref(), &p.accepted).await {
                        true => Ok(()),
                        false => Err(e.clone()),
                    };
                    let _ = p.done.send(result);
                }
            }
            Err(e) => {
                tracing::warn!(orders = group.len(), error = %e, "a group of new orders failed to store; storing them one by one");
                for p in group.drain(..) {
                    let result = match stored(store.as_ref(), &p.accepted).await {
                        true => Ok(()),
                        false => write(store.as_ref(), &[&p.accepted]).await,
                    };
                    let _ = p.done.send(result);
                }
            }
        }
    }
}

/// Whether an order whose write reported a failure is stored after all.
/// A commit can fail after the database has committed (PostgreSQL's
/// connection lost during `COMMIT`): the order then exists, and telling the
/// client it failed would make it create the order twice. Writing it again
/// would fail too, on its id. If the database cannot even say, the failure
/// stands.
async fn stored(store: &dyn Store, accepted: &Accepted) -> bool {
    match store.read().await {
        Ok(mut repo) => matches!(repo.order_by_id(&accepted.order.id).await, Ok(Some(_))),
        Err(_) => false,
    }
}

async fn write(store: &dyn Store, items: &[&Accepted]) -> Result<(), CoreError> {
    let orders: Vec<NewOrder<'_>> = items
        .iter()
        .map(|a| NewOrder {
            order: &a.order,
            history: &a.history,
            job_kind: a.job.0,
            job_due: a.job.1,
        })
        .collect();
    let mut tx = store.write().await?;
    tx.insert_new_orders(&orders).await?;
    tx.commit().await?;
    Ok(())
}
