//! Number rows: every field round-trips, the primary key gives a number one
//! owner however many transactions try at once, versioned changes refuse a
//! stale version, and a number's history keeps its order. (Listings are in
//! [`crate::listings`].)

use std::sync::Arc;

use tnhub_core::Store;
use tnhub_core::ids::{AccountId, PeerId, SiteId};
use tnhub_core::number::{NumberEvent, NumberFeatures, NumberGeo, NumberRecord, NumberStatus};
use tnhub_core::order::features::LidbSettings;

use crate::{T0, account_id, at, insert_numbers, number, seeded_with_peer};

/// A row with every field set.
fn full_row(owner: &AccountId, site: SiteId, peer: PeerId) -> NumberRecord {
    NumberRecord {
        site_id: Some(site),
        peer_id: Some(peer),
        order_id: Some("0190a0a0-0000-7000-8000-0000000000aa".into()),
        order_type: Some("NEW_NUMBER_ORDER".into()),
        reservation_id: Some("5f0c6a57-4b0e-4a43-9d1f-1c5b4f1f2a10".into()),
        hold_until: Some(at(3_600)),
        in_service_at: Some(at(5)),
        updated_at: at(5),
        geo: NumberGeo {
            city: Some("RALEIGH".into()),
            state: Some("NC".into()),
            rate_center: Some("RALEIGH".into()),
            lata: Some(426),
            tier: 2,
            vendor_id: Some(49),
            vendor_name: Some("Bandwidth CLEC".into()),
        },
        attributes: vec!["Protected".into(), "Imported".into()],
        features: NumberFeatures {
            calling_name_display: Some(true),
            sms_enabled: Some(false),
            call_forward: Some("9195550199".into()),
            rpid_format: Some("e164".into()),
            port_out_passcode: Some("s3cr3t, ünïcode".into()),
            lidb: Some(LidbSettings {
                subscriber_information: "Acme".into(),
                use_type: "BUSINESS".into(),
                visibility: "PUBLIC".into(),
            }),
            ..NumberFeatures::default()
        },
        ..number("9195550100", Some(owner.as_str()), NumberStatus::Inservice)
    }
}

/// A number's row comes back exactly as stored (every optional field set,
/// and every one empty), version 0, visible inside its own transaction,
/// and counted for its site and peer.
pub async fn numbers_round_trip_every_field(store: Arc<dyn Store>) {
    let (acct, site, peer) = seeded_with_peer(&store).await;
    let full = full_row(&acct, site, peer);
    let bare = number("9195550101", None, NumberStatus::Excluded);
    let mut tx = store.write().await.unwrap();
    assert!(tx.insert_number_if_absent(&full).await.unwrap());
    assert!(tx.insert_number_if_absent(&bare).await.unwrap());
    // The transaction sees its own rows before it commits; nobody else does.
    assert_eq!(tx.number("9195550100").await.unwrap(), Some(full.clone()));
    assert_eq!(
        store
            .read()
            .await
            .unwrap()
            .number("9195550100")
            .await
            .unwrap(),
        None
    );
    tx.commit().await.unwrap();

    let mut r = store.read().await.unwrap();
    assert_eq!(r.number("9195550100").await.unwrap(), Some(full));
    assert_eq!(r.number("9195550101").await.unwrap(), Some(bare));
    assert_eq!(r.number("9195550102").await.unwrap(), None);
    assert_eq!(r.count_site_numbers(site).await.unwrap(), 1);
    assert_eq!(r.count_peer_numbers(peer).await.unwrap(), 1);
}

/// The primary key gives a number one owner: a second insert does nothing
/// and says so (in the same transaction or another), leaves the first row
/// as it was and the transaction usable; of many transactions racing for
/// one number exactly one wins, and its owner is the one stored.
pub async fn a_number_has_one_owner(store: Arc<dyn Store>) {
    seeded_with_peer(&store).await;
    let tn = "9195550100";
    let first = number(tn, Some("9900001"), NumberStatus::Reserved);
    let rival = number(tn, Some("9900002"), NumberStatus::Inservice);

    let mut tx = store.write().await.unwrap();
    assert!(tx.insert_number_if_absent(&first).await.unwrap());
    assert!(!tx.insert_number_if_absent(&rival).await.unwrap());
    // Still usable: more work, then a commit that keeps all of it.
    assert!(
        tx.insert_number_if_absent(&number(
            "9195550101",
            Some("9900002"),
            NumberStatus::Inservice
        ))
        .await
        .unwrap()
    );
    assert_eq!(tx.number(tn).await.unwrap(), Some(first.clone()));
    tx.commit().await.unwrap();

    let mut tx = store.write().await.unwrap();
    assert!(!tx.insert_number_if_absent(&rival).await.unwrap());
    tx.add_number_event(&NumberEvent {
        tn: rival.tn,
        account_id: Some(account_id("9900002")),
        order_id: None,
        order_type: None,
        status: "Refused".into(),
        user: None,
        at: T0,
    })
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let mut r = store.read().await.unwrap();
    assert_eq!(r.number(tn).await.unwrap(), Some(first));
    assert!(r.number("9195550101").await.unwrap().is_some());
    assert_eq!(r.number_events(tn).await.unwrap().len(), 1);
    drop(r);

    // Sixteen transactions, two accounts, one number.
    let contested = "9195550199";
    let mut tasks = Vec::new();
    for i in 0..16 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let owner = if i % 2 == 0 { "9900001" } else { "9900002" };
            let mut tx = store.write().await.unwrap();
            let won = tx
                .insert_number_if_absent(&number(contested, Some(owner), NumberStatus::Inservice))
                .await
                .unwrap();
            tx.commit().await.unwrap();
            won.then_some(owner)
        }));
    }
    let mut winners = Vec::new();
    for t in tasks {
        winners.extend(t.await.unwrap());
    }
    assert_eq!(winners.len(), 1, "{winners:?}");
    let row = store
        .read()
        .await
        .unwrap()
        .number(contested)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.account_id.unwrap().as_str(), winners[0]);
}

/// Updates and deletes name the version they read: the store bumps it on
/// every change and refuses one based on an older version (leaving the row
/// and the transaction as they were); a released number can be inserted
/// again, starting over at version 0.
pub async fn versioned_changes_refuse_a_stale_version(store: Arc<dyn Store>) {
    seeded_with_peer(&store).await;
    let tn = "9195550100";
    insert_numbers(
        &store,
        &[number(tn, Some("9900001"), NumberStatus::Reserved)],
    )
    .await;
    let seen = store
        .read()
        .await
        .unwrap()
        .number(tn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(seen.version, 0);

    let sold = NumberRecord {
        status: NumberStatus::Inservice,
        in_service_at: Some(at(1)),
        updated_at: at(1),
        ..seen.clone()
    };
    let mut tx = store.write().await.unwrap();
    assert!(tx.update_number(&sold, 0).await.unwrap());
    let now = tx.number(tn).await.unwrap().unwrap();
    assert_eq!((now.status, now.version), (NumberStatus::Inservice, 1));
    // A second change based on the first read is refused, and so is a
    // delete; the transaction carries on.
    let other = NumberRecord {
        account_id: Some(account_id("9900002")),
        ..sold.clone()
    };
    assert!(!tx.update_number(&other, 0).await.unwrap());
    assert!(!tx.delete_number(tn, 0).await.unwrap());
    assert!(tx.update_number(&other, 1).await.unwrap());
    tx.commit().await.unwrap();
    let now = store
        .read()
        .await
        .unwrap()
        .number(tn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        now,
        NumberRecord {
            version: 2,
            ..other.clone()
        }
    );

    // A change rolled back bumps nothing.
    let mut tx = store.write().await.unwrap();
    assert!(tx.update_number(&sold, 2).await.unwrap());
    drop(tx);
    let mut tx = store.write().await.unwrap();
    assert!(!tx.update_number(&sold, 3).await.unwrap());
    assert!(!tx.delete_number(tn, 1).await.unwrap());
    assert!(tx.delete_number(tn, 2).await.unwrap());
    assert!(!tx.delete_number(tn, 2).await.unwrap());
    assert!(
        !tx.update_number(&sold, 2).await.unwrap(),
        "no row to update"
    );
    tx.commit().await.unwrap();
    assert_eq!(store.read().await.unwrap().number(tn).await.unwrap(), None);

    insert_numbers(
        &store,
        &[number(tn, Some("9900002"), NumberStatus::Reserved)],
    )
    .await;
    let again = store
        .read()
        .await
        .unwrap()
        .number(tn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (again.version, again.account_id),
        (0, Some(account_id("9900002")))
    );
}

/// A number's history comes back oldest first (in the order written, even
/// at the same instant), per number, and stays when its row goes; events
/// of a rolled-back transaction are gone.
pub async fn number_history_round_trips(store: Arc<dyn Store>) {
    seeded_with_peer(&store).await;
    let tn = tnhub_nanp::Tn::parse("9195550100").unwrap();
    let event = |status: &str, account: Option<&str>, user: Option<&str>, s: i64| NumberEvent {
        tn,
        account_id: account.map(account_id),
        order_id: account.map(|_| "o-1".to_string()),
        order_type: account.map(|_| "NEW_NUMBER_ORDER".to_string()),
        status: status.into(),
        user: user.map(str::to_string),
        at: at(s),
    };
    let events = [
        event("Reserved", Some("9900001"), Some("alice"), 1),
        event("Inservice", Some("9900001"), None, 1),
        event("Aging", Some("9900001"), Some("bob"), 0),
        event("Available", None, None, 9),
    ];
    insert_numbers(
        &store,
        &[number(
            "9195550100",
            Some("9900001"),
            NumberStatus::Inservice,
        )],
    )
    .await;
    let mut tx = store.write().await.unwrap();
    for e in &events {
        tx.add_number_event(e).await.unwrap();
    }
    tx.add_number_event(&NumberEvent {
        tn: tnhub_nanp::Tn::parse("9195550101").unwrap(),
        ..events[0].clone()
    })
    .await
    .unwrap();
    assert!(tx.delete_number("9195550100", 0).await.unwrap());
    tx.commit().await.unwrap();

    let mut tx = store.write().await.unwrap();
    tx.add_number_event(&event("Lost", None, None, 10))
        .await
        .unwrap();
    drop(tx);

    let mut r = store.read().await.unwrap();
    assert_eq!(
        r.number_events("9195550100").await.unwrap(),
        events.to_vec()
    );
    assert_eq!(r.number_events("9195550101").await.unwrap().len(), 1);
    assert!(r.number_events("9195550102").await.unwrap().is_empty());
}
