//! Unit tests of the draw (what a search may offer and in what order),
//! kept in their own file so the module stays short.

use super::*;
use crate::inventory::query::GeoFilter;
use tnhub_nanp::{NpaNxx, NpaNxxX};

fn inv() -> Inventory {
    Inventory::build(Some(Geography::embedded()), &[], 0)
}

#[test]
fn area_code_draws_spread_over_the_area_code() {
    let inv = inv();
    let f = GeoFilter {
        area_code: Npa::new(919),
        ..GeoFilter::default()
    };
    let drawer = Drawer::new(&inv, inv.spans(&f), None);
    assert!(drawer.total() > 1_000_000);
    let mut seen = HashSet::new();
    let got = drawer.draw(200, &mut seen);
    assert_eq!(got.len(), 200);
    assert!(
        got.iter()
            .all(|c| c.tn.npa().get() == 919 && tnhub_nanp::is_offerable(c.tn))
    );
    let exchanges: HashSet<u32> = got.iter().map(|c| c.tn.npa_nxx().get()).collect();
    assert!(
        exchanges.len() > 20,
        "results should spread, got {} exchanges",
        exchanges.len()
    );
    // A second draw avoids what the first returned.
    let more = drawer.draw(50, &mut seen);
    assert!(more.iter().all(|c| !got.contains(c)));
}

#[test]
fn thousands_block_and_lca() {
    let inv = inv();
    let x = NpaNxxX::parse("9192121").unwrap();
    let f = GeoFilter {
        npa_nxx_x: Some(x),
        lca: false,
        ..GeoFilter::default()
    };
    let spans = inv.spans(&f);
    assert_eq!(
        spans.iter().map(|s| s.last - s.first + 1).sum::<u64>(),
        1_000
    );
    let f = GeoFilter {
        npa_nxx: Some(NpaNxx::parse("919212").unwrap()),
        lca: true,
        ..GeoFilter::default()
    };
    assert!(inv.spans(&f).len() > 1, "LCA widens to the rate centre");
}

#[test]
fn filters_intersect_and_unknown_places_match_nothing() {
    let inv = inv();
    let f = GeoFilter {
        state: Some("NC".into()),
        city: Some("raleigh".into()),
        ..GeoFilter::default()
    };
    let spans = inv.spans(&f);
    assert!(!spans.is_empty());
    assert!(
        spans
            .iter()
            .all(|s| inv.attrs(s.block).city.as_deref() == Some("Raleigh"))
    );
    let f = GeoFilter {
        state: Some("NC".into()),
        city: Some("Atlantis".into()),
        ..GeoFilter::default()
    };
    assert!(inv.spans(&f).is_empty());
    let f = GeoFilter {
        area_code: Npa::new(919),
        state: Some("CA".into()),
        ..GeoFilter::default()
    };
    assert!(inv.spans(&f).is_empty());
}

#[test]
fn vanity_draws_spell_the_word() {
    let inv = inv();
    let v = LocalVanity::parse("CALL", true).unwrap();
    let f = GeoFilter {
        area_code: Npa::new(919),
        ..GeoFilter::default()
    };
    let drawer = Drawer::new(&inv, inv.spans(&f), Some(&v));
    let got = drawer.draw(10, &mut HashSet::new());
    assert_eq!(got.len(), 10);
    assert!(got.iter().all(|c| c.tn.to_string().ends_with("2255")));
}

#[test]
fn block_of_agrees_with_a_scan_of_the_area_code() {
    use crate::inventory::BlockRecord;
    let record = |first: u64, last: u64, excluded: bool| BlockRecord {
        first,
        last,
        excluded,
        state: None,
        city: None,
        rate_center: None,
        lata: None,
        zip: None,
        tier: None,
        vendor_id: None,
        vendor_name: Some("Op".into()),
    };
    // Overlaps of every kind: an exchange replacing an embedded one, a
    // thousands-block and single numbers inside it, duplicates of the
    // same range, a range across exchanges, exclusions, toll-free.
    let records = [
        record(9_192_120_000, 9_192_129_999, false),
        record(9_192_121_000, 9_192_121_999, false),
        record(9_192_121_000, 9_192_121_999, false),
        record(9_192_121_500, 9_192_121_500, false),
        record(9_192_122_000, 9_192_122_099, true),
        record(9_192_125_000, 9_192_135_000, false),
        record(8_882_340_000, 8_882_349_999, false),
        record(8_882_345_000, 8_882_345_010, true),
    ];
    let inv = Inventory::build(Some(Geography::embedded()), &records, 1);
    // The rule, by brute force: the narrowest block of the area code
    // containing the number, the later one on a tie; none for a number
    // never offered or excluded.
    let scan = |tn: Tn| -> Option<u32> {
        let n = tn.as_u64();
        if !tnhub_nanp::is_offerable(tn) || inv.is_excluded(n) {
            return None;
        }
        inv.by_npa
            .get(&((n / 10_000_000) as u16))
            .into_iter()
            .flatten()
            .copied()
            .filter(|&b| inv.blocks[b as usize].first <= n && n <= inv.blocks[b as usize].last)
            .min_by_key(|&b| (inv.blocks[b as usize].len(), std::cmp::Reverse(b)))
    };
    let mut rng = rand::rng();
    let mut owned = 0;
    for i in 0..50_000u64 {
        let n = match i % 4 {
            0 => 9_192_120_000 + rng.random_range(0..20_000),
            1 => 9_192_100_000 + rng.random_range(0..1_000_000),
            2 => 8_882_300_000 + rng.random_range(0..100_000),
            _ => rng.random_range(2_000_000_000..9_999_999_999),
        };
        let Some(tn) = Tn::from_u64(n) else { continue };
        let want = scan(tn);
        owned += usize::from(want.is_some());
        assert_eq!(inv.block_of(tn), want, "{tn}");
    }
    assert!(owned > 25_000, "{owned}");
}

#[test]
fn the_local_drawer_is_the_unfiltered_one() {
    let inv = inv();
    let listed = Drawer::new(&inv, inv.spans(&GeoFilter::default()), None);
    let local = Drawer::local(&inv, None);
    assert_eq!(local.total(), listed.total());
    assert!(!local.is_small());
    let mut seen = HashSet::new();
    let got = local.draw(100, &mut seen);
    assert_eq!(got.len(), 100);
    assert!(got.iter().all(|c| !inv.attrs(c.block).toll_free));

    let v = LocalVanity::parse("CALL", true).unwrap();
    let local = Drawer::local(&inv, Some(&v));
    let got = local.draw(30, &mut HashSet::new());
    assert_eq!(got.len(), 30);
    assert!(got.iter().all(|c| v.matches(c.tn)));
    let npas: HashSet<u16> = got.iter().map(|c| c.tn.npa().get()).collect();
    assert!(npas.len() > 10, "vanity results spread: {npas:?}");
}

#[test]
fn vanity_draws_visit_every_span_when_short() {
    // Fewer matches than asked for: every span is visited (twice), each
    // match is found once.
    let inv = inv();
    let v = LocalVanity::parse("CALL", true).unwrap();
    let f = GeoFilter {
        npa_nxx: Some(NpaNxx::parse("919212").unwrap()),
        lca: false,
        ..GeoFilter::default()
    };
    let drawer = Drawer::new(&inv, inv.spans(&f), Some(&v));
    let all = drawer.all(&mut HashSet::new());
    let drawn = drawer.draw(10_000, &mut HashSet::new());
    assert!(!all.is_empty());
    assert_eq!(drawn.len(), all.len());
}

#[test]
fn small_inventories_are_enumerated() {
    let inv = inv();
    let f = GeoFilter {
        npa_nxx_x: Some(NpaNxxX::parse("9192121").unwrap()),
        lca: false,
        ..GeoFilter::default()
    };
    let drawer = Drawer::new(&inv, inv.spans(&f), None);
    assert!(drawer.is_small());
    let all = drawer.all(&mut HashSet::new());
    assert_eq!(all.len(), 1_000);
}
