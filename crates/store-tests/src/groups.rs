//! Numbers and their history written as a group (the multi-row inserts an
//! order of thousands of numbers makes): the same outcome, row by row, as
//! one insert at a time, including the key's guarantee that a number has
//! one owner when groups with numbers in common race.

use std::sync::Arc;

use tnhub_core::Store;
use tnhub_core::number::{NumberEvent, NumberRecord, NumberStatus};
use tnhub_core::store::NumberQuery;

use crate::{T0, account_id, at, insert_numbers, number, seeded_with_peer};

/// The number `9195550000 + i`.
fn tn(i: u64) -> String {
    (9_195_550_000 + i).to_string()
}

/// A group insert says, in the order given, which rows it inserted: a
/// number with a row (committed or of the same transaction) and a number
/// given twice are refused, every other row is stored exactly as given and
/// counted; a group larger than any one statement's share and an empty
/// group work too. Events written as a group keep their order.
pub async fn numbers_are_inserted_as_a_group(store: Arc<dyn Store>) {
    let (acct, site, peer) = seeded_with_peer(&store).await;
    let held = number(&tn(2), Some("9900002"), NumberStatus::Reserved);
    insert_numbers(&store, std::slice::from_ref(&held)).await;

    let first = NumberRecord {
        site_id: Some(site),
        peer_id: Some(peer),
        order_id: Some("o-1".into()),
        attributes: vec!["Imported".into()],
        in_service_at: Some(at(1)),
        ..number(&tn(5), Some(acct.as_str()), NumberStatus::Inservice)
    };
    let group = vec![
        first.clone(),
        number(&tn(2), Some(acct.as_str()), NumberStatus::Inservice),
        number(&tn(1), Some(acct.as_str()), NumberStatus::Inservice),
        number(&tn(5), Some("9900002"), NumberStatus::Reserved),
        number(&tn(3), None, NumberStatus::Excluded),
    ];
    let mut tx = store.write().await.unwrap();
    assert!(tx.insert_numbers_if_absent(&[]).await.unwrap().is_empty());
    assert_eq!(
        tx.insert_numbers_if_absent(&group).await.unwrap(),
        [true, false, true, false, true]
    );
    // Rows of this transaction refuse a second group too.
    assert_eq!(
        tx.insert_numbers_if_absent(&group[2..]).await.unwrap(),
        [false, false, false]
    );
    tx.commit().await.unwrap();
    let mut r = store.read().await.unwrap();
    assert_eq!(r.number(&tn(5)).await.unwrap(), Some(first));
    assert_eq!(r.number(&tn(2)).await.unwrap(), Some(held));
    assert_eq!(r.number(&tn(1)).await.unwrap(), Some(group[2].clone()));
    assert_eq!(r.number(&tn(3)).await.unwrap(), Some(group[4].clone()));
    drop(r);

    // 2,500 rows, given in descending order, one of them taken.
    let big: Vec<NumberRecord> = (0..2_500)
        .rev()
        .map(|i| number(&tn(1_000 + i), Some(acct.as_str()), NumberStatus::Inservice))
        .chain([number(&tn(1), Some(acct.as_str()), NumberStatus::Inservice)])
        .collect();
    let mut tx = store.write().await.unwrap();
    let inserted = tx.insert_numbers_if_absent(&big).await.unwrap();
    assert_eq!(inserted.iter().filter(|&&i| i).count(), 2_500);
    assert!(!inserted[2_500]);
    let events: Vec<NumberEvent> = ["Reserved", "Inservice", "Aging"]
        .iter()
        .map(|status| NumberEvent {
            tn: tnhub_nanp::Tn::parse(&tn(1)).unwrap(),
            account_id: Some(acct.clone()),
            order_id: Some("o-1".into()),
            order_type: Some("NEW_NUMBER_ORDER".into()),
            status: (*status).into(),
            user: Some("u".into()),
            at: T0,
        })
        .collect();
    tx.add_number_events(&[]).await.unwrap();
    tx.add_number_events(&events).await.unwrap();
    tx.commit().await.unwrap();

    let mut r = store.read().await.unwrap();
    let in_service = NumberQuery {
        accounts: vec![acct.clone()],
        statuses: vec![NumberStatus::Inservice],
        ..NumberQuery::default()
    };
    let listed = r.numbers(&in_service).await.unwrap();
    assert_eq!(listed.len(), 2_502);
    assert_eq!(r.count_numbers(&in_service).await.unwrap(), 2_502);
    assert_eq!(r.count_numbers(&in_service).await.unwrap(), 2_502);
    assert_eq!(r.number_events(&tn(1)).await.unwrap(), events);
}

/// Eight transactions insert overlapping groups of numbers at once (some in
/// ascending order, some in descending, two accounts): every number ends up
/// with exactly one owner, the one whose group said it inserted it, and no
/// transaction fails.
pub async fn racing_groups_give_each_number_one_owner(store: Arc<dyn Store>) {
    seeded_with_peer(&store).await;
    let mut tasks = Vec::new();
    for t in 0..8u64 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let owner = if t % 2 == 0 { "9900001" } else { "9900002" };
            let mut tns: Vec<u64> = (t * 50..t * 50 + 300).collect();
            if t % 3 == 0 {
                tns.reverse();
            }
            let group: Vec<NumberRecord> = tns
                .iter()
                .map(|&i| number(&tn(i), Some(owner), NumberStatus::Inservice))
                .collect();
            let mut tx = store.write().await.unwrap();
            let inserted = tx.insert_numbers_if_absent(&group).await.unwrap();
            tx.commit().await.unwrap();
            tns.into_iter()
                .zip(inserted)
                .filter(|(_, won)| *won)
                .map(|(i, _)| (i, owner))
                .collect::<Vec<_>>()
        }));
    }
    let mut winners = std::collections::BTreeMap::new();
    for task in tasks {
        for (i, owner) in task.await.unwrap() {
            assert!(winners.insert(i, owner).is_none(), "{} won twice", tn(i));
        }
    }
    // Numbers 0..650 were wanted by someone; each has exactly one winner.
    assert_eq!(winners.len(), 650);
    let mut r = store.read().await.unwrap();
    for (i, owner) in winners {
        let row = r.number(&tn(i)).await.unwrap().unwrap();
        assert_eq!(row.account_id, Some(account_id(owner)), "{}", tn(i));
    }
}
