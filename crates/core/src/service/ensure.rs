//! "Create if absent", safe when several servers do it at once.
//!
//! A server makes sure a few things exist when it starts (the demo account
//! and user; anything else a start-up needs, such as a demo OAuth client).
//! Any number of servers may start together on one database, so reading
//! "absent" and then creating is a race: another server may create the same
//! thing in between, and the loser's insert meets a unique key. That is not
//! an error at start-up: the thing exists, which is all that was asked.
//!
//! [`create_if_absent`] is that loop: read; if absent, create (in one
//! transaction, which reports a lost race as `None`); if the create lost,
//! read again and use what the winner made. The unique key in the database
//! is what decides the race, on both backends (SQLite's single writer and
//! PostgreSQL's unique index waiting for the other transaction).

use std::future::Future;

use crate::error::CoreError;
use crate::store::StoreError;

/// What [`create_if_absent`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ensured<T> {
    /// This call created it.
    Created(T),
    /// It was there already (or another server created it meanwhile).
    Existed(T),
}

impl<T> Ensured<T> {
    /// Whether this call created it.
    pub fn created(&self) -> bool {
        matches!(self, Ensured::Created(_))
    }

    /// The thing, however it came to exist.
    pub fn into_inner(self) -> T {
        match self {
            Ensured::Created(t) | Ensured::Existed(t) => t,
        }
    }
}

/// How many times a create may lose a race before giving up: each loss
/// means the thing exists, so the next read finds it unless it was deleted
/// again in between.
const ATTEMPTS: usize = 5;

/// Reads with `read`; when that finds nothing, creates with `create`,
/// which returns `None` when a unique key said another writer got there
/// first (see [`lost_race`]); then reads again.
pub async fn create_if_absent<T, R, RF, C, CF>(
    mut read: R,
    mut create: C,
) -> Result<Ensured<T>, CoreError>
where
    R: FnMut() -> RF,
    RF: Future<Output = Result<Option<T>, CoreError>>,
    C: FnMut() -> CF,
    CF: Future<Output = Result<Option<T>, CoreError>>,
{
    for _ in 0..ATTEMPTS {
        if let Some(found) = read().await? {
            return Ok(Ensured::Existed(found));
        }
        if let Some(made) = create().await? {
            return Ok(Ensured::Created(made));
        }
    }
    Err(CoreError::internal(
        "something created at start-up kept disappearing after another writer created it",
    ))
}

/// An insert's result inside a `create` step of [`create_if_absent`]:
/// `Ok(true)` when inserted, `Ok(false)` when a unique key was in the way
/// (another writer won; the caller then drops its transaction and returns
/// `None`), any other error as it is.
pub fn lost_race(result: Result<(), StoreError>) -> Result<bool, StoreError> {
    match result {
        Ok(()) => Ok(true),
        Err(StoreError::Duplicate(_)) => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[tokio::test]
    async fn a_lost_race_reads_what_the_winner_made() {
        let stored = Cell::new(None);
        let ensured = create_if_absent(
            || async { Ok(stored.get()) },
            || async {
                // Another writer inserts first; ours meets its key.
                stored.set(Some(7));
                Ok(lost_race(Err(StoreError::Duplicate("pk".into())))?.then_some(1))
            },
        )
        .await
        .unwrap();
        assert_eq!(ensured, Ensured::Existed(7));
    }

    #[tokio::test]
    async fn absent_is_created_once_and_present_is_kept() {
        let created = create_if_absent(|| async { Ok(None) }, || async { Ok(Some(3)) })
            .await
            .unwrap();
        assert!(created.created());
        let kept = create_if_absent(
            || async { Ok(Some(4)) },
            || async { panic!("never created when present") },
        )
        .await
        .unwrap();
        assert_eq!(kept.into_inner(), 4);
    }

    #[tokio::test]
    async fn other_errors_are_not_a_lost_race() {
        assert_eq!(
            lost_race(Err(StoreError::Unavailable("down".into()))),
            Err(StoreError::Unavailable("down".into()))
        );
        let e = create_if_absent(
            || async { Ok(None::<u8>) },
            || async { Err(CoreError::internal("boom")) },
        )
        .await
        .unwrap_err();
        assert_eq!(e.message, "boom");
    }
}
