//! Unit tests of the places index (ownership, exclusions, offerability
//! per exchange), kept in their own file so the module stays short.

use super::super::BlockRecord;
use super::sweep::exchange_offerable;
use super::*;
use tnhub_nanp::{Tn, is_offerable};

fn record(first: u64, last: u64, rc: &str, city: &str) -> BlockRecord {
    BlockRecord {
        first,
        last,
        excluded: false,
        state: Some("NC".into()),
        city: Some(city.into()),
        rate_center: Some(rc.into()),
        lata: Some(426),
        zip: None,
        tier: None,
        vendor_id: None,
        vendor_name: None,
        protected: false,
    }
}

#[test]
fn embedded_places_are_whole_offerable_exchanges_with_stable_ids() {
    let inv = Inventory::build(Some(Geography::embedded()), &[], 0);
    let started = std::time::Instant::now();
    let places = Places::build(&inv);
    eprintln!(
        "places of the embedded inventory built in {:?}",
        started.elapsed()
    );
    let raleigh = places.exchanges_in_npa(919);
    assert!(raleigh.len() > 50);
    assert!(
        raleigh
            .iter()
            .all(|e| e.numbers == 10_000 && e.npa_nxx / 1_000 == 919)
    );
    assert!(
        places
            .exchanges()
            .iter()
            .all(|e| exchange_offerable(u64::from(e.npa_nxx)))
    );
    let nc: Vec<_> = places.rate_centers_in("nc").collect();
    let rc = nc
        .iter()
        .find(|r| &*r.abbreviation == "RALEIGH")
        .expect("RALEIGH");
    assert_eq!((rc.name.as_str(), rc.lata), ("RALEIGH", Some(426)));
    assert!(places.cities_in("NC").iter().any(|c| c.name == "RALEIGH"));
    // No collisions among the embedded rate centres: every id is its name's.
    for r in places.rate_centers() {
        assert_eq!(
            r.id,
            rate_center_id(&r.state, &r.abbreviation),
            "{}",
            r.abbreviation
        );
        assert_eq!(places.rate_center(r.id), Some(r));
    }
    assert!(
        !places.zip_codes(rc).is_empty(),
        "Raleigh has reference ZIPs"
    );
}

#[test]
fn narrowest_block_owns_and_exclusions_sell_nothing() {
    let mut excluded = record(9_192_122_000, 9_192_122_099, "X", "X");
    excluded.excluded = true;
    let mut cary = record(9_192_121_000, 9_192_121_999, "CARY", "Cary");
    cary.zip = Some("27511".into());
    cary.tier = Some(2);
    let records = [
        record(9_192_120_000, 9_192_129_999, "RALEIGHX", "Raleigh"),
        cary,
        excluded,
        // 555 may never be offered, whatever an operator says.
        record(9_195_550_000, 9_195_559_999, "RALEIGHX", "Raleigh"),
    ];
    let inv = Inventory::build(None, &records, 1);
    let places = Places::build(&inv);
    let [ex] = places.exchanges() else {
        panic!("{:?}", places.exchanges())
    };
    assert_eq!((ex.npa_nxx, ex.numbers), (919_212, 9_900));
    assert_eq!(
        ex.ranges,
        vec![
            (9_192_120_000, 9_192_121_999),
            (9_192_122_100, 9_192_129_999)
        ]
    );
    let rcs: Vec<_> = places.rate_centers_in("NC").collect();
    assert_eq!(rcs.len(), 2);
    assert_eq!((&*rcs[0].abbreviation, rcs[0].numbers), ("CARY", 1_000));
    assert_eq!(
        (rcs[0].tiers.clone(), rcs[0].block_zips.len()),
        (vec![2], 1)
    );
    assert_eq!(rcs[1].numbers, 8_900);
    assert_eq!(rcs[1].ranges.len(), 2);
    let cities: Vec<_> = places
        .cities_in("nc")
        .iter()
        .map(|c| (c.name.as_str(), c.numbers))
        .collect();
    assert_eq!(cities, vec![("CARY", 1_000), ("RALEIGH", 8_900)]);
}

#[test]
fn offerability_is_decided_per_exchange() {
    for exchange in [
        919_212, 919_555, 919_950, 919_958, 900_212, 800_212, 822_555,
    ] {
        let whole = exchange_offerable(exchange);
        for line in 0..10_000 {
            let tn = Tn::from_u64(exchange * 10_000 + line);
            assert_eq!(tn.is_some_and(is_offerable), whole, "{exchange}{line:04}");
        }
    }
}
