//! Property tests of the number rules, toll-free patterns and vanity letters.

use proptest::prelude::*;
use tnhub_nanp::{
    Npa, NpaClass, NpaNxx, Nxx, TOLL_FREE_NPAS, Tn, TollFreePattern, is_offerable, is_toll_free,
    npa_class, vanity_digits, vanity_lines, vanity_matches,
};

const KEYPAD: [(char, &str); 8] = [
    ('2', "ABC"),
    ('3', "DEF"),
    ('4', "GHI"),
    ('5', "JKL"),
    ('6', "MNO"),
    ('7', "PQRS"),
    ('8', "TUV"),
    ('9', "WXYZ"),
];

fn valid_npa() -> impl Strategy<Value = Npa> {
    (200u16..1000).prop_filter_map("valid NPA", Npa::new)
}

fn valid_nxx() -> impl Strategy<Value = Nxx> {
    (200u16..1000).prop_filter_map("valid NXX", Nxx::new)
}

fn valid_tn() -> impl Strategy<Value = Tn> {
    (valid_npa(), valid_nxx(), 0u16..10_000)
        .prop_map(|(a, b, l)| NpaNxx::from_parts(a, b).tn(l).unwrap())
}

proptest! {
    // Failures are reported, not written into the source tree.
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_parsed_tn_round_trips(s in "(\\+1|1)?[0-9]{10}") {
        if let Ok(tn) = Tn::parse(&s) {
            let shown = tn.to_string();
            prop_assert_eq!(shown.len(), 10);
            prop_assert!(s.ends_with(&shown));
            prop_assert_eq!(Tn::parse(&shown).unwrap(), tn);
            prop_assert_eq!(Tn::from_u64(tn.as_u64()), Some(tn));
            prop_assert_eq!(Tn::parse(&tn.e164()).unwrap(), tn);
            let (npa, nxx, line) = (tn.npa(), tn.nxx(), tn.line());
            prop_assert_eq!(format!("{npa}{nxx}{line:04}"), shown);
            prop_assert_eq!(tn.npa_nxx().get(), u32::from(npa.get()) * 1000 + u32::from(nxx.get()));
        }
    }

    #[test]
    fn valid_parts_always_parse(tn in valid_tn()) {
        prop_assert_eq!(Tn::parse(&tn.to_string()).unwrap(), tn);
        prop_assert_eq!(Tn::parse(&format!("1{tn}")).unwrap(), tn);
    }

    #[test]
    fn wrong_lengths_never_parse(s in "[0-9]{0,9}|[0-9]{12,14}") {
        prop_assert!(Tn::parse(&s).is_err());
    }

    #[test]
    fn garbage_never_panics(s in "\\PC{0,16}") {
        let _ = Tn::parse(&s);
        let _ = Npa::parse(&s);
        let _ = NpaNxx::parse(&s);
        let _ = TollFreePattern::parse(&s);
        let _ = vanity_digits(&s);
    }

    #[test]
    fn vanity_maps_each_letter(word in "[A-Za-z0-9]{1,20}") {
        let digits = vanity_digits(&word).unwrap();
        prop_assert_eq!(digits.len(), word.len());
        for (c, d) in word.chars().zip(digits.chars()) {
            if c.is_ascii_digit() {
                prop_assert_eq!(c, d);
            } else {
                let (key, _) = KEYPAD.iter().find(|(_, letters)| letters.contains(c.to_ascii_uppercase())).unwrap();
                prop_assert_eq!(*key, d);
            }
        }
    }

    #[test]
    fn wildcards_only_yield_active_toll_free(s in "8[0-9*][0-9*]|[0-9*]{3}") {
        if let Ok(p) = TollFreePattern::parse(&s) {
            prop_assert!(s.starts_with('8'));
            for npa in p.npas() {
                prop_assert!(is_toll_free(npa));
                prop_assert!(TOLL_FREE_NPAS.contains(&npa));
                prop_assert!(p.matches(npa));
            }
            // ...and miss none.
            let expected: Vec<Npa> = TOLL_FREE_NPAS.iter().copied().filter(|n| p.matches(*n)).collect();
            prop_assert_eq!(p.npas(), expected);
        } else {
            prop_assert!(!s.starts_with('8'));
        }
    }

    #[test]
    fn fiction_numbers_are_never_offerable(npa in valid_npa(), line in 100u16..200) {
        let tn = NpaNxx::from_parts(npa, Nxx::new(555).unwrap()).tn(line).unwrap();
        prop_assert!(!is_offerable(tn));
    }

    #[test]
    fn n11_exchanges_never_parse(npa in valid_npa(), n in 2u16..10, line in 0u16..10_000) {
        let s = format!("{npa}{n}11{line:04}");
        prop_assert!(Tn::parse(&s).is_err());
        prop_assert!(Tn::from_u64(s.parse().unwrap()).is_none());
    }

    #[test]
    fn random_candidates_filtered_by_is_offerable_are_never_reserved(n in 2_000_000_000u64..10_000_000_000) {
        if let Some(tn) = Tn::from_u64(n).filter(|&tn| is_offerable(tn)) {
            let nxx = tn.nxx().get();
            prop_assert!(!matches!(nxx, 555 | 950 | 958 | 959));
            prop_assert!(nxx % 100 != 11 && nxx >= 200);
            prop_assert!(matches!(npa_class(tn.npa()), NpaClass::Geographic | NpaClass::TollFree));
            let npa = tn.npa().get();
            if npa / 100 == 8 && npa / 10 % 10 == npa % 10 {
                prop_assert!(is_toll_free(tn.npa()), "8YY but not active toll-free: {}", tn);
            }
            prop_assert!(
                !matches!(npa, 822 | 880..=889 | 900 | 500 | 521..=529 | 532 | 533 | 544 | 566 | 577 | 588
                    | 200 | 300 | 400 | 600 | 700 | 456 | 622 | 633 | 710) || npa == 888,
                "non-geographic area code offered: {}", tn
            );
        }
    }

    #[test]
    fn vanity_lines_agree_with_matching(nxx in valid_nxx(), p in "[0-9]{1,7}", ends_in in any::<bool>()) {
        let fast: Vec<u16> = vanity_lines(nxx, &p, ends_in).collect();
        prop_assert!(fast.windows(2).all(|w| w[0] < w[1]));
        let exch = NpaNxx::from_parts(Npa::new(919).unwrap(), nxx);
        for &line in &fast {
            prop_assert!(vanity_matches(exch.tn(line).unwrap(), &p, ends_in));
        }
        // Spot-check completeness on a sample of lines.
        for line in (0u16..10_000).step_by(37) {
            let m = vanity_matches(exch.tn(line).unwrap(), &p, ends_in);
            prop_assert_eq!(m, fast.binary_search(&line).is_ok(), "line {}", line);
        }
    }
}
