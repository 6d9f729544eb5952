//! Group commit: many transactions, one `fsync`.
//!
//! With `synchronous=FULL`, SQLite syncs the write-ahead log inside every
//! `COMMIT`, while it holds the only write lock. On a disk where a sync
//! takes a few milliseconds that caps the store at a few hundred commits a
//! second, however many clients are waiting, because each waits for the
//! previous one's sync.
//!
//! Instead the connections run with `synchronous=NORMAL` (a `COMMIT` writes
//! its frames to the WAL without syncing; checkpoints still sync) and
//! [`GroupCommit::durable`] syncs the WAL file *after* the write lock is
//! released. Commits that finish while a sync is running wait for the next
//! one, which then covers all of them: one sync per group instead of one
//! per transaction, and the next transaction runs during the sync. A commit
//! is acknowledged to its caller only once a sync that started after it has
//! finished, so an acknowledged commit is exactly as durable as under
//! `FULL`.
//!
//! Why this is safe: WAL frames are appended in commit order and recovery
//! stops at the first frame that was not written completely, so whatever a
//! power cut keeps is a prefix of the commits; every commit before a sync is
//! in that prefix. Frames that a checkpoint has already copied into the
//! database file were synced by the checkpoint itself (that is what `NORMAL`
//! keeps), so the WAL being reset in between loses nothing.
//!
//! This is hand-written because no crate offers it for SQLite; it is the
//! technique PostgreSQL calls `commit_delay` and InnoDB group commit.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use tnhub_core::store::StoreError;
use tokio::sync::Mutex;

/// Makes commits durable in groups (see the module documentation).
pub(crate) struct GroupCommit {
    wal: PathBuf,
    /// Commits finished so far (tickets handed out).
    committed: AtomicU64,
    /// Every ticket up to this one is durable.
    synced: AtomicU64,
    /// Held by the one task syncing on behalf of a group.
    syncing: Mutex<()>,
}

impl GroupCommit {
    /// For the database file at `db` (its WAL is `db-wal`).
    pub(crate) fn new(db: &str) -> Self {
        GroupCommit {
            wal: PathBuf::from(format!("{db}-wal")),
            committed: AtomicU64::new(0),
            synced: AtomicU64::new(0),
            syncing: Mutex::new(()),
        }
    }

    /// Returns once the commit that has just finished is on disk.
    pub(crate) async fn durable(&self) -> Result<(), StoreError> {
        let ticket = self.committed.fetch_add(1, Ordering::SeqCst) + 1;
        let _turn = self.syncing.lock().await;
        if self.synced.load(Ordering::SeqCst) >= ticket {
            return Ok(()); // a sync that started after our commit covered it
        }
        // Everything committed up to now is in the WAL; one sync covers it.
        let upto = self.committed.load(Ordering::SeqCst);
        let wal = self.wal.clone();
        tokio::task::spawn_blocking(move || sync_file(&wal))
            .await
            .map_err(|e| StoreError::Other(format!("the WAL sync task failed: {e}")))?
            .map_err(|e| {
                StoreError::Unavailable(format!(
                    "cannot sync the write-ahead log {}: {e}",
                    self.wal.display()
                ))
            })?;
        self.synced.fetch_max(upto, Ordering::SeqCst);
        Ok(())
    }
}

/// `fdatasync` of the file; a missing WAL has nothing unsynced (SQLite
/// removes it only after checkpointing everything into the synced database).
fn sync_file(path: &Path) -> std::io::Result<()> {
    match std::fs::File::open(path) {
        Ok(f) => f.sync_data(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_commits_share_syncs_and_all_become_durable() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        std::fs::write(format!("{}-wal", db.display()), b"frames").unwrap();
        let group = Arc::new(GroupCommit::new(&db.display().to_string()));
        let tasks: Vec<_> = (0..64)
            .map(|_| {
                let g = group.clone();
                tokio::spawn(async move { g.durable().await })
            })
            .collect();
        for t in tasks {
            t.await.unwrap().unwrap();
        }
        assert_eq!(group.committed.load(Ordering::SeqCst), 64);
        assert_eq!(
            group.synced.load(Ordering::SeqCst),
            64,
            "every ticket is covered"
        );
    }

    #[tokio::test]
    async fn a_missing_wal_has_nothing_to_sync() {
        let dir = tempfile::tempdir().unwrap();
        let group = GroupCommit::new(&dir.path().join("none.db").display().to_string());
        group.durable().await.unwrap();
    }

    #[tokio::test]
    async fn an_unsyncable_wal_is_an_error_not_a_silent_success() {
        let dir = tempfile::tempdir().unwrap();
        // The WAL's directory is a plain file: opening fails (not with
        // NotFound), and the caller must hear about it.
        let file = dir.path().join("plain");
        std::fs::write(&file, b"x").unwrap();
        let group = GroupCommit::new(&file.join("db").display().to_string());
        let err = group.durable().await.unwrap_err();
        assert!(matches!(err, StoreError::Unavailable(_)), "{err:?}");
    }
}
