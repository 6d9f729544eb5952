//! Property-based fuzzing of the search-query parser (bounded cases, run by
//! `cargo test`): any set of parameters, known names with arbitrary values
//! or arbitrary names, is parsed or refused with a [`CoreError`], never a
//! panic. Failing inputs are kept in `proptest-regressions/`.

use proptest::prelude::*;

use super::SearchQuery;

const NAMES: &[&str] = &[
    "areacode",
    "npanxx",
    "npanxxx",
    "ratecenter",
    "state",
    "city",
    "zip",
    "lata",
    "localvanity",
    "endsin",
    "tollfreevanity",
    "tollfreewildcardpattern",
    "quantity",
    "enabletndetail",
    "lca",
    "orderby",
    "protected",
];

fn params() -> impl Strategy<Value = Vec<(String, String)>> {
    let name = prop_oneof![
        proptest::sample::select(NAMES).prop_map(str::to_string),
        "[a-z]{1,8}",
    ];
    let value = prop_oneof!["[0-9]{0,12}", "[A-Za-z*0-9 ]{0,12}", "\\PC{0,12}"];
    proptest::collection::vec((name, value), 0..5)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1_000, ..ProptestConfig::default() })]

    #[test]
    fn any_parameters_are_parsed_or_refused(p in params()) {
        let _ = SearchQuery::parse_search(p.as_slice(), |_| true);
        let _ = SearchQuery::parse_search(p.as_slice(), |_| false);
    }
}
