//! Coverage of the embedded plan: every geographic US/CA area code in
//! service has exchanges, overlays share the geography of the area they
//! overlay (and only that), and exchanges name the carriers NANPA lists.

use std::collections::HashSet;

use tnhub_nanp::{Geography, Npa, NpaKind, NpaNxx, NpaService, Ocn, Source, Tn};

fn geo() -> &'static Geography {
    Geography::embedded()
}

fn npa(s: &str) -> Npa {
    Npa::parse(s).unwrap()
}

/// Geographic US/CA area codes that offer nothing. Must match the
/// generator's `NOT_IN_SERVICE` (documented in `data/SOURCES.md`): every
/// area code libphonenumber knows is either in NANPA's assignments or an
/// overlay whose exchanges are derived, so the list is empty today.
const NOT_IN_SERVICE: &[&str] = &[];

#[test]
fn every_geographic_us_ca_area_code_in_service_has_exchanges() {
    let g = geo();
    let mut walked = 0;
    let mut not_in_service = Vec::new();
    for info in g.npas() {
        let geographic =
            info.kind == NpaKind::Geographic && matches!(&*info.region_code, "US" | "CA");
        let count = g.exchanges_in_npa(info.npa).len();
        if !geographic {
            assert_eq!(info.service, NpaService::Outside, "{}", info.npa);
            assert_eq!(count, 0, "{} is not geographic US/CA", info.npa);
            continue;
        }
        walked += 1;
        match info.service {
            NpaService::NotInService => {
                assert_eq!(count, 0, "{}", info.npa);
                not_in_service.push(info.npa.to_string());
            }
            NpaService::Assigned | NpaService::Derived => {
                assert!(count > 0, "{} has no exchanges", info.npa)
            }
            NpaService::Outside => panic!("{} is geographic US/CA", info.npa),
        }
        if info.service == NpaService::Derived {
            assert!(!info.overlays.is_empty(), "{}", info.npa);
            assert!(
                g.exchanges_in_npa(info.npa)
                    .all(|e| e.source == Source::DerivedOverlay && e.ocn.is_none())
            );
        }
    }
    assert_eq!(walked, 415, "US and Canadian geographic area codes");
    assert_eq!(not_in_service, NOT_IN_SERVICE);
}

#[test]
fn the_issue_s_empty_area_codes_now_have_exchanges() {
    let g = geo();
    for code in [
        "917", "929", "628", "669", "424", "747", "657", "470", "346", "737", "945", "984", "331",
        "551", "725", "647", "587",
    ] {
        let n = g.exchanges_in_npa(npa(code)).len();
        assert!(n > 50, "{code}: {n} exchanges");
    }
}

fn cities_of(g: &Geography, code: &str) -> HashSet<String> {
    g.exchanges_in_npa(npa(code))
        .map(|e| e.city.to_string())
        .collect()
}

#[test]
fn overlays_share_their_area_s_places_and_no_other() {
    let g = geo();
    // 934 is Suffolk County (631): never Manhattan.
    let suffolk = cities_of(g, "631");
    let e934 = cities_of(g, "934");
    assert!(!e934.is_empty() && e934.is_subset(&suffolk), "{e934:?}");
    assert!(!e934.contains("New York"));
    assert!(g.npa(npa("934")).unwrap().city.is_none());
    // 628 is San Francisco (415).
    assert!(cities_of(g, "628").is_subset(&cities_of(g, "415")));
    assert!(cities_of(g, "628").contains("San Francisco"));
    // 647 is Toronto (416).
    assert!(cities_of(g, "647").is_subset(&cities_of(g, "416")));
    assert!(cities_of(g, "647").contains("Toronto"));
    // 917 and 929 are New York City: found by city=New York.
    let nyc: HashSet<u16> = g
        .exchanges_in_city("NY", "New York")
        .map(|e| e.npa().get())
        .collect();
    for code in [212, 646, 332, 718, 347, 917, 929] {
        assert!(nyc.contains(&code), "{code} not in New York");
    }
    assert!(!nyc.contains(&934) && !nyc.contains(&631) && !nyc.contains(&516));
    // Derived places say so.
    assert!(
        g.exchanges_in_npa(npa("934"))
            .all(|e| e.place_source == Source::DerivedOverlay)
    );
}

#[test]
fn area_codes_opened_later_mirror_the_area_they_overlay() {
    let g = geo();
    let info = g.npa(npa("983")).unwrap(); // Denver, after the data's date
    assert_eq!(info.service, NpaService::Derived);
    assert_eq!(info.overlays, vec![npa("303"), npa("720")]);
    let denver = cities_of(g, "303")
        .union(&cities_of(g, "720"))
        .cloned()
        .collect::<HashSet<_>>();
    assert!(cities_of(g, "983").is_subset(&denver));
    let e = g.exchanges_in_npa(npa("983")).next().unwrap();
    assert_eq!(g.carrier_of(e.npa_nxx.tn(1234).unwrap()), None);
}

#[test]
fn numbers_name_the_carrier_holding_their_block_or_code() {
    let g = geo();
    let tn = |s: &str| Tn::parse(s).unwrap();
    // 917-200 is pooled: block 0 is Bandwidth's, block 1 Omnipoint's.
    assert!(g.is_pooled(NpaNxx::parse("917200").unwrap()));
    let b0 = g.carrier_of(tn("9172000123")).unwrap();
    assert_eq!(b0.ocn, Ocn::parse("997E").unwrap());
    assert!(b0.name.starts_with("BANDWIDTH.COM CLEC"), "{}", b0.name);
    assert_eq!(&*b0.kind, "CLEC");
    let b1 = g.carrier_of(tn("9172001123")).unwrap();
    assert_eq!(b1.ocn, Ocn::parse("6622").unwrap());
    // 201-200 is held by Verizon New Jersey (RBOC).
    let vz = g.carrier_of(tn("2012005555")).unwrap();
    assert_eq!(vz.ocn, Ocn::parse("9206").unwrap());
    assert_eq!(&*vz.kind, "RBOC");
    assert_eq!(
        g.exchange(NpaNxx::parse("201200").unwrap()).unwrap().ocn,
        Some(vz.ocn)
    );
    assert!(g.carrier_count() > 3000);
    // Most exchanges name their code holder.
    let held = g.exchanges().iter().filter(|e| e.ocn.is_some()).count();
    assert!(held * 10 > g.exchanges().len() * 8, "{held}");
}
