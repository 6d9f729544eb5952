//! Deleting an account: everything it owns goes in one transaction (its
//! numbers back to inventory), and nothing of another account is touched.

use std::sync::Arc;

use tnhub_core::Store;
use tnhub_core::number::{NumberEvent, NumberRecord, NumberStatus};
use tnhub_core::order::{HistoryEntry, OrderKind};
use tnhub_core::store::{AccountRemoval, LoaFile, NumberQuery};
use tnhub_core::subscription::Subscription;
use tnhub_core::user::{PasswordHashString, Username};

use crate::{T0, account_id, at, insert_numbers, number, order_row, seeded_with_peer};

const MINE: &str = "0190a0a0-0000-7000-8000-00000000000a";
const THEIRS: &str = "0190a0a0-0000-7000-8000-00000000000b";

fn subscription(id: &str, account: &str) -> Subscription {
    Subscription {
        id: id.into(),
        account_id: account_id(account),
        order_type: "orders".into(),
        order_id: None,
        callback: None,
        email: None,
        secret: "whsec_x".into(),
        last_status: None,
        created_at: T0,
        updated_at: T0,
    }
}

fn user(name: &str) -> Username {
    Username::parse(name).unwrap()
}

/// Account 9900001 owns a site, a peer, a number in service on them, a
/// reservation, an aging number, an order with history, a note, a document
/// and a job, a subscription with a queued callback, and two users: `solo`
/// (granted only it) and `both` (granted 9900002 too). Deleting it removes
/// all of that and `solo`, keeps `both` with its other grant, and leaves
/// 9900002's number, order, job and subscription alone; the account's
/// numbers are no longer taken. A second delete finds nothing.
pub async fn deleting_an_account_removes_what_it_owns(store: Arc<dyn Store>) {
    let (acct, site, peer) = seeded_with_peer(&store).await;
    let other = account_id("9900002");
    insert_numbers(
        &store,
        &[
            NumberRecord {
                site_id: Some(site),
                peer_id: Some(peer),
                ..number("9195550101", Some("9900001"), NumberStatus::Inservice)
            },
            NumberRecord {
                hold_until: Some(at(3_600)),
                ..number("9195550102", Some("9900001"), NumberStatus::Reserved)
            },
            NumberRecord {
                hold_until: Some(at(86_400)),
                ..number("9195550103", Some("9900001"), NumberStatus::Aging)
            },
            number("9195550104", Some("9900002"), NumberStatus::Inservice),
        ],
    )
    .await;
    let hash = PasswordHashString("h".into());
    let mut tx = store.write().await.unwrap();
    for name in ["solo", "both"] {
        tx.insert_user(&user(name), &hash, T0).await.unwrap();
        tx.grant(&user(name), &acct).await.unwrap();
    }
    tx.grant(&user("both"), &other).await.unwrap();
    for (id, owner) in [(MINE, &acct), (THEIRS, &other)] {
        tx.insert_order(&order_row(id, owner, OrderKind::NewNumber, T0))
            .await
            .unwrap();
        let entry = HistoryEntry {
            at: T0,
            status: "RECEIVED".into(),
            note: None,
            author: "u".into(),
            difference: None,
        };
        tx.add_history(id, &entry).await.unwrap();
        tx.enqueue_job("order", id, at(5), T0).await.unwrap();
    }
    tx.add_note(MINE, "u", "a note", T0).await.unwrap();
    let file = LoaFile {
        order_id: MINE.into(),
        name: format!("{MINE}-1700000000000.pdf"),
        content_type: "application/pdf".into(),
        size: 3,
        document_name: None,
        document_type: Some("LOA".into()),
        created_at: T0,
        updated_at: T0,
    };
    tx.insert_loa(&file, b"pdf").await.unwrap();
    tx.add_number_event(&NumberEvent {
        tn: tnhub_nanp::Tn::parse("9195550101").unwrap(),
        account_id: Some(acct.clone()),
        order_id: Some(MINE.into()),
        order_type: Some("NEW_NUMBER_ORDER".into()),
        status: "COMPLETE".into(),
        user: Some("solo".into()),
        at: T0,
    })
    .await
    .unwrap();
    for (id, owner) in [("sub-mine", "9900001"), ("sub-theirs", "9900002")] {
        tx.insert_subscription(&subscription(id, owner))
            .await
            .unwrap();
        tx.insert_delivery(id, &account_id(owner), MINE, "{}", T0)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();

    let mut tx = store.write().await.unwrap();
    let removed = tx.delete_account(&acct).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        removed,
        Some(AccountRemoval {
            numbers: 3,
            orders: 1,
            sites: 1,
            peers: 1,
            subscriptions: 1,
            users: vec![user("solo")],
        })
    );

    let mut r = store.read().await.unwrap();
    assert!(r.account(&acct).await.unwrap().is_none());
    assert!(r.account(&other).await.unwrap().is_some());
    assert!(r.user(&user("solo")).await.unwrap().is_none());
    let both = r.user(&user("both")).await.unwrap().expect("both is kept");
    assert_eq!(both.accounts, vec![other.clone()]);
    assert!(r.sites(&acct).await.unwrap().is_empty());
    assert!(r.peers(site).await.unwrap().is_empty());
    let all = |accounts| NumberQuery {
        accounts,
        ..NumberQuery::default()
    };
    assert_eq!(r.count_numbers(&all(vec![acct.clone()])).await.unwrap(), 0);
    assert_eq!(r.count_numbers(&all(vec![other.clone()])).await.unwrap(), 1);
    let asked = [9195550101, 9195550102, 9195550103, 9195550104];
    assert_eq!(r.taken(&asked, T0).await.unwrap(), vec![9195550104]);
    assert!(r.number_events("9195550101").await.unwrap().is_empty());
    assert!(r.order_by_id(MINE).await.unwrap().is_none());
    assert!(r.history(MINE).await.unwrap().is_empty());
    assert!(r.notes(MINE).await.unwrap().is_empty());
    assert!(r.loas(MINE).await.unwrap().is_empty());
    assert!(r.order_by_id(THEIRS).await.unwrap().is_some());
    let jobs: Vec<String> = r
        .jobs(10)
        .await
        .unwrap()
        .into_iter()
        .map(|j| j.subject)
        .collect();
    assert_eq!(jobs, vec![THEIRS.to_string()]);
    assert!(r.subscription(&acct, "sub-mine").await.unwrap().is_none());
    assert!(
        r.subscription(&other, "sub-theirs")
            .await
            .unwrap()
            .is_some()
    );
    drop(r);

    let mut tx = store.write().await.unwrap();
    assert_eq!(tx.delete_account(&acct).await.unwrap(), None);
}
