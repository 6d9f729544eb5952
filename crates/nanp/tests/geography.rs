//! The embedded reference geography: counts, coverage and lookups.

use std::collections::HashSet;
use std::time::Instant;

use tnhub_nanp::{
    Country, Geography, Lata, Npa, NpaKind, NpaNxx, Nxx, Source, TOLL_FREE_NPAS, US_STATES,
    ZipCode, is_offerable, is_reserved_nxx,
};

fn geo() -> &'static Geography {
    Geography::embedded()
}

#[test]
fn parses_quickly_enough_and_reports_the_time() {
    let start = Instant::now();
    let g = Geography::parse_embedded().expect("embedded data parses");
    let took = start.elapsed();
    let zips_start = Instant::now();
    let zips = g.zips().len();
    let zips_took = zips_start.elapsed();
    println!(
        "start-up parse: {} exchanges, {} NPAs, {} LATAs in {took:?}; ZIP table ({zips}) on first use in {zips_took:?} \
         (debug build; release is several times faster)",
        g.exchanges().len(),
        g.npas().len(),
        g.latas().len()
    );
    // Generous: this also runs unoptimised. Release is measured by
    // `cargo run --release -p tnhub-nanp --example parse_time`.
    assert!(took.as_secs() < 10 && zips_took.as_secs() < 10);
}

#[test]
fn has_over_200000_exchanges_in_every_state() {
    let g = geo();
    assert!(g.exchanges().len() > 200_000, "{}", g.exchanges().len());
    let assigned = g
        .exchanges()
        .iter()
        .filter(|e| e.source == Source::Nanpa)
        .count();
    assert!(assigned > 200_000, "{assigned} NANPA-assigned exchanges");
    let geocoded = g
        .exchanges()
        .iter()
        .filter(|e| e.place_source == Source::Libphonenumber)
        .count();
    assert!(
        geocoded > 30_000,
        "{geocoded} exchanges geocoded by libphonenumber"
    );
    let states: HashSet<&str> = g.states().iter().map(|s| &**s).collect();
    for (code, name) in US_STATES {
        assert!(states.contains(code), "no exchanges in {name}");
    }
    for province in ["ON", "QC", "BC", "AB", "MB", "SK", "NS", "NB", "NL", "PE"] {
        assert!(states.contains(province), "no exchanges in {province}");
    }
}

#[test]
fn every_exchange_is_valid_and_indexed() {
    let g = geo();
    let mut last = None;
    for e in g.exchanges() {
        assert!(Some(e.npa_nxx) > last, "sorted and unique");
        last = Some(e.npa_nxx);
        // Round-trip through the parsers.
        assert_eq!(Npa::parse(&e.npa().to_string()).unwrap(), e.npa());
        assert_eq!(Nxx::parse(&e.nxx().to_string()).unwrap(), e.nxx());
        assert!(!is_reserved_nxx(e.nxx()), "{}", e.npa_nxx);
        assert!(is_offerable(e.npa_nxx.tn(2000).unwrap()), "{}", e.npa_nxx);
        assert_eq!(g.exchange(e.npa_nxx), Some(e));
        assert!(
            !e.rate_center.is_empty() && e.rate_center.len() <= 10,
            "{}",
            e.rate_center
        );
        assert!(
            e.rate_center
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        );
        assert_eq!(e.rate_center_source, Source::Derived);
        assert_eq!(e.lata.is_some(), e.lata_source.is_some());
        if e.country == Country::Ca {
            assert_eq!(e.lata, Some(Lata::parse("888").unwrap()));
        }
    }
    let with_lata = g.exchanges().iter().filter(|e| e.lata.is_some()).count();
    let with_location = g
        .exchanges()
        .iter()
        .filter(|e| e.location.is_some())
        .count();
    assert!(with_lata * 100 > g.exchanges().len() * 99, "{with_lata}");
    assert!(
        with_location * 100 > g.exchanges().len() * 99,
        "{with_location}"
    );
}

#[test]
fn raleigh_nc_has_rate_center_and_lata() {
    let g = geo();
    let raleigh: Vec<_> = g.exchanges_in_city("NC", "RALEIGH").collect();
    assert!(raleigh.len() > 20, "{}", raleigh.len());
    for e in &raleigh {
        assert_eq!(&*e.state, "NC");
        assert_eq!(&*e.city, "Raleigh");
        assert_eq!(&*e.rate_center, "RALEIGH");
        assert_eq!(e.lata, Some(Lata::parse("426").unwrap()));
        assert_eq!(e.lata_source, Some(Source::Approx));
        assert_eq!(e.time_zone.as_deref(), Some("America/New_York"));
    }
    assert!(raleigh.iter().any(|e| e.npa().get() == 919));
    assert_eq!(g.exchanges_in_city("nc", "Raleigh").len(), raleigh.len());
    assert_eq!(
        g.exchanges_in_city(" NC ", "  raleigh ").len(),
        raleigh.len()
    );
    assert_eq!(
        g.exchanges_in_rate_center("NC", "RALEIGH").len(),
        raleigh.len()
    );
    assert_eq!(g.exchanges_in_city("SC", "Raleigh").len(), 0);
    let in_919 = g.exchanges_in_npa(Npa::parse("919").unwrap());
    assert!(in_919.len() > 100);
    let lata_426 = g.exchanges_in_lata(Lata::parse("426").unwrap());
    assert!(lata_426.clone().all(|e| &*e.state == "NC"));
    assert!(lata_426.len() > raleigh.len());
}

#[test]
fn toronto_is_in_canada() {
    let g = geo();
    let toronto: Vec<_> = g.exchanges_in_city("ON", "Toronto").collect();
    assert!(toronto.iter().any(|e| e.npa().get() == 416));
    assert!(toronto.iter().all(|e| e.country == Country::Ca));
    let e416 = g
        .exchange(NpaNxx::parse("416203").unwrap())
        .expect("416-203");
    assert_eq!(&*e416.city, "Toronto");
    assert_eq!(e416.country, Country::Ca);
    // 437 overlays 416 (and 647): NANPA-assigned exchanges with 416's places.
    let in_416: HashSet<&str> = g
        .exchanges_in_npa(Npa::parse("416").unwrap())
        .map(|e| &*e.city)
        .collect();
    let e437: Vec<_> = g.exchanges_in_npa(Npa::parse("437").unwrap()).collect();
    assert!(e437.len() > 200, "{}", e437.len());
    assert!(e437.iter().all(|e| e.source == Source::Nanpa
        && e.place_source == Source::DerivedOverlay
        && in_416.contains(&*e.city)));
    assert!(e437.iter().any(|e| &*e.city == "Toronto"));
}

#[test]
fn npa_level_cities_cover_their_area_code() {
    let g = geo();
    for (npa, city) in [
        ("212", "New York"),
        ("312", "Chicago"),
        ("213", "Los Angeles"),
        ("202", "Washington"),
    ] {
        let ex: Vec<_> = g.exchanges_in_npa(Npa::parse(npa).unwrap()).collect();
        assert!(ex.len() > 500, "{npa}");
        assert!(
            ex.iter().all(|e| &*e.city == city
                && e.source == Source::Nanpa
                && e.place_source == Source::LibphonenumberNpa),
            "{npa}"
        );
        assert!(
            ex.iter()
                .all(|e| !matches!(e.nxx().get(), 555 | 950 | 958 | 959))
        );
    }
    assert!(g.states().iter().any(|s| &**s == "DC"));
}

#[test]
fn city_and_rate_center_matching_is_tolerant() {
    let g = geo();
    let a = g.exchanges_in_city("NC", "Winston-Salem").len();
    assert!(a > 0);
    assert_eq!(g.exchanges_in_city("nc", "WINSTON SALEM").len(), a);
    assert_eq!(g.exchanges_in_city("NC", "winstonsalem").len(), a);
    let jc = g.exchanges_in_rate_center("NJ", "JERSEYCITY").len();
    assert!(jc > 0);
    assert_eq!(g.exchanges_in_rate_center("nj", "Jersey City").len(), jc);
    let stl = g.exchanges_in_city("MO", "St. Louis").len();
    assert!(stl > 0);
    assert_eq!(g.exchanges_in_city("MO", "Saint Louis").len(), stl);
    assert_eq!(g.exchanges_in_city("MO", "ST LOUIS").len(), stl);
    // A long rate-centre name finds its 10-character abbreviation.
    let long = g
        .exchanges()
        .iter()
        .find(|e| e.city.len() > 12 && e.city.contains(' '))
        .unwrap();
    assert!(
        g.exchanges_in_rate_center(&long.state, &long.city).len() > 0,
        "{}",
        long.city
    );
}

#[test]
fn npas_cover_us_and_canada() {
    let g = geo();
    let us_geo = g
        .npas()
        .iter()
        .filter(|n| &*n.region_code == "US" && n.kind == NpaKind::Geographic)
        .count();
    let ca_geo = g
        .npas()
        .iter()
        .filter(|n| &*n.region_code == "CA" && n.kind == NpaKind::Geographic)
        .count();
    assert!(us_geo > 300, "{us_geo}");
    assert!(ca_geo > 40, "{ca_geo}");
    for npa in TOLL_FREE_NPAS {
        assert_eq!(g.npa(npa).map(|n| n.kind), Some(NpaKind::TollFree), "{npa}");
    }
    let nc = g.npa(Npa::parse("919").unwrap()).unwrap();
    assert_eq!(nc.state.as_deref(), Some("NC"));
    assert_eq!(nc.time_zones.len(), 1);
    assert_eq!(
        g.npa(Npa::parse("212").unwrap()).unwrap().city.as_deref(),
        Some("New York")
    );
    assert_eq!(
        g.npa(Npa::parse("900").unwrap()).unwrap().kind,
        NpaKind::PremiumRate
    );
    // Every exchange's NPA is a known geographic NPA.
    for e in g.exchanges() {
        assert_eq!(
            g.npa(e.npa()).map(|n| n.kind),
            Some(NpaKind::Geographic),
            "{}",
            e.npa_nxx
        );
    }
}

#[test]
fn zips_lead_to_exchanges() {
    let g = geo();
    assert!(g.zips().len() > 40_000);
    let z = g.zip(ZipCode::parse("27601").unwrap()).unwrap();
    assert_eq!(&*z.state, "NC");
    assert_eq!(z.prefix_city.as_deref(), Some("Raleigh"));
    let ex: Vec<_> = g
        .exchanges_for_zip(ZipCode::parse("27601-1234").unwrap())
        .collect();
    assert!(!ex.is_empty() && ex.iter().all(|e| &*e.city == "Raleigh"));
    assert_eq!(
        g.exchanges_for_zip(ZipCode::parse("00000").unwrap()).len(),
        0
    );
    let with_prefix = g.zips().iter().filter(|z| z.prefix_city.is_some()).count();
    assert!(with_prefix * 10 > g.zips().len() * 9, "{with_prefix}");
    // Every prefix city resolves to exchanges.
    for z in g.zips().iter().filter(|z| z.prefix_city.is_some()) {
        assert!(g.exchanges_for_zip(z.zip).len() > 0, "{}", z.zip);
    }
}

#[test]
fn latas_cover_every_state() {
    let g = geo();
    let states: HashSet<&str> = g
        .latas()
        .iter()
        .flat_map(|l| l.anchors.iter().map(|a| &*a.state))
        .collect();
    for (code, _) in US_STATES {
        assert!(states.contains(code), "{code}");
    }
    let raleigh = g.lata(Lata::parse("426").unwrap()).unwrap();
    assert_eq!(&*raleigh.name, "Raleigh");
    for e in g.exchanges().iter().filter(|e| e.country == Country::Us) {
        if let Some(lata) = e.lata {
            let info = g.lata(lata).expect("LATA in the anchor table");
            assert!(
                info.anchors.iter().any(|a| a.state == e.state),
                "{} {}",
                e.npa_nxx,
                lata
            );
        }
    }
}

#[test]
fn cities_and_rate_centers_lists() {
    let g = geo();
    let cities = g.cities("nc");
    assert!(cities.len() > 100);
    let raleigh = cities.iter().find(|c| &*c.name == "Raleigh").unwrap();
    assert_eq!(&*raleigh.rate_center, "RALEIGH");
    assert!(
        cities
            .windows(2)
            .all(|w| w[0].name.to_uppercase() <= w[1].name.to_uppercase())
    );
    let rcs = g.rate_centers("NC");
    assert!(
        rcs.iter()
            .any(|r| &*r.abbreviation == "RALEIGH" && r.lata == Some(Lata::parse("426").unwrap()))
    );
    let total: usize = rcs.iter().map(|r| r.exchange_count).sum();
    assert_eq!(total, g.exchanges_in_state("NC").len());
    assert!(g.cities("XX").is_empty());
}

#[test]
fn from_parts_indexes_operator_records() {
    use std::sync::Arc;
    use tnhub_nanp::Exchange;
    let mk = |npa_nxx: &str, state: &str, city: &str, rc: &str| Exchange {
        npa_nxx: NpaNxx::parse(npa_nxx).unwrap(),
        country: Country::Us,
        state: Arc::from(state),
        city: Arc::from(city),
        rate_center: Arc::from(rc),
        rate_center_source: Source::Operator,
        lata: Some(Lata::parse("426").unwrap()),
        lata_source: Some(Source::Operator),
        location: None,
        time_zone: None,
        source: Source::Operator,
        place_source: Source::Operator,
        ocn: None,
    };
    let g = Geography::from_parts(
        vec![
            mk("919228", "nc", "Raleigh", "RALEIGH"),
            mk("919221", "NC", "Raleigh", "RALEIGH"),
            mk("919228", "NC", "Cary", "CARY"), // later record wins
        ],
        Vec::new(),
        Vec::new(),
        Vec::new(),
    );
    assert_eq!(g.exchanges().len(), 2);
    assert_eq!(
        &*g.exchange(NpaNxx::parse("919228").unwrap()).unwrap().city,
        "Cary"
    );
    assert_eq!(g.exchanges_in_city("NC", "raleigh").len(), 1);
    assert_eq!(g.exchanges_in_rate_center("nc", "CARY").len(), 1);
    assert_eq!(g.exchanges_in_state("nc").len(), 2);
    assert_eq!(g.states().len(), 1);
    assert!(g.zips().is_empty());
    assert!(g.zip(ZipCode::parse("27601").unwrap()).is_none());
}
