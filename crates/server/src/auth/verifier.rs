//! Password (and other Argon2 secret) checks on a bounded pool.
//!
//! An Argon2id check costs ~30 ms of CPU and 19 MiB of memory by design.
//! Run on tokio's blocking pool, a flood of wrong passwords started one
//! thread and one 19 MiB allocation per request: memory grew by gigabytes
//! and the CPUs were lost to the attacker. Here a fixed set of threads (one
//! per CPU unless configured) does every check, each in one working memory
//! it keeps for its life ([`VerifyMemory`]), so the pool's memory is at most
//! `workers × 19 MiB` whatever the load. At most `queue` checks wait for a
//! thread; beyond that [`Verifier::verify`] answers [`Busy`] at once and the
//! request is refused with 503 and `Retry-After` instead of queuing without
//! bound. A check whose requester has gone away is skipped.
//!
//! Anything hashed with [`tnhub_core::user::Password::hash`] (passwords, and
//! any other secret stored the same way) is checked through
//! [`Verifier::verify`]; passing `None` checks against the decoy hash, so a
//! failure for an unknown name costs what a wrong secret costs.

use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};

use tnhub_core::user::{PasswordHashString, VerifyMemory};
use tokio::sync::oneshot;

/// The pool is full: the caller should refuse with 503 and `Retry-After`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Busy;

struct Job {
    hash: Option<PasswordHashString>,
    secret: String,
    reply: oneshot::Sender<bool>,
}

/// The bounded checking pool; cheap to share behind an `Arc`.
pub struct Verifier {
    jobs: SyncSender<Job>,
    workers: usize,
}

impl Verifier {
    /// Starts `workers` checking threads (at least one) with room for
    /// `queue` checks waiting. The threads end when the verifier is dropped.
    pub fn new(workers: usize, queue: usize) -> Self {
        let (jobs, rx) = sync_channel::<Job>(queue);
        let rx = Arc::new(Mutex::new(rx));
        let mut started = 0;
        for i in 0..workers.max(1) {
            let rx = rx.clone();
            match std::thread::Builder::new()
                .name(format!("tnhub-verify-{i}"))
                .spawn(move || work(&rx))
            {
                Ok(_) => started += 1,
                Err(e) => tracing::error!(error = %e, "cannot start a password-checking thread"),
            }
        }
        Verifier {
            jobs,
            workers: started,
        }
    }

    /// Checks `secret` against `hash` (against the decoy hash when `None`,
    /// which always fails), or says the pool is too busy to take it.
    pub async fn verify(
        &self,
        hash: Option<PasswordHashString>,
        secret: &str,
    ) -> Result<bool, Busy> {
        if self.workers == 0 {
            return Err(Busy);
        }
        let (reply, answer) = oneshot::channel();
        let job = Job {
            hash,
            secret: secret.to_string(),
            reply,
        };
        match self.jobs.try_send(job) {
            Ok(()) => {}
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => {
                metrics::counter!("tnhub_auth_checks_refused_total").increment(1);
                return Err(Busy);
            }
        }
        answer.await.map_err(|_| Busy)
    }
}

fn work(rx: &Mutex<Receiver<Job>>) {
    let mut memory = VerifyMemory::default();
    loop {
        // Hold the lock only while taking a job, not while checking it.
        let job = match rx.lock() {
            Ok(rx) => match rx.recv() {
                Ok(job) => job,
                Err(_) => return,
            },
            Err(_) => return,
        };
        if job.reply.is_closed() {
            continue;
        }
        let ok = match &job.hash {
            Some(hash) => hash.verify_in(&job.secret, &mut memory),
            None => {
                PasswordHashString::decoy().verify_in(&job.secret, &mut memory);
                false
            }
        };
        let _ = job.reply.send(ok);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tnhub_core::user::Password;

    #[tokio::test]
    async fn checks_and_refuses_beyond_its_queue() {
        let hash = Password::parse("correct horse").unwrap().hash().unwrap();
        let v = Arc::new(Verifier::new(1, 1));
        assert_eq!(
            v.verify(Some(hash.clone()), "correct horse").await,
            Ok(true)
        );
        assert_eq!(v.verify(Some(hash.clone()), "wrong horse").await, Ok(false));
        assert_eq!(v.verify(None, "correct horse").await, Ok(false));
        // One thread busy, one waiting: of eight at once, some are refused.
        let tries = (0..8).map(|_| {
            let (v, h) = (v.clone(), hash.clone());
            tokio::spawn(async move { v.verify(Some(h), "correct horse").await })
        });
        let results: Vec<_> = futures_join(tries).await;
        assert!(results.contains(&Err(Busy)), "{results:?}");
        assert!(results.contains(&Ok(true)), "{results:?}");
    }

    async fn futures_join(
        tasks: impl Iterator<Item = tokio::task::JoinHandle<Result<bool, Busy>>>,
    ) -> Vec<Result<bool, Busy>> {
        let mut out = Vec::new();
        for t in tasks.collect::<Vec<_>>() {
            out.push(t.await.unwrap());
        }
        out
    }
}
