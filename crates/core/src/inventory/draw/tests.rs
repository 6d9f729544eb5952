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
    // With LCA the exchange's rate centre (Raleigh) and those local to it
    // are offered; without, the exchange alone.
    let rate_centers = |f: &GeoFilter| -> HashSet<String> {
        inv.spans(f)
            .iter()
            .filter_map(|s| {
                inv.attrs(s.block)
                    .rate_center
                    .as_deref()
                    .map(str::to_string)
            })
            .collect()
    };
    let local: HashSet<String> = inv
        .local_calling_area("NC", "RALEIGH")
        .iter()
        .map(|(_, rc)| rc.to_string())
        .collect();
    assert!(local.len() > 3 && local.contains("CARY"), "{local:?}");
    let mut f = GeoFilter {
        npa_nxx: Some(NpaNxx::parse("919212").unwrap()),
        lca: true,
        ..GeoFilter::default()
    };
    assert_eq!(rate_centers(&f), local, "npaNxx with LCA");
    f.lca = false;
    let spans = inv.spans(&f);
    assert_eq!(spans.len(), 1, "npaNxx without LCA: the exchange");
    assert_eq!(spans[0].first / 10_000, 919_212);
    // A rate-centre search widens the same way.
    let mut f = GeoFilter {
        state: Some("NC".into()),
        rate_center: Some("RALEIGH".into()),
        lca: true,
        ..GeoFilter::default()
    };
    assert_eq!(rate_centers(&f), local, "rateCenter with LCA");
    f.lca = false;
    assert_eq!(
        rate_centers(&f),
        HashSet::from(["RALEIGH".to_string()]),
        "rateCenter without LCA"
    );
    // Other criteria still apply to the widened blocks.
    let f = GeoFilter {
        state: Some("NC".into()),
        rate_center: Some("RALEIGH".into()),
        area_code: Npa::new(984),
        lca: true,
        ..GeoFilter::default()
    };
    assert!(
        inv.spans(&f).iter().all(|s| s.first / 10_000_000 == 984),
        "the area code still filters"
    );
}

#[test]
fn protected_blocks_are_drawn_only_when_asked_for() {
    use crate::inventory::BlockRecord;
    use crate::inventory::query::Protected;
    let record = |first: u64, last: u64, protected: bool| BlockRecord {
        first,
        last,
        excluded: false,
        state: None,
        city: None,
        rate_center: None,
        lata: None,
        zip: None,
        tier: None,
        vendor_id: None,
        vendor_name: None,
        protected,
    };
    // An exchange with a protected thousands block inside it, and a
    // protected exchange elsewhere.
    let inv = Inventory::build_with_reference(
        None,
        Some(Geography::embedded()),
        &[
            record(9_192_120_000, 9_192_129_999, false),
            record(9_192_123_000, 9_192_123_999, true),
            record(9_194_600_000, 9_194_609_999, true),
        ],
        0,
    );
    let all = |d: Drawer| -> HashSet<u64> {
        d.all(&mut HashSet::new())
            .iter()
            .map(|c| c.tn.as_u64())
            .collect()
    };
    let area = GeoFilter {
        area_code: Npa::new(919),
        ..GeoFilter::default()
    };
    // A drawer not restricted (as orders' specific numbers and the
    // geography counts see the inventory) holds both.
    for (drawer, what) in [
        (Drawer::new(&inv, inv.spans(&area), None), "areaCode"),
        (Drawer::local(&inv, None), "unfiltered"),
    ] {
        assert_eq!(all(drawer).len(), 20_000, "{what}");
    }
    let count = |p: Protected| -> (usize, usize) {
        let got = all(Drawer::new(&inv, inv.spans(&area), None).protected(p));
        let protected = got
            .iter()
            .filter(|&&n| (9_192_123_000..=9_192_123_999).contains(&n) || n >= 9_194_600_000)
            .count();
        (got.len(), protected)
    };
    assert_eq!(count(Protected::None), (9_000, 0));
    assert_eq!(count(Protected::Only), (11_000, 11_000));
    assert_eq!(count(Protected::Mixed), (20_000, 11_000));
    let local = |p: Protected| all(Drawer::local(&inv, None).protected(p)).len();
    assert_eq!(
        (
            local(Protected::None),
            local(Protected::Only),
            local(Protected::Mixed)
        ),
        (9_000, 11_000, 20_000)
    );
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
        protected: false,
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
