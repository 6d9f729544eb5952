//! The taken-number checks searches make, on PostgreSQL: the same answer
//! whichever way `taken` looks (one range scan for many candidates, array
//! look-ups for few), and range counts in one statement.

mod common;

use tnhub_core::Timestamp;
use tnhub_core::account::Account;
use tnhub_core::ids::AccountId;
use tnhub_core::number::{NumberRecord, NumberStatus};
use tnhub_core::store::Store;

const BASE: u64 = 9_192_120_000;

fn row(tn: u64, status: NumberStatus, hold_until: Option<i64>) -> NumberRecord {
    NumberRecord {
        tn: tnhub_nanp::Tn::parse(&tn.to_string()).unwrap(),
        status,
        account_id: Some(AccountId::parse("9900001").unwrap()),
        site_id: None,
        peer_id: None,
        order_id: None,
        order_type: None,
        reservation_id: None,
        hold_until: hold_until.map(Timestamp::from_millis),
        in_service_at: None,
        created_at: Timestamp::from_millis(0),
        updated_at: Timestamp::from_millis(0),
        geo: Default::default(),
        attributes: Vec::new(),
        features: Default::default(),
        version: 0,
    }
}

#[tokio::test]
async fn taken_is_the_same_by_range_and_by_list() {
    let store = common::open_fresh().await;
    let now = Timestamp::from_millis(1_000_000);
    let mut tx = store.write().await.unwrap();
    tx.insert_account(&Account {
        id: AccountId::parse("9900001").unwrap(),
        company_name: "c".into(),
        created_at: now,
    })
    .await
    .unwrap();
    for (tn, status, hold) in [
        (BASE + 1, NumberStatus::Inservice, None),
        (BASE + 2, NumberStatus::Reserved, Some(999_999)), // ended: not held
        (BASE + 3, NumberStatus::Reserved, Some(2_000_000)),
        (BASE + 4, NumberStatus::Aging, Some(1_000_000)), // ends now: not held
        (BASE + 5, NumberStatus::Inservice, None),        // in the range, not asked
        (BASE + 9_999, NumberStatus::Inservice, None),
    ] {
        assert!(
            tx.insert_number_if_absent(&row(tn, status, hold))
                .await
                .unwrap()
        );
    }
    tx.commit().await.unwrap();
    let ask = |n: u64| -> Vec<u64> {
        (0..n)
            .map(|i| BASE + i * 2)
            .chain([BASE + 1, BASE + 3])
            .collect()
    };
    let taken = async |tns: &[u64]| {
        let mut got = store.read().await.unwrap().taken(tns, now).await.unwrap();
        got.sort_unstable();
        got
    };
    assert_eq!(taken(&ask(10)).await, [BASE + 1, BASE + 3], "by list");
    assert_eq!(taken(&ask(1_000)).await, [BASE + 1, BASE + 3], "by range");

    // More held numbers in the range than candidates: the probe gives up
    // and the lists answer.
    let mut tx = store.write().await.unwrap();
    for i in 0..1_000 {
        tx.insert_number_if_absent(&row(BASE + 5_000 + i, NumberStatus::Inservice, None))
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    for n in [300, 600] {
        let mut tns = ask(n);
        tns.extend([BASE + 5_010, BASE + 9_999]);
        assert_eq!(
            taken(&tns).await,
            [BASE + 1, BASE + 3, BASE + 5_010, BASE + 9_999]
        );
    }

    let mut r = store.read().await.unwrap();
    let counts = r
        .count_taken_in_ranges(&[
            (BASE, BASE + 9),
            (BASE + 5_000, BASE + 5_999),
            (BASE + 10_000, BASE + 10_999),
        ])
        .await
        .unwrap();
    assert_eq!(counts, [5, 1_000, 0]);
    assert!(r.count_taken_in_ranges(&[]).await.unwrap().is_empty());
}
