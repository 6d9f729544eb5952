//! The acceptance walk of the default inventory: every geographic US/CA
//! area code in service offers numbers by `areaCode`, real exchanges of
//! each by `npaNxx`, and overlays are found where they really are. Run on
//! the inventory engine directly (the HTTP tests check a few by hand).

use std::collections::HashSet;

use tnhub_nanp::{Geography, Npa, NpaKind, NpaNxx, NpaService, Source, ZipCode};

use crate::inventory::Inventory;
use crate::inventory::draw::Drawer;
use crate::inventory::query::GeoFilter;

fn inv() -> Inventory {
    Inventory::build(Some(Geography::embedded()), &[], 0)
}

fn draw(inv: &Inventory, f: &GeoFilter, n: usize) -> Vec<tnhub_nanp::Tn> {
    Drawer::new(inv, inv.spans(f), None)
        .draw(n, &mut HashSet::new())
        .into_iter()
        .map(|c| c.tn)
        .collect()
}

fn geographic() -> impl Iterator<Item = &'static tnhub_nanp::NpaInfo> {
    Geography::embedded()
        .npas()
        .iter()
        .filter(|n| n.kind == NpaKind::Geographic && matches!(&*n.region_code, "US" | "CA"))
}

#[test]
fn every_area_code_in_service_offers_numbers_by_area_code() {
    let inv = inv();
    let mut walked = 0;
    for info in geographic() {
        if info.service == NpaService::NotInService {
            continue;
        }
        walked += 1;
        let f = GeoFilter {
            area_code: Some(info.npa),
            ..GeoFilter::default()
        };
        let got = draw(&inv, &f, 5);
        assert_eq!(got.len(), 5, "areaCode={} offers {}", info.npa, got.len());
        assert!(got.iter().all(|tn| tn.npa() == info.npa));
    }
    assert!(walked >= 415, "{walked}");
    let c = inv.coverage(Geography::embedded());
    assert_eq!(c.area_codes_total, 415);
    assert_eq!(c.area_codes_offered, walked);
    assert!(c.area_codes_derived > 30, "{}", c.area_codes_derived);
    assert!(c.exchanges > 200_000, "{}", c.exchanges);
    assert!(
        c.empty
            .iter()
            .all(|e| e.reason.starts_with("not in service"))
    );
    // Nothing sold: every area code is empty, and says why.
    let none = Inventory::build(None, &[], 0).coverage(Geography::embedded());
    assert_eq!(none.empty.len(), 415);
    assert!(!none.default_inventory);
    assert!(none.empty[0].reason.contains("not sold"));
}

#[test]
fn real_exchanges_of_every_area_code_are_offered_by_npa_nxx() {
    let inv = inv();
    let geo = Geography::embedded();
    for info in geographic() {
        let assigned: Vec<NpaNxx> = geo
            .exchanges_in_npa(info.npa)
            .filter(|e| e.source == Source::Nanpa)
            .map(|e| e.npa_nxx)
            .collect();
        if info.service == NpaService::Assigned {
            assert!(!assigned.is_empty(), "{}", info.npa);
        }
        // A sample: the first, middle and last assigned exchange.
        let n = assigned.len();
        for nn in [0, n / 2, n.saturating_sub(1)]
            .into_iter()
            .filter_map(|i| assigned.get(i))
        {
            let f = GeoFilter {
                npa_nxx: Some(*nn),
                lca: false,
                ..GeoFilter::default()
            };
            let got = draw(&inv, &f, 2);
            assert_eq!(got.len(), 2, "npaNxx={nn}");
            assert!(got.iter().all(|tn| tn.npa_nxx() == *nn));
        }
    }
}

fn city_filter(state: &str, city: &str) -> GeoFilter {
    GeoFilter {
        state: Some(state.into()),
        city: Some(city.into()),
        ..GeoFilter::default()
    }
}

/// The area codes a filter's blocks lie in.
fn npas_of(inv: &Inventory, f: &GeoFilter) -> HashSet<u16> {
    inv.spans(f)
        .iter()
        .map(|s| (s.first / 10_000_000) as u16)
        .collect()
}

#[test]
fn overlays_are_found_where_they_really_are() {
    let inv = inv();
    let nyc = npas_of(&inv, &city_filter("NY", "New York"));
    for code in [212, 646, 332, 718, 347, 917, 929] {
        assert!(nyc.contains(&code), "city=New York lacks {code}");
    }
    assert!(!nyc.contains(&934) && !nyc.contains(&631));
    // zip=10001 (Manhattan) never offers Long Island's 934.
    let manhattan = GeoFilter {
        zip: Some(ZipCode::parse("10001").unwrap()),
        ..GeoFilter::default()
    };
    let zip_npas = npas_of(&inv, &manhattan);
    assert!(
        zip_npas.contains(&212) && !zip_npas.contains(&934),
        "{zip_npas:?}"
    );
    // 934 numbers are Long Island places (those of 631).
    let li: HashSet<String> = Geography::embedded()
        .exchanges_in_npa(Npa::new(631).unwrap())
        .map(|e| e.city.to_string())
        .collect();
    let f934 = GeoFilter {
        area_code: Npa::new(934),
        ..GeoFilter::default()
    };
    for s in inv.spans(&f934) {
        let city = inv.attrs(s.block).city.as_deref().unwrap();
        assert!(li.contains(city), "934 in {city}");
    }
    assert!(npas_of(&inv, &city_filter("CA", "San Francisco")).contains(&628));
    assert!(npas_of(&inv, &city_filter("ON", "Toronto")).contains(&647));
    // Every search kind reaches an overlay opened after the data's date.
    let denver = npas_of(&inv, &city_filter("CO", "Denver"));
    assert!(denver.contains(&983) && denver.contains(&303));
}
