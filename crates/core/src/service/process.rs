//! The worker's side: running due jobs, and processing new-number orders.
//!
//! Due jobs are claimed inside a write transaction that also does their
//! work and deletes (or reschedules) them, so a job's effect happens exactly
//! once: a crash rolls back the work and the claim together and the job
//! runs again after restart. A batch of jobs shares one transaction; if one
//! fails, the batch is rolled back and each job retried alone, so one bad
//! job cannot hold up the others.

use std::collections::{HashMap, HashSet};

use tnhub_nanp::Tn;

use crate::error::CoreError;
use crate::ids::{AccountId, PeerId, SiteId};
use crate::inventory::query::SearchQuery;
use crate::number::{NumberRecord, NumberStatus};
use crate::order::number_order::{FailedNumber, NumberOrderType, OrderError, search_params};
use crate::order::{Job, OrderKind, OrderRow, OrderStatus, codes, to_json};
use crate::store::Repo;
use crate::timestamp::Timestamp;

use super::Tnhub;
use super::claim::{claim, geo_of, insert_fresh, new_record, record_event, record_events};
use super::notify::{OrderEvent, notify_subscribers, subscription_type};
use super::orders::{NumberOrderView, ORDER_JOB, history};

/// How long a back-order waits before looking for inventory again.
pub const BACKORDER_RETRY_MS: i64 = 60_000;
/// The most jobs one transaction runs.
pub const JOB_BATCH: u32 = 32;
/// How long a batch transaction waits for a lock before it gives up and
/// its jobs run one by one (see [`crate::store::Repo::limit_lock_waits`]).
pub const BATCH_LOCK_WAIT_MS: u32 = 200;

/// What the jobs of one batch would otherwise read again and again (the
/// same site and peer, the same account's subscriptions), read once per
/// batch transaction: every statement is a round trip to the single
/// writer, and orders of one customer usually share these.
#[derive(Default)]
struct BatchCache {
    /// Whether the site's peer still exists.
    peers: HashMap<(SiteId, PeerId), bool>,
    /// An account's subscriptions of one order type.
    subscriptions: HashMap<(AccountId, &'static str), Vec<crate::subscription::Subscription>>,
}

impl BatchCache {
    async fn peer_exists(
        &mut self,
        tx: &mut dyn Repo,
        site: SiteId,
        peer: PeerId,
    ) -> Result<bool, CoreError> {
        if let Some(&known) = self.peers.get(&(site, peer)) {
            return Ok(known);
        }
        let exists = tx.peer(site, peer).await?.is_some();
        self.peers.insert((site, peer), exists);
        Ok(exists)
    }

    /// Queues the order's callbacks (see [`super::notify::notify`]).
    async fn notify(
        &mut self,
        tx: &mut dyn Repo,
        order: &OrderRow,
        event: OrderEvent,
        now: Timestamp,
    ) -> Result<usize, CoreError> {
        let Some(kind) = subscription_type(order.kind) else {
            return Ok(0);
        };
        let key = (order.account_id.clone(), kind);
        if !self.subscriptions.contains_key(&key) {
            let found = tx.subscriptions(&order.account_id, Some(kind)).await?;
            self.subscriptions.insert(key.clone(), found);
        }
        notify_subscribers(tx, &self.subscriptions[&key], order, event, now).await
    }
}

/// What a job asks for next.
enum Next {
    Done,
    Again(Timestamp),
}

/// The description of 5005.
pub const UNAVAILABLE: &str = "The telephone number is unavailable for ordering";

impl Tnhub {
    /// Runs the jobs due now; returns how many ran. The worker calls this
    /// whenever it is woken and on a timer.
    pub async fn run_due_jobs(&self) -> Result<usize, CoreError> {
        if self.worker_paused() {
            return Ok(0);
        }
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        tx.limit_lock_waits(BATCH_LOCK_WAIT_MS).await?;
        let jobs = tx.claim_due_jobs(now, JOB_BATCH).await?;
        if jobs.is_empty() {
            return Ok(0);
        }
        let mut failed = false;
        let mut cache = BatchCache::default();
        for job in &jobs {
            match self.run_job(tx.as_mut(), &mut cache, job, now).await {
                Ok(Next::Done) => tx.delete_job(job.id).await?,
                Ok(Next::Again(at)) => tx.reschedule_job(job.id, at, None).await?,
                Err(e) => {
                    tracing::warn!(job = job.id, kind = %job.kind, subject = %job.subject, error = %e, "job failed; retrying the batch one by one");
                    failed = true;
                    break;
                }
            }
        }
        if !failed {
            tx.commit().await?;
            self.wake_deliverer();
            return Ok(jobs.len());
        }
        drop(tx);
        for job in &jobs {
            self.run_one_job(job.id).await?;
        }
        self.wake_deliverer();
        Ok(jobs.len())
    }

    /// Runs one job in its own transaction; a failure reschedules it with
    /// a growing delay and records the error.
    async fn run_one_job(&self, id: i64) -> Result<(), CoreError> {
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let Some(job) = tx.claim_job(id, now).await? else {
            return Ok(()); // already done, or not due any more
        };
        match self
            .run_job(tx.as_mut(), &mut BatchCache::default(), &job, now)
            .await
        {
            Ok(Next::Done) => tx.delete_job(job.id).await?,
            Ok(Next::Again(at)) => tx.reschedule_job(job.id, at, None).await?,
            Err(e) => {
                drop(tx);
                let delay = 1_000i64 << job.attempts.min(6);
                tracing::error!(job = job.id, kind = %job.kind, subject = %job.subject, attempts = job.attempts + 1, error = %e, "job failed; will retry");
                let mut tx = self.store.write().await?;
                tx.reschedule_job(job.id, now.plus_millis(delay), Some(&e.to_string()))
                    .await?;
                tx.commit().await?;
                return Ok(());
            }
        }
        tx.commit().await?;
        Ok(())
    }

    async fn run_job(
        &self,
        tx: &mut dyn Repo,
        cache: &mut BatchCache,
        job: &Job,
        now: Timestamp,
    ) -> Result<Next, CoreError> {
        match job.kind.as_str() {
            ORDER_JOB => self.process_order(tx, cache, &job.subject, now).await,
            other => {
                tracing::error!(kind = other, "a job of an unknown kind was dropped");
                Ok(Next::Done)
            }
        }
    }

    async fn process_order(
        &self,
        tx: &mut dyn Repo,
        cache: &mut BatchCache,
        id: &str,
        now: Timestamp,
    ) -> Result<Next, CoreError> {
        let Some(row) = tx.order_by_id(id).await? else {
            return Ok(Next::Done); // the order is gone (its account was purged)
        };
        match row.kind {
            OrderKind::NewNumber => {
                self.process_number_order(tx, cache, NumberOrderView::from_row(row)?, now)
                    .await
            }
            OrderKind::Disconnect => {
                let view = super::disconnects::DisconnectView::from_row(row)?;
                self.process_disconnect(tx, view, now)
                    .await
                    .map(|()| Next::Done)
            }
            OrderKind::TnOption | OrderKind::Lidb | OrderKind::Dlda | OrderKind::E911 => {
                let view = super::features::FeatureOrderView::from_row(row)?;
                self.process_feature_order(tx, view, now)
                    .await
                    .map(|()| Next::Done)
            }
            OrderKind::PortIn => Ok(self
                .process_port_in(tx, row, now)
                .await?
                .map_or(Next::Done, Next::Again)),
            OrderKind::PortOut => Ok(self
                .process_port_out(tx, row, now)
                .await?
                .map_or(Next::Done, Next::Again)),
            _ => Ok(Next::Done),
        }
    }

    /// Processes (or, for a back-order, continues) a new-number order.
    async fn process_number_order(
        &self,
        tx: &mut dyn Repo,
        cache: &mut BatchCache,
        mut o: NumberOrderView,
        now: Timestamp,
    ) -> Result<Next, CoreError> {
        if o.status().is_terminal() {
            return Ok(Next::Done);
        }
        // The order was accepted against a site and peer read outside its
        // transaction: if they are gone now, it fails.
        let orphaned = match (o.row.site_id, o.row.peer_id) {
            (Some(site), Some(peer)) => !cache.peer_exists(tx, site, peer).await?,
            _ => false,
        };
        // An operator's fault rule may fail every number, or some, on purpose.
        let injected = if orphaned {
            None
        } else {
            self.order_fault(&o.row.account_id, o.row.kind.as_str(), &o.row.id)
        };
        // Whether the rule fails the whole order. A rule naming numbers
        // fails those of an existing-number order only (a search's numbers
        // are not known beforehand), and the rest are processed as usual.
        let whole = injected
            .as_ref()
            .is_some_and(|f| match &o.request.order_type {
                NumberOrderType::Existing { tns, .. } => tns.iter().all(|tn| f.fails(tn)),
                _ => f.tns.is_none(),
            });
        let inventory = self.inventory();
        let account = o.row.account_id.clone();
        let requested = o.request.requested();
        let base = |tn: Tn, attrs: &crate::inventory::BlockAttrs| {
            let mut r = new_record(tn, NumberStatus::Inservice, &account, geo_of(attrs), now);
            r.site_id = o.row.site_id;
            r.peer_id = o.row.peer_id;
            r.order_id = Some(o.row.id.clone());
            r.order_type = Some("NEW_NUMBER_ORDER".into());
            r.in_service_at = Some(now);
            r.attributes = o.request.tn_attributes.clone();
            r
        };
        // The rows claimed, as written (their history needs nothing more).
        let mut got: Vec<NumberRecord> = Vec::new();
        let mut failed: Vec<FailedNumber> = Vec::new();
        match &o.request.order_type {
            _ if orphaned => {}
            // Every number failed by the rule: nothing to claim.
            NumberOrderType::Existing { tns, .. } if whole => {
                if let Some(f) = &injected {
                    failed.extend(tns.iter().map(|tn| f.failed(tn)));
                }
            }
            _ if whole => {}
            NumberOrderType::Existing { tns, .. } => {
                // Claimed in ascending order, so that transactions claiming
                // overlapping numbers lock them in the same order and never
                // wait on each other in a cycle; reported in the order asked.
                let mut asked: Vec<usize> = (0..tns.len()).collect();
                asked.sort_by(|&a, &b| tns[a].cmp(&tns[b]));
                let mut outcomes: Vec<(usize, Option<NumberRecord>)> = Vec::new();
                for i in asked {
                    if let Some(f) = injected.as_ref().filter(|f| f.fails(&tns[i])) {
                        failed.push(f.failed(&tns[i]));
                        continue;
                    }
                    let Ok(tn) = Tn::parse(&tns[i]) else { continue };
                    let claimed = match inventory.block_of(tn) {
                        None => None,
                        Some(block) => {
                            let record = base(tn, inventory.attrs(block));
                            claim(tx, &record, now).await?.ok().map(|()| record)
                        }
                    };
                    outcomes.push((i, claimed));
                }
                outcomes.sort_by_key(|(i, _)| *i);
                for (i, claimed) in outcomes {
                    match claimed {
                        Some(record) => got.push(record),
                        None => failed.push(FailedNumber {
                            tn: tns[i].clone(),
                            code: codes::TN_UNAVAILABLE,
                            description: UNAVAILABLE.into(),
                        }),
                    }
                }
            }
            search => {
                let wanted = requested.saturating_sub(o.result.completed.len());
                let mut params = search_params(search);
                params.retain(|(k, _)| k != "quantity");
                params.push(("quantity".into(), wanted.clamp(1, 5_000).to_string()));
                let query = SearchQuery::parse(params.as_slice(), |_| true)?;
                let mut tried = HashSet::new();
                // First, numbers drawn from the index and taken by inserting
                // their rows: no row means nobody holds them, and the key on
                // the number refuses the rest. This spares the write
                // transaction a round trip to check them first.
                let drawn = self.draw_unchecked(&inventory, &query, wanted + wanted / 4 + 2);
                tried.extend(drawn.iter().map(|a| a.tn));
                let mut fresh = drawn.iter().map(|a| base(a.tn, &a.attrs));
                got = insert_fresh(tx, &mut fresh, wanted).await?;
                // Then checked searches for whatever is still missing.
                for _ in 0..4 {
                    if got.len() >= wanted {
                        break;
                    }
                    let found = self.find_available(&inventory, &query).await?;
                    let fresh: Vec<_> = found.into_iter().filter(|a| tried.insert(a.tn)).collect();
                    if fresh.is_empty() {
                        break;
                    }
                    for a in fresh {
                        if got.len() >= wanted {
                            break;
                        }
                        let record = base(a.tn, &a.attrs);
                        if claim(tx, &record, now).await?.is_ok() {
                            got.push(record);
                        }
                    }
                }
            }
        }

        let existing = matches!(o.request.order_type, NumberOrderType::Existing { .. });
        let total = o.result.completed.len() + got.len();
        let short = requested.saturating_sub(total);
        // PartialAllowed=false: all or nothing (a back-order keeps what it has).
        let undo = short > 0 && !o.request.partial_allowed && !o.request.back_order_requested;
        if undo {
            for tn in got.iter().map(|r| r.tn) {
                if let Some(row) = tx.number(&tn.to_string()).await?
                    && row.order_id.as_deref() == Some(o.row.id.as_str())
                {
                    tx.delete_number(&tn.to_string(), row.version).await?;
                }
            }
            got.clear();
        }
        for record in &got {
            o.result.breakdown.add(&record.geo);
            o.result.completed.push(record.tn.to_string());
        }
        record_events(
            tx,
            &got,
            NumberStatus::Inservice.as_str(),
            Some(&o.row.created_by),
            now,
        )
        .await?;
        o.result.failed.extend(failed);
        let completed = o.result.completed.len();
        let faulted = whole;
        let status = if orphaned || faulted {
            OrderStatus::Failed
        } else if completed == requested {
            OrderStatus::Complete
        } else if o.request.back_order_requested {
            OrderStatus::Backordered
        } else if completed == 0 {
            OrderStatus::Failed
        } else {
            OrderStatus::Partial
        };
        o.result.pending_quantity = if status == OrderStatus::Backordered {
            (requested - completed) as u32
        } else {
            0
        };
        if let Some(f) = injected.filter(|_| whole) {
            o.result.errors = vec![f.error];
        } else if orphaned {
            o.result.errors = vec![OrderError {
                code: codes::PEER_INVALID,
                description:
                    "The order's site or SIP peer was deleted before the order was processed."
                        .into(),
            }];
        } else if !existing && status != OrderStatus::Complete && status != OrderStatus::Backordered
        {
            o.result.errors = vec![OrderError {
                code: codes::ALL_UNAVAILABLE,
                description: if completed == 0 {
                    "The entire quantity of telephone numbers ordered is unavailable".into()
                } else {
                    format!(
                        "Only {completed} of the {requested} telephone numbers ordered were available"
                    )
                },
            }];
        }
        if existing && undo && !orphaned && !faulted {
            // Every number failed: the available ones only because another did.
            let unavailable: HashSet<String> =
                o.result.failed.iter().map(|f| f.tn.clone()).collect();
            if let NumberOrderType::Existing { tns, .. } = &o.request.order_type {
                for t in tns.iter().filter(|t| !unavailable.contains(*t)) {
                    o.result.failed.push(FailedNumber {
                        tn: t.clone(),
                        code: codes::TN_UNAVAILABLE,
                        description: "The telephone number was not ordered because PartialAllowed is false and another number of the order is unavailable".into(),
                    });
                }
            }
        }
        o.result.summarise(requested);
        let previous = o.row.status.clone();
        o.row.status = status.as_str().to_string();
        o.row.result = to_json(&o.result)?;
        o.row.updated_at = now;
        if status.is_terminal() {
            o.row.completed_at = Some(now);
        }
        tx.update_order(&o.row).await?;
        if previous != o.row.status || !got.is_empty() {
            let note = o.result.summary.clone().unwrap_or_default();
            tx.add_history(&o.row.id, &history(now, status.as_str(), &note, "System"))
                .await?;
            let event = OrderEvent {
                status: status.as_str().to_string(),
                message: o.result.summary.clone(),
                numbers: got.iter().map(|r| r.tn.to_string()).collect(),
                ..OrderEvent::default()
            };
            cache.notify(tx, &o.row, event, now).await?;
        }
        if status == OrderStatus::Backordered {
            return Ok(Next::Again(now.plus_millis(BACKORDER_RETRY_MS)));
        }
        Ok(Next::Done)
    }

    /// Deletes reservation and aging rows whose time is up, so the numbers
    /// are back in inventory; returns how many. (Searches and orders already
    /// ignore such rows; this only tidies up and records the release.)
    pub async fn release_expired_numbers(&self) -> Result<usize, CoreError> {
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let released = tx.release_expired(now, 1_000).await?;
        for n in &released {
            record_event(tx.as_mut(), n, "Available", None, now).await?;
        }
        tx.commit().await?;
        if !released.is_empty() {
            tracing::info!(
                count = released.len(),
                "numbers returned to inventory after their reservation or aging period"
            );
        }
        Ok(released.len())
    }

    /// When the next job is due (for the worker's timer).
    pub async fn next_job_due(&self) -> Result<Option<Timestamp>, CoreError> {
        Ok(self.store.read().await?.next_job_due().await?)
    }

    /// Pending jobs (for the operator plane).
    pub async fn pending_jobs(&self, limit: u32) -> Result<Vec<Job>, CoreError> {
        Ok(self.store.read().await?.jobs(limit).await?)
    }

    /// One pending job and, when it works on an order, that order (for the
    /// operator plane: why is this order still `RECEIVED`?). `None` when
    /// there is no such job — a finished job is deleted.
    pub async fn pending_job(&self, id: i64) -> Result<Option<(Job, Option<OrderRow>)>, CoreError> {
        let mut repo = self.store.read().await?;
        let Some(job) = repo.job(id).await? else {
            return Ok(None);
        };
        let order = if job.kind == ORDER_JOB {
            repo.order_by_id(&job.subject).await?
        } else {
            None
        };
        Ok(Some((job, order)))
    }

    /// Holds this process's job runner (`true`) or lets it go on (`false`).
    /// While held, orders are still accepted and stored with their jobs,
    /// which wait — for another server sharing the database, or for this
    /// one to be resumed. An operator uses it to look at work before it
    /// runs; the crash tests use it to be sure work is pending when they
    /// kill the process. Not stored: a restarted process runs its jobs.
    pub fn pause_worker(&self, paused: bool) {
        self.worker_paused
            .store(paused, std::sync::atomic::Ordering::SeqCst);
        if !paused {
            self.wake_worker();
        }
    }

    /// Whether this process's job runner is held.
    pub fn worker_paused(&self) -> bool {
        self.worker_paused.load(std::sync::atomic::Ordering::SeqCst)
    }
}
