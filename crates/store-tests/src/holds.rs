//! What holds a number besides a sale: reservations and aging periods hold
//! it until their `hold_until` (and are then released, oldest first, a few
//! at a time), port-in and operator holds never expire, and the checks a
//! search makes (`taken`, `count_taken_in_ranges`) agree with all of that.

use std::sync::Arc;

use tnhub_core::number::{NumberFeatures, NumberRecord, NumberStatus};
use tnhub_core::store::NumberQuery;
use tnhub_core::{Store, Timestamp};

use crate::{account_id, at, insert_numbers, number, seeded_with_peer};

fn reservation(tn: &str, owner: &str, id: &str, until: Timestamp) -> NumberRecord {
    NumberRecord {
        reservation_id: Some(id.into()),
        hold_until: Some(until),
        ..number(tn, Some(owner), NumberStatus::Reserved)
    }
}

fn tn(n: &str) -> u64 {
    n.parse().unwrap()
}

async fn taken(store: &Arc<dyn Store>, tns: &[&str], now: Timestamp) -> Vec<String> {
    let asked: Vec<u64> = tns.iter().map(|t| tn(t)).collect();
    let mut got: Vec<String> = store
        .read()
        .await
        .unwrap()
        .taken(&asked, now)
        .await
        .unwrap()
        .iter()
        .map(|t| format!("{t:010}"))
        .collect();
    got.sort();
    got
}

async fn release(store: &Arc<dyn Store>, now: Timestamp, limit: u32) -> Vec<NumberRecord> {
    let mut tx = store.write().await.unwrap();
    let mut released = tx.release_expired(now, limit).await.unwrap();
    tx.commit().await.unwrap();
    released.sort_by_key(|n| n.tn.to_string());
    released
}

/// A reservation holds its number for its account until `hold_until` (not
/// at it); its id is kept and listed; once ended it no longer counts as
/// taken, can be taken over by a versioned update, and the sweeper deletes
/// ended reservations oldest first, `limit` at a time, returning them.
pub async fn reservations_hold_until_they_end(store: Arc<dyn Store>) {
    seeded_with_peer(&store).await;
    let r1 = reservation(
        "9195550100",
        "9900001",
        "0b5c1f6e-1111-4c1a-9a4e-000000000001",
        at(100),
    );
    let r2 = reservation(
        "9195550101",
        "9900002",
        "0b5c1f6e-1111-4c1a-9a4e-000000000002",
        at(50),
    );
    insert_numbers(&store, &[r1.clone(), r2.clone()]).await;

    let asked = ["9195550100", "9195550101", "9195550102"];
    assert_eq!(
        taken(&store, &asked, at(10)).await,
        ["9195550100", "9195550101"]
    );
    assert_eq!(
        taken(&store, &asked, at(50)).await,
        ["9195550100"],
        "ends at hold_until"
    );
    assert!(taken(&store, &asked, at(100)).await.is_empty());

    let mut r = store.read().await.unwrap();
    let listed = r
        .numbers(&NumberQuery {
            accounts: vec![account_id("9900001")],
            statuses: vec![NumberStatus::Reserved],
            ..NumberQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(listed, vec![r1.clone()]);
    drop(r);

    assert!(release(&store, at(49), 10).await.is_empty());
    assert_eq!(release(&store, at(50), 10).await, vec![r2.clone()]);
    assert_eq!(
        store
            .read()
            .await
            .unwrap()
            .number("9195550101")
            .await
            .unwrap(),
        None
    );

    // Ended but not yet swept: another account takes it over by version.
    let mut tx = store.write().await.unwrap();
    let sold = NumberRecord {
        reservation_id: None,
        hold_until: None,
        in_service_at: Some(at(200)),
        ..number("9195550100", Some("9900002"), NumberStatus::Inservice)
    };
    assert!(tx.update_number(&sold, r1.version).await.unwrap());
    tx.commit().await.unwrap();
    assert!(
        release(&store, at(10_000), 10).await.is_empty(),
        "sold, not swept"
    );
    assert_eq!(taken(&store, &asked, at(10_000)).await, ["9195550100"]);

    // Many ended at once: the oldest go first, `limit` per sweep.
    let batch: Vec<NumberRecord> = (0..5)
        .map(|i| {
            let tn = format!("91955502{i:02}");
            reservation(
                &tn,
                "9900001",
                &format!("0b5c1f6e-2222-4c1a-9a4e-00000000000{i}"),
                at(500 - i),
            )
        })
        .collect();
    insert_numbers(&store, &batch).await;
    let first = release(&store, at(1_000), 2).await;
    assert_eq!(first, vec![batch[3].clone(), batch[4].clone()]);
    let rest = release(&store, at(1_000), 10).await;
    assert_eq!(rest, batch[..3].to_vec());
    assert!(release(&store, at(1_000), 10).await.is_empty());
}

/// A disconnected number ages: its row keeps the last owner (who may order
/// it back, keeping its settings) and holds the number until the aging
/// period ends; then it is released with everything it held. What decides
/// is the status: a row in service never expires, whatever `hold_until`.
pub async fn aging_numbers_return_when_their_period_ends(store: Arc<dyn Store>) {
    let (acct, site, peer) = seeded_with_peer(&store).await;
    let day = 86_400;
    let aging = |tn: &str, until: Timestamp| NumberRecord {
        order_id: Some("0190a0a0-0000-7000-8000-0000000000d1".into()),
        order_type: Some("DISCONNECT".into()),
        hold_until: Some(until),
        in_service_at: Some(at(1)),
        updated_at: at(2),
        features: NumberFeatures {
            port_out_passcode: Some("kept".into()),
            ..NumberFeatures::default()
        },
        ..number(tn, Some("9900001"), NumberStatus::Aging)
    };
    let a1 = aging("9195550100", at(90 * day));
    let a2 = aging("9195550101", at(90 * day + 1));
    // In service with a leftover hold_until in the past: never released.
    let stale = NumberRecord {
        site_id: Some(site),
        peer_id: Some(peer),
        hold_until: Some(at(1)),
        ..number("9195550102", Some("9900001"), NumberStatus::Inservice)
    };
    insert_numbers(&store, &[a1.clone(), a2.clone(), stale.clone()]).await;

    let asked = ["9195550100", "9195550101", "9195550102"];
    assert_eq!(taken(&store, &asked, at(89 * day)).await, asked);
    assert_eq!(
        taken(&store, &asked, at(90 * day)).await,
        ["9195550101", "9195550102"]
    );
    let listed = store
        .read()
        .await
        .unwrap()
        .count_numbers(&NumberQuery {
            accounts: vec![acct.clone()],
            statuses: vec![NumberStatus::Aging],
            ..NumberQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(listed, 2);

    // The last owner orders a2 back: a versioned update keeping its features.
    let back = NumberRecord {
        status: NumberStatus::Inservice,
        order_id: Some("0190a0a0-0000-7000-8000-0000000000e1".into()),
        order_type: Some("NEW_NUMBER_ORDER".into()),
        hold_until: None,
        site_id: Some(site),
        peer_id: Some(peer),
        ..a2.clone()
    };
    let mut tx = store.write().await.unwrap();
    assert!(tx.update_number(&back, 0).await.unwrap());
    tx.commit().await.unwrap();

    assert!(release(&store, at(90 * day - 1), 100).await.is_empty());
    assert_eq!(release(&store, at(365 * day), 100).await, vec![a1]);
    let mut r = store.read().await.unwrap();
    assert_eq!(r.number("9195550100").await.unwrap(), None);
    let kept = r.number("9195550101").await.unwrap().unwrap();
    assert_eq!(kept, NumberRecord { version: 1, ..back });
    assert_eq!(kept.features.port_out_passcode.as_deref(), Some("kept"));
    assert_eq!(r.number("9195550102").await.unwrap(), Some(stale));
    assert_eq!(r.count_site_numbers(site).await.unwrap(), 2);
}

/// A port-in holds its numbers (`PortInPendingFoc`, naming the port-in)
/// with no end, as do operator exclusions (of no account) and port-outs:
/// taken at any time, never swept, listed by their order; the port-in
/// ending moves or removes them by version.
pub async fn port_in_holds_never_expire(store: Arc<dyn Store>) {
    let (acct, _, _) = seeded_with_peer(&store).await;
    let port_in = "0190a0a0-0000-7000-8000-0000000000f1";
    let held = |tn: &str| NumberRecord {
        order_id: Some(port_in.into()),
        order_type: Some("PORT_NUMBER_ORDER".into()),
        ..number(tn, Some("9900001"), NumberStatus::PortInPendingFoc)
    };
    let p1 = held("9195550100");
    let p2 = NumberRecord {
        hold_until: Some(at(1)), // ignored: a port-in hold does not expire
        ..held("9195550101")
    };
    let excluded = number("9195550102", None, NumberStatus::Excluded);
    let port_out = number("9195550103", Some("9900001"), NumberStatus::PortOut);
    insert_numbers(
        &store,
        &[p1.clone(), p2.clone(), excluded.clone(), port_out],
    )
    .await;

    let asked = ["9195550100", "9195550101", "9195550102", "9195550103"];
    let far = Timestamp::from_millis(i64::MAX / 2);
    assert_eq!(taken(&store, &asked, far).await, asked);
    assert!(release(&store, far, 100).await.is_empty());

    let mut r = store.read().await.unwrap();
    let of_port_in = NumberQuery {
        accounts: vec![acct.clone()],
        order_id: Some(port_in.into()),
        statuses: vec![NumberStatus::PortInPendingFoc],
        ..NumberQuery::default()
    };
    assert_eq!(
        r.numbers(&of_port_in).await.unwrap(),
        vec![p1.clone(), p2.clone()]
    );
    // A row of no account is nobody's to list.
    let everything = NumberQuery {
        accounts: vec![acct.clone(), account_id("9900002")],
        ..NumberQuery::default()
    };
    assert_eq!(r.count_numbers(&everything).await.unwrap(), 3);
    assert_eq!(r.number("9195550102").await.unwrap(), Some(excluded));
    drop(r);

    // The port completes for one number and is cancelled for the other.
    let mut tx = store.write().await.unwrap();
    let ported = NumberRecord {
        status: NumberStatus::Inservice,
        in_service_at: Some(at(30)),
        attributes: vec!["External".into()],
        ..p1.clone()
    };
    assert!(tx.update_number(&ported, 0).await.unwrap());
    assert!(tx.delete_number("9195550101", 0).await.unwrap());
    tx.commit().await.unwrap();
    let mut r = store.read().await.unwrap();
    assert!(r.numbers(&of_port_in).await.unwrap().is_empty());
    assert_eq!(
        r.number("9195550100")
            .await
            .unwrap()
            .map(|n| (n.status, n.attributes)),
        Some((NumberStatus::Inservice, vec!["External".to_string()]))
    );
    drop(r);
    assert_eq!(
        taken(&store, &asked, far).await,
        ["9195550100", "9195550102", "9195550103"]
    );
}

/// `taken` answers the same for a few candidates and for many (where the
/// backends probe a whole range), skipping ended holds; duplicates and
/// numbers far apart are fine. `count_taken_in_ranges` counts every row in
/// each range, ended or not, in the order asked.
pub async fn taken_numbers_and_ranges(store: Arc<dyn Store>) {
    seeded_with_peer(&store).await;
    let base = 9_195_550_000u64;
    let mut rows = Vec::new();
    for i in 0..520u64 {
        let tn = format!("{}", base + 2 * i);
        rows.push(match i % 10 {
            0 => reservation(&tn, "9900001", &format!("r-{i}"), at(50)), // ends at 50
            1 => NumberRecord {
                hold_until: Some(at(200)),
                ..number(&tn, Some("9900001"), NumberStatus::Aging)
            },
            _ => number(&tn, Some("9900002"), NumberStatus::Inservice),
        });
    }
    rows.push(number(
        "2125550100",
        Some("9900001"),
        NumberStatus::Inservice,
    ));
    insert_numbers(&store, &rows).await;

    let held_at = |now: Timestamp, candidates: &[u64]| -> Vec<u64> {
        let mut v: Vec<u64> = (0..520u64)
            .filter(|i| {
                let ended = match i % 10 {
                    0 => now >= at(50),
                    1 => now >= at(200),
                    _ => false,
                };
                !ended
            })
            .map(|i| base + 2 * i)
            .filter(|t| candidates.contains(t))
            .collect();
        v.sort_unstable();
        v
    };
    let check = async |candidates: Vec<u64>, now: Timestamp, also: &[u64]| {
        let mut got = store
            .read()
            .await
            .unwrap()
            .taken(&candidates, now)
            .await
            .unwrap();
        got.sort_unstable();
        got.dedup();
        let mut want = held_at(now, &candidates);
        want.extend(also);
        want.sort_unstable();
        assert_eq!(got, want, "{} candidates at {now:?}", candidates.len());
    };
    // A few candidates; then a whole range of them; then more held numbers
    // in the range than candidates; then candidates far apart.
    let few: Vec<u64> = (0..40).map(|i| base + i).chain([base + 1]).collect();
    let range: Vec<u64> = (0..1_100).map(|i| base + i).collect();
    let dense: Vec<u64> = (0..520).map(|i| base + 2 * i).collect();
    let apart: Vec<u64> = range
        .iter()
        .copied()
        .chain([2_125_550_100, 6_465_550_100])
        .collect();
    for now in [at(0), at(50), at(200)] {
        check(few.clone(), now, &[]).await;
        check(range.clone(), now, &[]).await;
        check(dense.clone(), now, &[]).await;
        check(apart.clone(), now, &[2_125_550_100]).await;
    }

    let counts = store
        .read()
        .await
        .unwrap()
        .count_taken_in_ranges(&[
            (base, base + 1_039),
            (base, base + 9),
            (2_125_550_000, 2_125_559_999),
            (6_460_000_000, 6_469_999_999),
            (base + 1, base + 1),
        ])
        .await
        .unwrap();
    assert_eq!(counts, [520, 5, 1, 0, 0]);
    assert!(
        store
            .read()
            .await
            .unwrap()
            .count_taken_in_ranges(&[])
            .await
            .unwrap()
            .is_empty()
    );
}
