//! Idempotency keys: a claim is an insert that does nothing when the
//! (scope, key) row exists, leaving the transaction usable; racing
//! claimants get one winner; only the claim's token stores the answer or
//! releases the row, and an answer is stored once; the answer (a BLOB body
//! included) round-trips; scopes keep their keys apart; old rows are
//! purged; a deleted account's keys go with it (a sandbox account made
//! again under the same id must not replay the old one's answers).

use std::sync::Arc;

use tnhub_core::Store;
use tnhub_core::idempotency::{KeyRecord, StoredResponse};

use crate::{T0, account_id, at, seeded};

fn record(scope: &str, key: &str, token: &str) -> KeyRecord {
    KeyRecord {
        scope: scope.into(),
        key: key.into(),
        fingerprint: format!("fp-{key}"),
        token: token.into(),
        created_at: T0,
        response: None,
    }
}

fn answer() -> StoredResponse {
    StoredResponse {
        status: 201,
        content_type: Some("application/xml".into()),
        location: Some("http://h/api/accounts/1/orders/abc".into()),
        // Every byte value, to show the body is kept as bytes.
        body: (0..=255u8).collect(),
    }
}

/// Claims, answers, releases and purges behave as the service relies on.
pub async fn idempotency_keys_are_claimed_once_and_answered_once(store: Arc<dyn Store>) {
    let mut tx = store.write().await.unwrap();
    assert!(
        tx.insert_idempotency_key(&record("account:1", "k", "t1"))
            .await
            .unwrap()
    );
    // A second claim does nothing, and the transaction goes on.
    assert!(
        !tx.insert_idempotency_key(&record("account:1", "k", "t2"))
            .await
            .unwrap()
    );
    // The same key in another scope is another key.
    assert!(
        tx.insert_idempotency_key(&record("account:2", "k", "t3"))
            .await
            .unwrap()
    );
    let mut late = record("user:u", "old", "t4");
    late.created_at = at(-100);
    assert!(tx.insert_idempotency_key(&late).await.unwrap());
    tx.commit().await.unwrap();

    let mut tx = store.write().await.unwrap();
    let found = tx.idempotency_key("account:1", "k").await.unwrap();
    assert_eq!(
        found,
        Some(record("account:1", "k", "t1")),
        "in flight: no answer"
    );
    assert_eq!(tx.idempotency_key("account:1", "nope").await.unwrap(), None);
    // Only the claim's token answers it.
    assert!(
        !tx.complete_idempotency_key("account:1", "k", "t2", &answer())
            .await
            .unwrap()
    );
    assert!(
        tx.complete_idempotency_key("account:1", "k", "t1", &answer())
            .await
            .unwrap()
    );
    // Once.
    assert!(
        !tx.complete_idempotency_key("account:1", "k", "t1", &answer())
            .await
            .unwrap()
    );
    // Only the claim's token releases it.
    assert!(
        !tx.release_idempotency_key("account:2", "k", "t1")
            .await
            .unwrap()
    );
    assert!(
        tx.release_idempotency_key("account:2", "k", "t3")
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();

    let mut read = store.read().await.unwrap();
    let answered = read
        .idempotency_key("account:1", "k")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(answered.response, Some(answer()));
    assert_eq!(answered.token, "t1");
    assert_eq!(read.idempotency_key("account:2", "k").await.unwrap(), None);
    // An answer without Content-Type, Location or body round-trips too.
    drop(read);
    let mut tx = store.write().await.unwrap();
    assert!(
        tx.insert_idempotency_key(&record("account:2", "bare", "t5"))
            .await
            .unwrap()
    );
    let bare = StoredResponse {
        status: 409,
        content_type: None,
        location: None,
        body: Vec::new(),
    };
    assert!(
        tx.complete_idempotency_key("account:2", "bare", "t5", &bare)
            .await
            .unwrap()
    );
    assert_eq!(
        tx.idempotency_key("account:2", "bare")
            .await
            .unwrap()
            .unwrap()
            .response,
        Some(bare)
    );
    // Purging forgets what was claimed before the cut-off only.
    assert_eq!(tx.purge_idempotency_keys(at(-1)).await.unwrap(), 1);
    assert_eq!(tx.idempotency_key("user:u", "old").await.unwrap(), None);
    assert!(
        tx.idempotency_key("account:1", "k")
            .await
            .unwrap()
            .is_some()
    );
    tx.commit().await.unwrap();
}

/// Claimants racing for one key in their own transactions: one wins.
pub async fn racing_claims_of_one_key_have_one_winner(store: Arc<dyn Store>) {
    let mut racers = Vec::new();
    for i in 0..6 {
        let store = store.clone();
        racers.push(tokio::spawn(async move {
            let mut tx = store.write().await.unwrap();
            let won = tx
                .insert_idempotency_key(&record("account:1", "race", &format!("t{i}")))
                .await
                .unwrap();
            tx.commit().await.unwrap();
            won
        }));
    }
    let mut winners = 0;
    for r in racers {
        winners += usize::from(r.await.unwrap());
    }
    assert_eq!(winners, 1);
}

/// Deleting an account deletes its keys, and only its keys.
pub async fn a_deleted_account_takes_its_keys_along(store: Arc<dyn Store>) {
    let (acct, _) = seeded(&store).await;
    let mut tx = store.write().await.unwrap();
    let scope = format!("account:{acct}");
    assert!(
        tx.insert_idempotency_key(&record(&scope, "k", "t1"))
            .await
            .unwrap()
    );
    assert!(
        tx.insert_idempotency_key(&record("account:9900002", "k", "t2"))
            .await
            .unwrap()
    );
    assert!(
        tx.insert_idempotency_key(&record("user:someone", "k", "t3"))
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();
    let mut tx = store.write().await.unwrap();
    assert!(
        tx.delete_account(&account_id("9900001"))
            .await
            .unwrap()
            .is_some()
    );
    tx.commit().await.unwrap();
    let mut read = store.read().await.unwrap();
    assert_eq!(read.idempotency_key(&scope, "k").await.unwrap(), None);
    assert!(
        read.idempotency_key("account:9900002", "k")
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        read.idempotency_key("user:someone", "k")
            .await
            .unwrap()
            .is_some()
    );
}
