//! Listings of numbers (`/tns`, an account's numbers, a site's or an
//! order's): scoped to accounts, narrowed by every filter, in number order,
//! paged by a cursor, counted.

use std::sync::Arc;

use tnhub_core::Store;
use tnhub_core::number::{NumberGeo, NumberRecord, NumberStatus};
use tnhub_core::store::NumberQuery;

use crate::{account_id, at, insert_numbers, number, seeded_with_peer};

/// Listings: scoped to the given accounts, every filter narrowing them
/// (text filters ignoring the case of ASCII letters), in number order, paged by a cursor
/// number and a limit, and counted without the cursor and limit.
pub async fn number_listings_filter_and_page(store: Arc<dyn Store>) {
    let (acct, site, peer) = seeded_with_peer(&store).await;
    let other = account_id("9900002");
    let geo = |city: &str, state: &str, lata: u32, tier: u32| NumberGeo {
        city: Some(city.into()),
        state: Some(state.into()),
        rate_center: Some(city.replace(' ', "")),
        lata: Some(lata),
        tier,
        vendor_id: None,
        vendor_name: None,
    };
    let sold = |tn: &str, owner: &str, order: &str, day: i64, g: NumberGeo| NumberRecord {
        site_id: (owner == "9900001").then_some(site),
        peer_id: (owner == "9900001").then_some(peer),
        order_id: Some(order.into()),
        in_service_at: Some(at(day)),
        geo: g,
        ..number(tn, Some(owner), NumberStatus::Inservice)
    };
    insert_numbers(
        &store,
        &[
            sold(
                "9195550100",
                "9900001",
                "o-1",
                10,
                geo("RALEIGH", "NC", 426, 0),
            ),
            sold(
                "9195550101",
                "9900001",
                "o-1",
                20,
                geo("RALEIGH", "NC", 426, 0),
            ),
            sold(
                "2125550100",
                "9900001",
                "o-2",
                30,
                geo("NEW YORK", "NY", 132, 3),
            ),
            sold(
                "9195550102",
                "9900002",
                "o-3",
                10,
                geo("RALEIGH", "NC", 426, 0),
            ),
            NumberRecord {
                geo: geo("CARY", "NC", 426, 1),
                ..number("9195551200", Some("9900001"), NumberStatus::Reserved)
            },
            NumberRecord {
                geo: geo("DURHAM", "NC", 426, 0),
                ..number("9195560000", Some("9900001"), NumberStatus::Aging)
            },
        ],
    )
    .await;

    let mut r = store.read().await.unwrap();
    let mine = |q: NumberQuery| NumberQuery {
        accounts: vec![acct.clone()],
        ..q
    };
    let mut list = async |q: NumberQuery| -> (Vec<String>, u64) {
        let tns = r.numbers(&q).await.unwrap();
        let count = r.count_numbers(&q).await.unwrap();
        (tns.iter().map(|n| n.tn.to_string()).collect(), count)
    };
    let all_mine = [
        "2125550100",
        "9195550100",
        "9195550101",
        "9195551200",
        "9195560000",
    ];
    assert_eq!(
        list(NumberQuery::default()).await,
        (vec![], 0),
        "no accounts: nothing"
    );
    assert_eq!(
        list(mine(NumberQuery::default())).await,
        (all_mine.map(String::from).to_vec(), 5)
    );
    let both = NumberQuery {
        accounts: vec![acct.clone(), other.clone()],
        ..NumberQuery::default()
    };
    assert_eq!(list(both).await.1, 6);
    let cases: Vec<(NumberQuery, Vec<&str>)> = vec![
        (
            NumberQuery {
                site_id: Some(site),
                ..NumberQuery::default()
            },
            vec!["2125550100", "9195550100", "9195550101"],
        ),
        (
            NumberQuery {
                peer_id: Some(peer),
                ..NumberQuery::default()
            },
            vec!["2125550100", "9195550100", "9195550101"],
        ),
        (
            NumberQuery {
                statuses: vec![NumberStatus::Reserved, NumberStatus::Aging],
                ..NumberQuery::default()
            },
            vec!["9195551200", "9195560000"],
        ),
        (
            NumberQuery {
                city: Some("raleigh".into()),
                ..NumberQuery::default()
            },
            vec!["9195550100", "9195550101"],
        ),
        (
            NumberQuery {
                state: Some("ny".into()),
                ..NumberQuery::default()
            },
            vec!["2125550100"],
        ),
        (
            NumberQuery {
                rate_center: Some("Cary".into()),
                ..NumberQuery::default()
            },
            vec!["9195551200"],
        ),
        (
            NumberQuery {
                lata: Some(426),
                ..NumberQuery::default()
            },
            vec!["9195550100", "9195550101", "9195551200", "9195560000"],
        ),
        (
            NumberQuery {
                tier: Some(1),
                ..NumberQuery::default()
            },
            vec!["9195551200"],
        ),
        (
            NumberQuery {
                tier: Some(0),
                ..NumberQuery::default()
            },
            vec!["9195550100", "9195550101", "9195560000"],
        ),
        (
            NumberQuery {
                prefix: Some("919".into()),
                ..NumberQuery::default()
            },
            vec!["9195550100", "9195550101", "9195551200", "9195560000"],
        ),
        (
            NumberQuery {
                prefix: Some("919555".into()),
                ..NumberQuery::default()
            },
            vec!["9195550100", "9195550101", "9195551200"],
        ),
        (
            NumberQuery {
                prefix: Some("9195550".into()),
                ..NumberQuery::default()
            },
            vec!["9195550100", "9195550101"],
        ),
        (
            NumberQuery {
                prefix: Some("9195550101".into()),
                ..NumberQuery::default()
            },
            vec!["9195550101"],
        ),
        (
            NumberQuery {
                prefix: Some("646".into()),
                ..NumberQuery::default()
            },
            vec![],
        ),
        (
            NumberQuery {
                order_id: Some("o-1".into()),
                ..NumberQuery::default()
            },
            vec!["9195550100", "9195550101"],
        ),
        (
            NumberQuery {
                order_id: Some("o-3".into()),
                ..NumberQuery::default()
            },
            vec![],
        ),
        (
            NumberQuery {
                in_service_from: Some(at(15)),
                ..NumberQuery::default()
            },
            vec!["2125550100", "9195550101"],
        ),
        (
            NumberQuery {
                in_service_to: Some(at(20)),
                ..NumberQuery::default()
            },
            vec!["9195550100", "9195550101"],
        ),
        (
            NumberQuery {
                in_service_from: Some(at(20)),
                in_service_to: Some(at(20)),
                ..NumberQuery::default()
            },
            vec!["9195550101"],
        ),
        (
            NumberQuery {
                statuses: vec![NumberStatus::Inservice],
                prefix: Some("919".into()),
                city: Some("RALEIGH".into()),
                state: Some("NC".into()),
                ..NumberQuery::default()
            },
            vec!["9195550100", "9195550101"],
        ),
    ];
    for (q, want) in cases {
        let got = list(mine(q.clone())).await;
        assert_eq!(
            got,
            (
                want.iter().map(|s| s.to_string()).collect(),
                want.len() as u64
            ),
            "{q:?}"
        );
    }

    // Paging: ask for one more than a page; the extra one is the next cursor.
    let mut pages = Vec::new();
    let mut cursor = None;
    loop {
        let q = mine(NumberQuery {
            from_tn: cursor.clone(),
            limit: 3,
            ..NumberQuery::default()
        });
        let (mut tns, count) = list(q).await;
        assert_eq!(count, 5, "the count ignores the cursor and the limit");
        cursor = (tns.len() == 3).then(|| tns.pop().unwrap());
        pages.push(tns);
        if cursor.is_none() {
            break;
        }
    }
    assert_eq!(
        pages,
        [
            vec!["2125550100", "9195550100"],
            vec!["9195550101", "9195551200"],
            vec!["9195560000"]
        ]
    );
    let q = mine(NumberQuery {
        from_tn: Some("9195550101".into()),
        ..NumberQuery::default()
    });
    assert_eq!(list(q).await.0, ["9195550101", "9195551200", "9195560000"]);
    drop(r);

    // Case is folded for ASCII letters only, as SQLite's NOCASE does: the
    // same names match on every backend, whatever PostgreSQL's locale.
    insert_numbers(
        &store,
        &[NumberRecord {
            geo: geo("MONTRÉAL", "QC", 0, 0),
            ..number("5145550100", Some("9900001"), NumberStatus::Inservice)
        }],
    )
    .await;
    let mut r = store.read().await.unwrap();
    for (city, matches) in [("MONTRÉAL", true), ("montrÉal", true), ("montréal", false)] {
        let q = mine(NumberQuery {
            city: Some(city.into()),
            ..NumberQuery::default()
        });
        assert_eq!(
            r.count_numbers(&q).await.unwrap(),
            u64::from(matches),
            "{city}"
        );
    }
}
