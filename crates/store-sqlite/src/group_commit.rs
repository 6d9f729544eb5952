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
//! The WAL is synced through a descriptor opened once and kept (reopened
//! only when SQLite has replaced the file): opening it by path after every
//! `COMMIT` could fail (no descriptors left) when the transaction was
//! already committed, and a failed sync is retried rather than reported,
//! because a committed transaction must never be reported as failed.
//!
//! This is hand-written because no crate offers it for SQLite; it is the
//! technique PostgreSQL calls `commit_delay` and InnoDB group commit.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tnhub_core::store::{StoreError, WriteHealth};
use tokio::sync::Mutex;

/// How long a commit's sync is retried before giving up on it. A commit
/// whose sync fails is still committed (other transactions already see
/// it), so it is never reported as failed: a client told to retry would
/// create it twice. After this long it is acknowledged with an error in the
/// log and the store marked as failing writes (readiness says 503).
const SYNC_PATIENCE: Duration = Duration::from_secs(5);

/// Makes commits durable in groups (see the module documentation).
pub(crate) struct GroupCommit {
    wal: PathBuf,
    /// Commits finished so far (tickets handed out).
    committed: AtomicU64,
    /// Every ticket up to this one is durable.
    synced: AtomicU64,
    /// Held by the one task syncing on behalf of a group; holds the WAL's
    /// descriptor, kept open between syncs.
    syncing: Mutex<Option<WalFile>>,
    health: Arc<WriteHealth>,
    /// [`SYNC_PATIENCE`], shorter in tests.
    patience: Duration,
}

/// The write-ahead log, opened once and kept: reopening it by path for
/// every sync could fail after the commit (out of descriptors), and then
/// a committed transaction would have been reported as failed.
struct WalFile {
    file: std::fs::File,
    /// Its inode: SQLite deletes the WAL when the last connection closes and
    /// creates a new one later, which a kept descriptor would not see.
    inode: u64,
}

impl GroupCommit {
    /// For the database file at `db` (its WAL is `db-wal`); syncs that
    /// fail are reported to `health`.
    pub(crate) fn new(db: &str, health: Arc<WriteHealth>) -> Self {
        let wal = PathBuf::from(format!("{db}-wal"));
        let mut kept = None;
        // Opened now when it exists; otherwise at the first sync.
        let _ = current_wal(&wal, &mut kept);
        GroupCommit {
            wal,
            committed: AtomicU64::new(0),
            synced: AtomicU64::new(0),
            syncing: Mutex::new(kept),
            health,
            patience: SYNC_PATIENCE,
        }
    }

    /// Returns once the commit that has just finished is on disk (or, if
    /// the disk refuses to sync for [`SYNC_PATIENCE`], once that has been
    /// logged: the commit stands either way).
    pub(crate) async fn durable(&self) {
        let ticket = self.committed.fetch_add(1, Ordering::SeqCst) + 1;
        let mut kept = self.syncing.lock().await;
        if self.synced.load(Ordering::SeqCst) >= ticket {
            return; // a sync that started after our commit covered it
        }
        // Everything committed up to now is in the WAL; one sync covers it.
        let upto = self.committed.load(Ordering::SeqCst);
        let started = Instant::now();
        let mut pause = Duration::from_millis(10);
        loop {
            let wal = self.wal.clone();
            let mut handle = kept.take();
            let (handle, result) = match tokio::task::spawn_blocking(move || {
                let result = sync_wal(&wal, &mut handle);
                (handle, result)
            })
            .await
            {
                Ok(done) => done,
                Err(e) => (None, Err(std::io::Error::other(e.to_string()))),
            };
            *kept = handle;
            let Err(e) = result else { break };
            let why = format!(
                "cannot sync the write-ahead log {}: {e}",
                self.wal.display()
            );
            if started.elapsed() >= self.patience {
                tracing::error!(error = %why, "giving up syncing committed transactions; they are acknowledged, but a power cut now could lose them");
                self.health.record::<()>(&Err(StoreError::Unavailable(why)));
                break;
            }
            tracing::warn!(error = %why, "retrying the sync of committed transactions");
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(Duration::from_millis(500));
        }
        self.synced.fetch_max(upto, Ordering::SeqCst);
    }
}

/// `fdatasync` of the WAL through the kept descriptor, (re)opened when the
/// file at `path` is not the one kept. A missing WAL has nothing unsynced
/// (SQLite removes it only after checkpointing everything into the synced
/// database).
fn sync_wal(path: &Path, kept: &mut Option<WalFile>) -> std::io::Result<()> {
    match current_wal(path, kept)? {
        Some(wal) => wal.file.sync_data(),
        None => Ok(()),
    }
}

/// The kept WAL descriptor, checked against the file now at `path` (a
/// `stat`, which needs no descriptor) and reopened if that changed.
fn current_wal<'a>(
    path: &Path,
    kept: &'a mut Option<WalFile>,
) -> std::io::Result<Option<&'a WalFile>> {
    let inode = match std::fs::metadata(path) {
        Ok(m) => m.ino(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            *kept = None;
            return Ok(None);
        }
        Err(e) => return Err(e),
    };
    if kept.as_ref().map(|w| w.inode) != Some(inode) {
        let file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                *kept = None;
                return Ok(None);
            }
            Err(e) => return Err(e),
        };
        let inode = file.metadata()?.ino();
        *kept = Some(WalFile { file, inode });
    }
    Ok(kept.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tnhub_core::store::WriteState;

    fn group(db: &Path) -> GroupCommit {
        GroupCommit::new(&db.display().to_string(), Arc::default())
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_commits_share_syncs_and_all_become_durable() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        std::fs::write(format!("{}-wal", db.display()), b"frames").unwrap();
        let group = Arc::new(group(&db));
        let tasks: Vec<_> = (0..64)
            .map(|_| {
                let g = group.clone();
                tokio::spawn(async move { g.durable().await })
            })
            .collect();
        for t in tasks {
            t.await.unwrap();
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
        let group = group(&dir.path().join("none.db"));
        group.durable().await;
        assert_eq!(group.health.state(), WriteState::Healthy);
    }

    #[tokio::test]
    async fn the_wal_descriptor_is_kept_and_follows_a_new_wal() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        let wal = dir.path().join("t.db-wal");
        std::fs::write(&wal, b"frames").unwrap();
        let group = group(&db);
        let first = group.syncing.lock().await.as_ref().unwrap().inode;
        group.durable().await;
        assert_eq!(group.syncing.lock().await.as_ref().unwrap().inode, first);
        // SQLite deleted the WAL (last connection closed) and made a new
        // one: the next sync must sync the new file, not the kept old one.
        let keep_inode_busy = std::fs::File::open(&wal).unwrap();
        std::fs::remove_file(&wal).unwrap();
        std::fs::write(&wal, b"new frames").unwrap();
        group.durable().await;
        let now = group.syncing.lock().await.as_ref().unwrap().inode;
        assert_ne!(now, first);
        drop(keep_inode_busy);
    }

    #[tokio::test]
    async fn an_unsyncable_wal_is_retried_then_reported_never_an_error_for_the_commit() {
        let dir = tempfile::tempdir().unwrap();
        // The WAL's directory is a plain file: every attempt fails (not with
        // NotFound). The commit stands, so the caller is not told it
        // failed; the store is marked as failing writes instead.
        let file = dir.path().join("plain");
        std::fs::write(&file, b"x").unwrap();
        let mut group = group(&file.join("db"));
        group.patience = Duration::from_millis(50);
        group.durable().await;
        assert!(
            matches!(group.health.state(), WriteState::Failing(_)),
            "{:?}",
            group.health.state()
        );
    }
}
