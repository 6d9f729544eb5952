//! Property-based fuzzing of the number parsers (bounded cases, run by
//! `cargo test`): any text is parsed or refused without a panic, and a
//! number that parses writes back as ten digits that parse to itself.
//! Failing inputs are kept in `proptest-regressions/` and replayed first.

use proptest::prelude::*;

use crate::{NpaNxx, Tn};

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    #[test]
    fn any_text_parses_or_is_refused(s in "\\PC{0,24}") {
        if let Ok(tn) = Tn::parse(&s) {
            let text = tn.to_string();
            prop_assert_eq!(text.len(), 10);
            prop_assert_eq!(Tn::parse(&text).unwrap(), tn);
        }
        let _ = NpaNxx::parse(&s);
    }

    #[test]
    fn number_like_text_round_trips(s in "[+]?1?[ (.-]{0,2}[0-9]{3}[) .-]{0,2}[0-9]{3}[ .-]?[0-9]{4}") {
        if let Ok(tn) = Tn::parse(&s) {
            prop_assert_eq!(Tn::parse(&tn.to_string()).unwrap(), tn);
        }
    }
}
