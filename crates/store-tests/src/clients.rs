//! OAuth API clients: they round-trip with their user, `Duplicate` on a
//! taken id leaves the transaction usable, revoking keeps the first time,
//! a new secret un-revokes, and lists filter by user. Also the race-free
//! read-then-set of a server-wide setting the token key relies on.

use std::sync::Arc;

use tnhub_core::client::{ApiClient, ClientId};
use tnhub_core::user::{PasswordHashString, Username};
use tnhub_core::{Store, StoreError};

use crate::{T0, at, seeded};

fn client(id: &str, user: &str) -> ApiClient {
    ApiClient {
        id: ClientId::parse(id).unwrap(),
        user: Username::parse(user).unwrap(),
        name: Some(format!("client {id}")),
        secret_hash: PasswordHashString(format!("hash-{id}")),
        created_at: T0,
        revoked_at: None,
    }
}

/// Clients come back as stored, listed by user then id, and are revoked once.
pub async fn api_clients_round_trip_and_revoke(store: Arc<dyn Store>) {
    seeded(&store).await;
    let (alice, bob) = (
        Username::parse("alice").unwrap(),
        Username::parse("bob").unwrap(),
    );
    let mut tx = store.write().await.unwrap();
    for u in [&alice, &bob] {
        tx.insert_user(u, &PasswordHashString("h".into()), T0)
            .await
            .unwrap();
    }
    tx.insert_client(&client("c2", "alice")).await.unwrap();
    tx.insert_client(&client("c1", "bob")).await.unwrap();
    let mut unnamed = client("c3", "alice");
    unnamed.name = None;
    tx.insert_client(&unnamed).await.unwrap();
    assert!(matches!(
        tx.insert_client(&client("c2", "bob")).await,
        Err(StoreError::Duplicate(_))
    ));
    // The transaction is still usable after the duplicate.
    assert_eq!(
        tx.client(&ClientId::parse("c2").unwrap()).await.unwrap(),
        Some(client("c2", "alice"))
    );
    tx.commit().await.unwrap();

    let mut r = store.read().await.unwrap();
    let ids = |list: Vec<ApiClient>| {
        list.into_iter()
            .map(|c| c.id.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(r.clients(None).await.unwrap()), ["c2", "c3", "c1"]);
    assert_eq!(ids(r.clients(Some(&alice)).await.unwrap()), ["c2", "c3"]);
    assert_eq!(r.clients(Some(&alice)).await.unwrap()[1], unnamed);
    assert!(
        r.client(&ClientId::parse("nope").unwrap())
            .await
            .unwrap()
            .is_none()
    );
    drop(r);

    let c2 = ClientId::parse("c2").unwrap();
    let mut tx = store.write().await.unwrap();
    assert!(tx.revoke_client(&c2, at(10)).await.unwrap());
    assert!(!tx.revoke_client(&c2, at(20)).await.unwrap());
    assert!(
        !tx.revoke_client(&ClientId::parse("nope").unwrap(), at(20))
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();
    let revoked = store
        .read()
        .await
        .unwrap()
        .client(&c2)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(revoked.revoked_at, Some(at(10)));
    assert!(!revoked.is_active());

    let mut tx = store.write().await.unwrap();
    assert!(
        tx.set_client_secret(&c2, &PasswordHashString("new".into()))
            .await
            .unwrap()
    );
    assert!(
        !tx.set_client_secret(
            &ClientId::parse("nope").unwrap(),
            &PasswordHashString("x".into())
        )
        .await
        .unwrap()
    );
    tx.commit().await.unwrap();
    let renewed = store
        .read()
        .await
        .unwrap()
        .client(&c2)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(renewed.secret_hash.0, "new");
    assert!(renewed.is_active());
}

/// A write transaction that reads a missing setting and sets it holds it:
/// of several racing to create it, the first value wins and every racer
/// then reads that one (what the token signing key relies on).
pub async fn racing_first_settings_agree(store: Arc<dyn Store>) {
    let mut racers = Vec::new();
    for i in 0..4 {
        let store = store.clone();
        racers.push(tokio::spawn(async move {
            let mut tx = store.write().await.unwrap();
            if let Some(v) = tx.setting("race.key").await.unwrap() {
                return v;
            }
            let mine = format!("value-{i}");
            tx.set_setting("race.key", &mine).await.unwrap();
            tx.commit().await.unwrap();
            mine
        }));
    }
    let mut seen = Vec::new();
    for r in racers {
        seen.push(r.await.unwrap());
    }
    let stored = store
        .read()
        .await
        .unwrap()
        .setting("race.key")
        .await
        .unwrap()
        .unwrap();
    assert!(seen.iter().all(|v| *v == stored), "{seen:?} vs {stored}");
}
