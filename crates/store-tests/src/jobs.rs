//! The durable job queue: one job per kind and subject, due jobs claimed
//! soonest first, a claim held until the claiming transaction ends (its
//! "lease": a commit settles the job, a rollback or crash returns it),
//! retries recorded, and racing claimers each getting a job once.
//!
//! How a backend holds a claim differs (SQLite has one writer at a time,
//! PostgreSQL locks the rows and other claimers skip them), so the stories
//! only assert what holds for both whatever the interleaving; the
//! PostgreSQL crate's own tests show claimers overlapping.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tnhub_core::Store;
use tnhub_core::order::Job;

use crate::{T0, at};

async fn enqueue(store: &Arc<dyn Store>, jobs: &[(&str, &str, i64)]) {
    let mut tx = store.write().await.unwrap();
    for (kind, subject, due) in jobs {
        tx.enqueue_job(kind, subject, at(*due), T0).await.unwrap();
    }
    tx.commit().await.unwrap();
}

fn subjects(jobs: &[Job]) -> Vec<&str> {
    jobs.iter().map(|j| j.subject.as_str()).collect()
}

/// Claims the due jobs at `now` in a transaction of their own and rolls it
/// back. A rolled-back claim can take a moment to reach a database server,
/// and claims skip what another transaction holds: ask again until the
/// answer has `want` jobs, or a few seconds have passed.
async fn due_now(store: &Arc<dyn Store>, now: i64, want: usize) -> Vec<Job> {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let mut tx = store.write().await.unwrap();
        let due = tx.claim_due_jobs(at(now), 100).await.unwrap();
        drop(tx);
        if due.len() >= want || Instant::now() > deadline {
            return due;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Enqueuing a kind and subject that already has a job keeps that job
/// (its id, creation time and attempts) at the earlier of the two times;
/// the list and the next due time follow `run_at`, then id.
pub async fn jobs_are_enqueued_once_per_subject(store: Arc<dyn Store>) {
    let r = &mut store.read().await.unwrap();
    assert_eq!(r.next_job_due().await.unwrap(), None);
    assert!(r.jobs(10).await.unwrap().is_empty());

    enqueue(
        &store,
        &[
            ("order", "o-1", 30),
            ("order", "o-2", 10),
            ("portin", "o-1", 20),
        ],
    )
    .await;
    let first = store.read().await.unwrap().jobs(10).await.unwrap();
    assert_eq!(subjects(&first), ["o-2", "o-1", "o-1"]);
    assert_eq!(
        first
            .iter()
            .map(|j| (j.kind.as_str(), j.run_at, j.attempts, j.created_at))
            .collect::<Vec<_>>(),
        [
            ("order", at(10), 0, T0),
            ("portin", at(20), 0, T0),
            ("order", at(30), 0, T0)
        ]
    );
    assert!(first.iter().all(|j| j.last_error.is_none()));

    // Later: ignored; earlier: moves it; both keep the one job.
    let mut tx = store.write().await.unwrap();
    tx.enqueue_job("order", "o-1", at(99), at(1)).await.unwrap();
    tx.enqueue_job("order", "o-2", at(5), at(1)).await.unwrap();
    tx.commit().await.unwrap();
    let mut r = store.read().await.unwrap();
    let now = r.jobs(10).await.unwrap();
    assert_eq!(now.len(), 3);
    let o1 = now
        .iter()
        .find(|j| j.kind == "order" && j.subject == "o-1")
        .unwrap();
    let o2 = now
        .iter()
        .find(|j| j.kind == "order" && j.subject == "o-2")
        .unwrap();
    assert_eq!((o1.id, o1.run_at), (first[2].id, at(30)));
    assert_eq!((o2.id, o2.run_at, o2.created_at), (first[0].id, at(5), T0));
    assert_eq!(r.next_job_due().await.unwrap(), Some(at(5)));
    assert_eq!(subjects(&r.jobs(2).await.unwrap()), ["o-2", "o-1"], "limit");
}

/// A claim takes the due jobs (soonest first, up to the limit, none that
/// is not due) for its transaction, and holds them until it ends: a second
/// claimer never gets a job the first still holds or has finished. A claim
/// rolled back (a crashed server) returns its jobs untouched; by id, a job
/// is claimable only while it exists and is due.
pub async fn a_claimed_job_is_held_until_its_claim_ends(store: Arc<dyn Store>) {
    enqueue(
        &store,
        &[
            ("order", "a", 1),
            ("order", "b", 2),
            ("order", "c", 3),
            ("order", "later", 100),
        ],
    )
    .await;

    let mut first = store.write().await.unwrap();
    let claimed = first.claim_due_jobs(at(10), 1).await.unwrap();
    assert_eq!(subjects(&claimed), ["a"]);
    assert_eq!(
        first.jobs(10).await.unwrap().len(),
        4,
        "claimed jobs stay listed"
    );
    // A second claimer starts while the first holds "a": whenever it gets to
    // claim (at once, or once the first has ended), "a" is not among its jobs.
    let second = {
        let store = store.clone();
        tokio::spawn(async move {
            let mut tx = store.write().await.unwrap();
            let got = tx.claim_due_jobs(at(10), 10).await.unwrap();
            for j in &got {
                tx.delete_job(j.id).await.unwrap();
            }
            tx.commit().await.unwrap();
            got
        })
    };
    first.delete_job(claimed[0].id).await.unwrap();
    first.commit().await.unwrap();
    assert_eq!(subjects(&second.await.unwrap()), ["b", "c"]);
    assert_eq!(
        subjects(&store.read().await.unwrap().jobs(10).await.unwrap()),
        ["later"]
    );

    // A claim rolled back changes nothing.
    enqueue(&store, &[("order", "d", 5)]).await;
    let mut tx = store.write().await.unwrap();
    let d = tx.claim_due_jobs(at(10), 10).await.unwrap();
    assert_eq!(subjects(&d), ["d"]);
    tx.reschedule_job(d[0].id, at(50), Some("boom"))
        .await
        .unwrap();
    tx.delete_job(d[0].id).await.unwrap();
    drop(tx);
    let mut tx = store.write().await.unwrap();
    // By id: waits for whoever holds it, then takes it if still due.
    assert_eq!(
        tx.claim_job(d[0].id, at(10)).await.unwrap(),
        Some(d[0].clone())
    );
    drop(tx);
    assert_eq!(
        due_now(&store, 10, 1).await,
        d,
        "back, untouched, among the due"
    );
    let mut tx = store.write().await.unwrap();
    assert_eq!(
        tx.claim_job(d[0].id, at(4)).await.unwrap(),
        None,
        "not due yet"
    );
    let later = store.read().await.unwrap().jobs(10).await.unwrap()[1].clone();
    assert_eq!(tx.claim_job(later.id, at(99)).await.unwrap(), None);
    assert_eq!(tx.claim_job(later.id, at(100)).await.unwrap(), Some(later));
    assert_eq!(
        tx.claim_job(d[0].id + 1_000, at(1_000)).await.unwrap(),
        None,
        "no such job"
    );
    tx.delete_job(d[0].id).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(tx_free_claim(&store, 1_000).await, ["later"]);
}

/// What a fresh claim at `now` gets, committed.
async fn tx_free_claim(store: &Arc<dyn Store>, now: i64) -> Vec<String> {
    let mut tx = store.write().await.unwrap();
    let got = tx.claim_due_jobs(at(now), 100).await.unwrap();
    tx.commit().await.unwrap();
    got.iter().map(|j| j.subject.clone()).collect()
}

/// A finished job is deleted (alone, or with every job of its subject); a
/// job that must run again is rescheduled, a failure counting an attempt
/// and keeping its error until the next one; ids are never handed out
/// twice.
pub async fn jobs_finish_retry_and_are_removed(store: Arc<dyn Store>) {
    enqueue(
        &store,
        &[
            ("order", "o-1", 1),
            ("portin", "o-1", 1),
            ("order", "o-2", 1),
        ],
    )
    .await;
    let mut tx = store.write().await.unwrap();
    let due = tx.claim_due_jobs(at(1), 10).await.unwrap();
    assert_eq!(due.len(), 3);
    let o2 = due.iter().find(|j| j.subject == "o-2").unwrap().clone();
    tx.reschedule_job(o2.id, at(60), Some("the database was busy"))
        .await
        .unwrap();
    tx.delete_jobs_of("order", "o-1").await.unwrap();
    tx.commit().await.unwrap();

    let mut r = store.read().await.unwrap();
    let left = r.jobs(10).await.unwrap();
    assert_eq!(
        left.iter()
            .map(|j| (j.kind.as_str(), j.subject.as_str()))
            .collect::<Vec<_>>(),
        [("portin", "o-1"), ("order", "o-2")]
    );
    let retry = &left[1];
    assert_eq!((retry.id, retry.run_at, retry.attempts), (o2.id, at(60), 1));
    assert_eq!(retry.last_error.as_deref(), Some("the database was busy"));
    assert_eq!(r.next_job_due().await.unwrap(), Some(at(1)));
    drop(r);

    // Not due before its new time; then it fails again, then is moved on
    // without failing (attempts and the last error stay), then done.
    assert_eq!(tx_free_claim(&store, 59).await, ["o-1"]);
    let mut tx = store.write().await.unwrap();
    let portin = tx.claim_due_jobs(at(59), 10).await.unwrap();
    tx.delete_job(portin[0].id).await.unwrap();
    let again = tx.claim_job(o2.id, at(60)).await.unwrap().unwrap();
    assert_eq!(again.attempts, 1);
    tx.reschedule_job(o2.id, at(120), Some("still busy"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.write().await.unwrap();
    tx.reschedule_job(o2.id, at(180), None).await.unwrap();
    tx.commit().await.unwrap();
    let job = store.read().await.unwrap().jobs(10).await.unwrap();
    assert_eq!(
        job.iter()
            .map(|j| (j.id, j.run_at, j.attempts, j.last_error.as_deref()))
            .collect::<Vec<_>>(),
        [(o2.id, at(180), 2, Some("still busy"))]
    );
    let mut tx = store.write().await.unwrap();
    tx.delete_job(o2.id).await.unwrap();
    tx.delete_job(o2.id).await.unwrap(); // deleting twice is harmless
    tx.delete_jobs_of("order", "nothing").await.unwrap();
    tx.commit().await.unwrap();
    let mut r = store.read().await.unwrap();
    assert!(r.jobs(10).await.unwrap().is_empty());
    assert_eq!(r.next_job_due().await.unwrap(), None);
    drop(r);

    // A new job for the same subject is a new job, with a new id.
    enqueue(&store, &[("order", "o-2", 1)]).await;
    let new = store.read().await.unwrap().jobs(10).await.unwrap();
    assert!(new[0].id > o2.id && new[0].attempts == 0 && new[0].last_error.is_none());
}

/// Many claimers at once, each taking a few due jobs in its own
/// transaction and finishing them: every job is run exactly once.
pub async fn racing_claimers_take_each_job_once(store: Arc<dyn Store>) {
    let names: Vec<String> = (0..40).map(|i| format!("o-{i:02}")).collect();
    let mut tx = store.write().await.unwrap();
    for (i, n) in names.iter().enumerate() {
        tx.enqueue_job("order", n, at(i as i64 % 7), T0)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();

    let mut tasks = Vec::new();
    for _ in 0..8 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let mut ran = Vec::new();
            loop {
                let mut tx = store.write().await.unwrap();
                let got = tx.claim_due_jobs(at(10), 3).await.unwrap();
                if got.is_empty() {
                    return ran;
                }
                for j in &got {
                    tx.delete_job(j.id).await.unwrap();
                }
                tx.commit().await.unwrap();
                ran.extend(got.into_iter().map(|j| j.subject));
            }
        }));
    }
    let mut ran = Vec::new();
    for t in tasks {
        ran.extend(t.await.unwrap());
    }
    let once: HashSet<&String> = ran.iter().collect();
    assert_eq!((ran.len(), once.len()), (40, 40), "{ran:?}");
    assert!(
        store
            .read()
            .await
            .unwrap()
            .jobs(100)
            .await
            .unwrap()
            .is_empty()
    );
}
