//! The kept count of numbers per (account, status) (migration 0017) that
//! answers the counts of `/tns`, `inserviceNumbers` and their totals.

use std::sync::Arc;

use tnhub_core::Store;
use tnhub_core::ids::AccountId;
use tnhub_core::number::NumberStatus;
use tnhub_core::store::{NumberQuery, ResetKeep};

use crate::{T0, account_id, at, insert_numbers, number, seeded_with_peer};

const STATUSES: [NumberStatus; 4] = [
    NumberStatus::Inservice,
    NumberStatus::Reserved,
    NumberStatus::Aging,
    NumberStatus::PortInPendingFoc,
];

/// Asserts that every count the kept counts answer (each account, both,
/// with each status, two statuses, or none) equals the rows a listing
/// finds, and returns the per-account totals.
async fn counts_agree(store: &Arc<dyn Store>, accounts: &[AccountId], when: &str) -> Vec<u64> {
    let mut r = store.read().await.unwrap();
    let mut sets: Vec<Vec<AccountId>> = accounts.iter().map(|a| vec![a.clone()]).collect();
    sets.push(accounts.to_vec());
    let mut status_sets: Vec<Vec<NumberStatus>> = STATUSES.iter().map(|s| vec![*s]).collect();
    status_sets.push(vec![NumberStatus::Inservice, NumberStatus::Aging]);
    status_sets.push(Vec::new());
    for a in &sets {
        for s in &status_sets {
            let q = NumberQuery {
                accounts: a.clone(),
                statuses: s.clone(),
                ..NumberQuery::default()
            };
            assert!(q.counts_by_account_and_status());
            let listed = r.numbers(&q).await.unwrap().len() as u64;
            // Twice: on PostgreSQL the first read may fold the deltas.
            assert_eq!(
                r.count_numbers(&q).await.unwrap(),
                listed,
                "{when}: {a:?} {s:?}"
            );
            assert_eq!(
                r.count_numbers(&q).await.unwrap(),
                listed,
                "{when}: {a:?} {s:?} again"
            );
        }
    }
    let mut totals = Vec::new();
    for a in accounts {
        let q = NumberQuery {
            accounts: vec![a.clone()],
            ..NumberQuery::default()
        };
        totals.push(r.count_numbers(&q).await.unwrap());
    }
    totals
}

/// The kept count equals the rows after inserts (one per transaction,
/// more than PostgreSQL folds at once, and many in one), status changes,
/// moves between accounts, deletes, released holds, an account's removal,
/// a snapshot restore and a reset.
pub async fn kept_counts_follow_every_change(store: Arc<dyn Store>) {
    let (a, _, _) = seeded_with_peer(&store).await;
    let b = account_id("9900002");
    let both = [a.clone(), b.clone()];
    assert_eq!(counts_agree(&store, &both, "empty").await, vec![0, 0]);

    // 100 single-row transactions, then 50 in one.
    for i in 0..100 {
        let status = STATUSES[i % STATUSES.len()];
        let mut n = number(&format!("91955{i:05}"), Some("9900001"), status);
        if status == NumberStatus::Reserved || status == NumberStatus::Aging {
            n.hold_until = Some(at(60));
        }
        insert_numbers(&store, &[n]).await;
    }
    let many: Vec<_> = (0..50)
        .map(|i| {
            number(
                &format!("91966{i:05}"),
                Some("9900002"),
                NumberStatus::Inservice,
            )
        })
        .collect();
    insert_numbers(&store, &many).await;
    // A row of no account is counted nowhere.
    insert_numbers(&store, &[number("9197770000", None, NumberStatus::Aging)]).await;
    assert_eq!(counts_agree(&store, &both, "inserted").await, vec![100, 50]);

    // Status changes, moves to the other account, deletes; an update that
    // changes neither account nor status.
    let mut tx = store.write().await.unwrap();
    for i in 0..10 {
        let tn = format!("91955{i:05}");
        let mut n = tx.number(&tn).await.unwrap().unwrap();
        let version = n.version;
        match i % 3 {
            0 => n.status = NumberStatus::Inservice,
            1 => n.account_id = Some(b.clone()),
            _ => {
                n.geo.city = Some("RALEIGH".into());
            }
        }
        assert!(tx.update_number(&n, version).await.unwrap());
    }
    for i in 10..15 {
        let tn = format!("91955{i:05}");
        let n = tx.number(&tn).await.unwrap().unwrap();
        assert!(tx.delete_number(&tn, n.version).await.unwrap());
    }
    tx.commit().await.unwrap();
    assert_eq!(counts_agree(&store, &both, "changed").await, vec![92, 53]);

    // A rolled-back change leaves the count as it was.
    let mut tx = store.write().await.unwrap();
    tx.insert_number_if_absent(&number(
        "9198880000",
        Some("9900001"),
        NumberStatus::Inservice,
    ))
    .await
    .unwrap();
    drop(tx);
    assert_eq!(
        counts_agree(&store, &both, "rolled back").await,
        vec![92, 53]
    );

    // Held numbers released in bulk.
    let mut tx = store.write().await.unwrap();
    let released = tx.release_expired(at(61), 1_000).await.unwrap();
    tx.commit().await.unwrap();
    assert!(released.len() > 40, "{}", released.len());
    let after_release = counts_agree(&store, &both, "released").await;

    // A snapshot brings the counts back with the rows.
    store.save_snapshot("counts", T0).await.unwrap();
    let mut tx = store.write().await.unwrap();
    assert!(tx.delete_account(&b).await.unwrap().is_some());
    tx.commit().await.unwrap();
    assert_eq!(
        counts_agree(&store, std::slice::from_ref(&a), "account removed").await[0],
        after_release[0]
    );
    assert!(store.restore_snapshot("counts", &[]).await.unwrap());
    assert_eq!(counts_agree(&store, &both, "restored").await, after_release);

    // A reset empties them.
    store
        .reset(&ResetKeep {
            accounts: vec![a.clone(), b.clone()],
            ..ResetKeep::default()
        })
        .await
        .unwrap();
    assert_eq!(counts_agree(&store, &both, "reset").await, vec![0, 0]);
    insert_numbers(
        &store,
        &[number(
            "9195550000",
            Some("9900001"),
            NumberStatus::Inservice,
        )],
    )
    .await;
    assert_eq!(counts_agree(&store, &both, "after reset").await, vec![1, 0]);
}
