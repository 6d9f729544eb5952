//! Orders of every kind: rows round-trip and change, lists filter and page
//! by id, counts match the lists, history and notes keep their order, and
//! orders accepted as a group are stored as if one by one.

use std::sync::Arc;

use tnhub_core::ids::PeerId;
use tnhub_core::order::{HistoryEntry, OrderFilter, OrderKind, OrderRow};
use tnhub_core::store::NewOrder;
use tnhub_core::{Store, Timestamp};

use crate::{T0, account_id, at, order_row, seeded_with_peer};

/// UUIDv7-like ids: they sort by `n`, as real ones sort by creation time.
fn id(n: u32) -> String {
    format!("0190a0a0-{n:04x}-7000-8000-000000000000")
}

/// An order comes back as stored, only through its own account (or by id
/// alone), and an update changes every mutable field, JSON and all.
pub async fn orders_round_trip(store: Arc<dyn Store>) {
    let (acct, site, peer) = seeded_with_peer(&store).await;
    let stored = OrderRow {
        status: "RECEIVED".into(),
        customer_order_id: Some("cust-1".into()),
        name: Some("first order".into()),
        created_by: "alice".into(),
        site_id: Some(site),
        peer_id: Some(peer),
        tn_count: 3,
        request: r#"{"tns":["9195550100","9195550101","9195550102"],"note":"ünïcode ✓"}"#.into(),
        ..order_row(&id(1), &acct, OrderKind::NewNumber, T0)
    };
    let mut tx = store.write().await.unwrap();
    tx.insert_order(&stored).await.unwrap();
    assert_eq!(tx.order_by_id(&id(1)).await.unwrap(), Some(stored.clone()));
    tx.commit().await.unwrap();

    let mut r = store.read().await.unwrap();
    assert_eq!(r.order(&acct, &id(1)).await.unwrap(), Some(stored.clone()));
    assert_eq!(r.order(&account_id("9900002"), &id(1)).await.unwrap(), None);
    assert_eq!(r.order_by_id(&id(1)).await.unwrap(), Some(stored.clone()));
    assert_eq!(r.order_by_id(&id(2)).await.unwrap(), None);
    drop(r);

    let changed = OrderRow {
        status: "COMPLETE".into(),
        customer_order_id: None,
        name: Some("renamed".into()),
        peer_id: Some(PeerId::new(peer.get())),
        site_id: None,
        tn_count: 2,
        request: r#"{"tns":["9195550100","9195550101"]}"#.into(),
        result: r#"{"completed":["9195550100"],"failed":[{"tn":"9195550101","code":5005}]}"#.into(),
        updated_at: at(7),
        completed_at: Some(at(7)),
        ..stored.clone()
    };
    let mut tx = store.write().await.unwrap();
    // Read for update inside the transaction, as the worker does.
    assert!(tx.order(&acct, &id(1)).await.unwrap().is_some());
    tx.update_order(&changed).await.unwrap();
    tx.commit().await.unwrap();
    let got = store
        .read()
        .await
        .unwrap()
        .order(&acct, &id(1))
        .await
        .unwrap();
    assert_eq!(got, Some(changed));
}

/// Lists are per account, filtered by kind, statuses, site, creation
/// time (inclusive), customer order id and creator, oldest (lowest id)
/// first, paged from an id on with a limit; counts agree with them.
pub async fn order_lists_filter_and_page(store: Arc<dyn Store>) {
    let (acct, site, _) = seeded_with_peer(&store).await;
    let other = account_id("9900002");
    let mut rows = Vec::new();
    for n in 1..=9u32 {
        let kind = match n % 3 {
            0 => OrderKind::Disconnect,
            1 => OrderKind::NewNumber,
            _ => OrderKind::PortIn,
        };
        rows.push(OrderRow {
            status: if n <= 4 { "COMPLETE" } else { "FAILED" }.into(),
            customer_order_id: (n % 2 == 0).then(|| format!("c-{}", n % 4)),
            created_by: if n <= 6 { "alice" } else { "bob" }.into(),
            site_id: (n >= 5).then_some(site),
            ..order_row(&id(n), &acct, kind, at(i64::from(n) * 10))
        });
    }
    rows.push(order_row(&id(10), &other, OrderKind::NewNumber, at(50)));
    // Inserted out of order: lists sort by id, not by insertion.
    let mut tx = store.write().await.unwrap();
    for row in rows.iter().rev() {
        tx.insert_order(row).await.unwrap();
    }
    tx.commit().await.unwrap();

    let mut r = store.read().await.unwrap();
    let mut list = async |f: OrderFilter, from: Option<u32>, limit: u32| -> (Vec<u32>, u64) {
        let from = from.map(id);
        let got = r.orders(&acct, &f, from.as_deref(), limit).await.unwrap();
        let count = r.count_orders(&acct, &f).await.unwrap();
        // The bounded count stops at its limit and is exact below it.
        for limit in [0, 2, 100] {
            let upto = r.count_orders_upto(&acct, &f, limit).await.unwrap();
            assert_eq!(upto, count.min(limit), "counted up to {limit}");
        }
        let ns = got
            .iter()
            .map(|o| u32::from_str_radix(&o.id[9..13], 16).unwrap())
            .collect();
        (ns, count)
    };
    let none = OrderFilter::default;
    assert_eq!(list(none(), None, 100).await, ((1..=9).collect(), 9));
    let cases: Vec<(OrderFilter, Vec<u32>)> = vec![
        (
            OrderFilter {
                kind: Some(OrderKind::PortIn),
                ..none()
            },
            vec![2, 5, 8],
        ),
        (
            OrderFilter {
                kind: Some(OrderKind::MoveTns),
                ..none()
            },
            vec![],
        ),
        (
            OrderFilter {
                statuses: vec!["COMPLETE".into()],
                ..none()
            },
            vec![1, 2, 3, 4],
        ),
        (
            OrderFilter {
                statuses: vec!["FAILED".into(), "COMPLETE".into()],
                ..none()
            },
            (1..=9).collect(),
        ),
        (
            OrderFilter {
                statuses: vec!["complete".into()],
                ..none()
            },
            vec![],
        ),
        (
            OrderFilter {
                site_id: Some(site),
                ..none()
            },
            vec![5, 6, 7, 8, 9],
        ),
        (
            OrderFilter {
                from: Some(at(30)),
                ..none()
            },
            (3..=9).collect(),
        ),
        (
            OrderFilter {
                to: Some(at(30)),
                ..none()
            },
            vec![1, 2, 3],
        ),
        (
            OrderFilter {
                from: Some(at(30)),
                to: Some(at(50)),
                ..none()
            },
            vec![3, 4, 5],
        ),
        (
            OrderFilter {
                customer_order_id: Some("c-2".into()),
                ..none()
            },
            vec![2, 6],
        ),
        (
            OrderFilter {
                created_by: Some("bob".into()),
                ..none()
            },
            vec![7, 8, 9],
        ),
        (
            OrderFilter {
                kind: Some(OrderKind::NewNumber),
                statuses: vec!["FAILED".into()],
                site_id: Some(site),
                created_by: Some("bob".into()),
                ..none()
            },
            vec![7],
        ),
    ];
    for (f, want) in cases {
        let n = want.len() as u64;
        assert_eq!(list(f.clone(), None, 100).await, (want, n), "{f:?}");
    }
    // Paging from an id on (inclusive), the count unaffected.
    assert_eq!(list(none(), None, 4).await, (vec![1, 2, 3, 4], 9));
    assert_eq!(list(none(), Some(5), 4).await, (vec![5, 6, 7, 8], 9));
    assert_eq!(list(none(), Some(9), 4).await, (vec![9], 9));
    let failed = OrderFilter {
        statuses: vec!["FAILED".into()],
        ..none()
    };
    assert_eq!(list(failed, Some(6), 2).await, (vec![6, 7], 5));
    // Newest first pages down from the cursor (inclusive).
    let newest = || OrderFilter {
        newest_first: true,
        ..none()
    };
    assert_eq!(list(newest(), None, 4).await, (vec![9, 8, 7, 6], 9));
    assert_eq!(list(newest(), Some(5), 4).await, (vec![5, 4, 3, 2], 9));
    assert_eq!(list(newest(), Some(1), 4).await, (vec![1], 9));
    assert_eq!(
        r.orders(&other, &none(), None, 100).await.unwrap().len(),
        1,
        "the other account sees only its own"
    );
}

/// History entries and notes come back oldest first, per order, with
/// every field; note ids are the database's, increasing, and a note
/// changes only through its own order.
pub async fn order_history_and_notes(store: Arc<dyn Store>) {
    let (acct, _, _) = seeded_with_peer(&store).await;
    let entry = |s: i64, status: &str, note: Option<&str>, diff: Option<&str>| HistoryEntry {
        at: at(s),
        status: status.into(),
        note: note.map(str::to_string),
        author: if note.is_some() { "alice" } else { "System" }.into(),
        difference: diff.map(str::to_string),
    };
    let history = [
        entry(0, "RECEIVED", Some("Order received"), None),
        entry(0, "PROCESSING", None, Some("<Status>PROCESSING</Status>")),
        entry(
            5,
            "COMPLETE",
            Some("Order completed; 2 of 3 numbers"),
            Some("x"),
        ),
    ];
    let mut tx = store.write().await.unwrap();
    for n in [1, 2] {
        tx.insert_order(&order_row(&id(n), &acct, OrderKind::PortIn, T0))
            .await
            .unwrap();
    }
    for h in &history {
        tx.add_history(&id(1), h).await.unwrap();
    }
    tx.add_history(&id(2), &history[0]).await.unwrap();
    let n1 = tx.add_note(&id(1), "alice", "first", at(1)).await.unwrap();
    let n2 = tx
        .add_note(&id(2), "bob", "other order", at(2))
        .await
        .unwrap();
    let n3 = tx
        .add_note(&id(1), "bob", "second, ünïcode", at(3))
        .await
        .unwrap();
    assert!(n1 < n2 && n2 < n3, "{n1} {n2} {n3}");
    tx.commit().await.unwrap();

    let mut tx = store.write().await.unwrap();
    assert!(
        tx.update_note(&id(1), n1, "first, edited", at(9))
            .await
            .unwrap()
    );
    assert!(
        !tx.update_note(&id(2), n1, "wrong order", at(9))
            .await
            .unwrap()
    );
    assert!(
        !tx.update_note(&id(1), n3 + 1000, "no such note", at(9))
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();

    let mut r = store.read().await.unwrap();
    assert_eq!(r.history(&id(1)).await.unwrap(), history.to_vec());
    assert_eq!(r.history(&id(2)).await.unwrap(), vec![history[0].clone()]);
    assert!(r.history(&id(3)).await.unwrap().is_empty());
    let notes = r.notes(&id(1)).await.unwrap();
    let seen: Vec<_> = notes
        .iter()
        .map(|n| {
            (
                n.id,
                n.order_id.as_str(),
                n.user.as_str(),
                n.description.as_str(),
                n.created_at,
                n.updated_at,
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (n1, id(1).as_str(), "alice", "first, edited", at(1), at(9)),
            (n3, id(1).as_str(), "bob", "second, ünïcode", at(3), at(3)),
        ]
    );
    let other = r.notes(&id(2)).await.unwrap();
    assert_eq!(
        (other.len(), other[0].description.as_str()),
        (1, "other order")
    );
}

/// Orders accepted as a group come back exactly as orders inserted one by
/// one: each row, its first history entry and its job (a job already
/// queued for the same subject keeps the earlier time, as `enqueue_job`
/// does). A group of one and an empty group work too.
pub async fn new_orders_are_stored_as_a_group(store: Arc<dyn Store>) {
    let (acct, site, peer) = seeded_with_peer(&store).await;
    let rows: Vec<OrderRow> = (1..=5)
        .map(|n| OrderRow {
            customer_order_id: (n % 2 == 0).then(|| format!("cust-{n}")),
            site_id: Some(site),
            peer_id: Some(peer),
            tn_count: n,
            request: format!(r#"{{"n":{n},"text":"ünïcode ✓ 'quoted'"}}"#),
            ..order_row(&id(n), &acct, OrderKind::NewNumber, at(i64::from(n)))
        })
        .collect();
    let entries: Vec<HistoryEntry> = rows
        .iter()
        .map(|r| HistoryEntry {
            at: r.created_at,
            status: "RECEIVED".into(),
            note: Some(format!("received {}", r.id)),
            author: "alice".into(),
            difference: None,
        })
        .collect();
    let group = |range: std::ops::Range<usize>| -> Vec<NewOrder<'_>> {
        range
            .map(|i| NewOrder {
                order: &rows[i],
                history: &entries[i],
                job_kind: "order",
                job_due: rows[i].created_at,
            })
            .collect()
    };
    let mut tx = store.write().await.unwrap();
    // The last order's job exists already, due earlier: it keeps that time.
    tx.enqueue_job("order", &rows[4].id, T0, T0).await.unwrap();
    tx.insert_new_orders(&[]).await.unwrap();
    tx.insert_new_orders(&group(0..1)).await.unwrap();
    tx.insert_new_orders(&group(1..5)).await.unwrap();
    tx.commit().await.unwrap();

    let mut r = store.read().await.unwrap();
    for (row, entry) in rows.iter().zip(&entries) {
        assert_eq!(r.order(&acct, &row.id).await.unwrap().as_ref(), Some(row));
        assert_eq!(r.history(&row.id).await.unwrap(), vec![entry.clone()]);
    }
    drop(r);
    let mut tx = store.write().await.unwrap();
    let mut jobs = tx.claim_due_jobs(at(10), 100).await.unwrap();
    jobs.sort_by(|a, b| a.subject.cmp(&b.subject));
    let got: Vec<(&str, &str, Timestamp)> = jobs
        .iter()
        .map(|j| (j.kind.as_str(), j.subject.as_str(), j.run_at))
        .collect();
    let want: Vec<(&str, &str, Timestamp)> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            (
                "order",
                r.id.as_str(),
                if i == 4 { T0 } else { r.created_at },
            )
        })
        .collect();
    assert_eq!(got, want);
}

/// Orders counted by kind and status, and by day of creation from a date
/// on, for some accounts or for every account (the console's overview).
pub async fn order_counts_by_status_and_day(store: Arc<dyn Store>) {
    use tnhub_core::order::{DayCount, StatusCount};
    let (acct, _, _) = seeded_with_peer(&store).await;
    let other = account_id("9900002");
    const DAY: i64 = 86_400;
    let mut tx = store.write().await.unwrap();
    for (n, (account, kind, status, secs)) in [
        (&acct, OrderKind::NewNumber, "COMPLETE", 0),
        (&acct, OrderKind::NewNumber, "COMPLETE", DAY),
        (&acct, OrderKind::NewNumber, "FAILED", DAY),
        (&acct, OrderKind::PortIn, "FOC", DAY),
        (&other, OrderKind::NewNumber, "COMPLETE", 2 * DAY),
    ]
    .into_iter()
    .enumerate()
    {
        let row = OrderRow {
            status: status.into(),
            ..order_row(&id(n as u32 + 1), account, kind, at(secs))
        };
        tx.insert_order(&row).await.unwrap();
    }
    tx.commit().await.unwrap();

    let count = |kind, status: &str, count| StatusCount {
        kind,
        status: status.into(),
        count,
    };
    let mut r = store.read().await.unwrap();
    let mine = r
        .order_status_counts(Some(std::slice::from_ref(&acct)))
        .await
        .unwrap();
    assert_eq!(
        mine,
        [
            count(OrderKind::NewNumber, "COMPLETE", 2),
            count(OrderKind::NewNumber, "FAILED", 1),
            count(OrderKind::PortIn, "FOC", 1),
        ]
    );
    let all = r.order_status_counts(None).await.unwrap();
    assert_eq!(all[0], count(OrderKind::NewNumber, "COMPLETE", 3));
    assert_eq!(all.len(), 3);
    assert!(r.order_status_counts(Some(&[])).await.unwrap().is_empty());

    let first = T0.millis() / (DAY * 1_000);
    let day = |d: i64, status: &str, count| DayCount {
        day: first + d,
        status: status.into(),
        count,
    };
    let since = r.order_days(None, at(DAY)).await.unwrap();
    assert_eq!(
        since,
        [
            day(1, "COMPLETE", 1),
            day(1, "FAILED", 1),
            day(1, "FOC", 1),
            day(2, "COMPLETE", 1),
        ]
    );
    let mine = r
        .order_days(Some(std::slice::from_ref(&acct)), T0)
        .await
        .unwrap();
    assert_eq!(mine.iter().map(|d| d.count).sum::<u64>(), 4);
    assert_eq!(mine[0], day(0, "COMPLETE", 1));
}
