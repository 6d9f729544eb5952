//! Tests of search parsing and the combination rules.

use super::*;

fn pairs(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|s| !s.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (k.to_ascii_lowercase(), v.to_string())
        })
        .collect()
}

fn parse(q: &str) -> Result<SearchQuery, CoreError> {
    SearchQuery::parse(pairs(q).as_slice(), |npa| npa.get() != 433)
}

/// As the search endpoint parses: the combination table first.
fn search(q: &str) -> Result<SearchQuery, CoreError> {
    SearchQuery::parse_search(pairs(q).as_slice(), |npa| npa.get() != 433)
}

fn code(q: &str) -> u32 {
    parse(q).unwrap_err().code.unwrap()
}

#[test]
fn valid_searches() {
    let q = parse("areaCode=919&quantity=10").unwrap();
    assert_eq!(q.quantity, 10);
    assert!(
        matches!(q.kind, SearchKind::Local { ref filter, vanity: None } if filter.area_code.unwrap().get() == 919)
    );
    assert_eq!(parse("state=NC").unwrap().quantity, MAX_QUANTITY);
    assert!(parse("rateCenter=RALEIGH&state=nc&LCA=false&orderBy=npaNxx").is_ok());
    assert!(parse("city=Raleigh&state=NC&zip=27606&areaCode=919").is_ok());
    assert!(parse("localVanity=CALL&endsIn=true&state=NC").is_ok());
    assert!(
        matches!(parse("tollFreeWildCardPattern=8**").unwrap().kind, SearchKind::TollFree { ref npas } if npas.len() == 7)
    );
    assert!(matches!(
        parse("tollFreeVanity=NEWCARS&quantity=1").unwrap().kind,
        SearchKind::TollFreeVanity(_)
    ));
    assert!(parse("npaNxxx=9192281&enableTNDetail=true").unwrap().detail);
}

#[test]
fn invalid_values_have_their_codes() {
    assert_eq!(code("areaCode=19"), codes::AREA_CODE);
    assert_eq!(code("areaCode=911"), codes::AREA_CODE);
    assert_eq!(code("areaCode=433"), codes::AREA_CODE);
    assert_eq!(code("npaNxx=91955"), codes::NPA_NXX);
    assert_eq!(code("npaNxxx=919555"), codes::NPA_NXX);
    assert_eq!(code("state=XX"), codes::STATE);
    assert_eq!(code("zip=2760"), codes::ZIP);
    assert_eq!(code("lata=abc"), codes::LATA);
    assert_eq!(
        code("tollFreeWildCardPattern=9**"),
        codes::TOLL_FREE_WILDCARD
    );
    assert_eq!(code("tollFreeVanity=CAR"), codes::TOLL_FREE_VANITY);
    assert_eq!(code("areaCode=919&quantity=0"), codes::QUANTITY);
    assert_eq!(code("areaCode=919&quantity=5001"), codes::QUANTITY);
    assert_eq!(code("areaCode=919&orderBy=price"), codes::ORDER_BY);
    assert_eq!(code("areaCode=919&protected=SOME"), codes::PROTECTED);
    assert_eq!(code("ratecenter=&state=NC"), codes::RATE_CENTER);
}

#[test]
fn invalid_combinations_are_4010() {
    for q in [
        "",
        "quantity=5",
        "city=Raleigh",
        "rateCenter=RALEIGH",
        "endsIn=true&areaCode=919",
        "localVanity=CALL&zip=27606",
        "tollFreeVanity=NEWCARS&areaCode=919",
        "tollFreeWildCardPattern=8**&state=NC",
        "tollFreeWildCardPattern=8**&tollFreeVanity=NEWCARS",
        "areaCode=919&LCA=maybe",
    ] {
        assert_eq!(code(q), codes::COMBINATION, "{q}");
    }
}

#[test]
fn protected_is_none_by_default() {
    assert_eq!(parse("areaCode=919").unwrap().protected, Protected::None);
    assert_eq!(
        parse("areaCode=919&protected=only").unwrap().protected,
        Protected::Only
    );
    assert_eq!(
        parse("areaCode=919&protected=MIXED").unwrap().protected,
        Protected::Mixed
    );
    assert!(Protected::None.allows(false) && !Protected::None.allows(true));
    assert!(!Protected::Only.allows(false) && Protected::Only.allows(true));
    assert!(Protected::Mixed.allows(false) && Protected::Mixed.allows(true));
}

#[test]
fn the_combination_table_allows_each_row_with_its_companions() {
    for q in [
        "areaCode=919",
        "areaCode=919&rateCenter=CARY&state=NC",
        "areaCode=919&city=Cary&state=NC",
        "areaCode=919&state=NC",
        "areaCode=919&lata=426",
        "areaCode=919&zip=27606",
        "areaCode=919&lata=426&zip=27606",
        "npaNxx=919212&orderBy=npaNxx&LCA=false",
        "npaNxx=919212&rateCenter=RALEIGH&state=NC",
        "npaNxxx=9192121&zip=27601&LCA=true",
        "rateCenter=RALEIGH&state=NC&city=Raleigh&npaNxx=919212&lata=426&zip=27601&orderBy=fullNumber&LCA=false",
        "state=NC&orderBy=areaCode",
        "state=NC&areaCode=919&LCA=false",
        "city=Raleigh&state=NC&npaNxxx=9192121",
        "zip=27601&lata=426",
        "lata=426&orderBy=npaNxxx",
        "localVanity=CALL&state=NC&areaCode=919&endsIn=true",
        "tollFreeVanity=NEWCARS&orderBy=fullNumber",
        "tollFreeWildCardPattern=8**&orderBy=areaCode",
        // Every type takes the general parameters; unknown ones are ignored.
        "areaCode=919&quantity=3&enableTNDetail=true&protected=MIXED&page=1",
        "localVanity=CALL&quantity=1&protected=ONLY",
    ] {
        assert!(search(q).is_ok(), "{q}: {:?}", search(q).err());
    }
}

#[test]
fn every_combination_outside_the_table_is_4010() {
    for q in [
        // The three numbering criteria exclude each other.
        "npaNxx=919212&npaNxxx=9192121",
        "areaCode=919&npaNxx=919212",
        "areaCode=919&npaNxxx=9192121&state=NC",
        // The areaCode row has no orderBy and no LCA.
        "areaCode=919&orderBy=fullNumber",
        "areaCode=919&LCA=false",
        // city or rateCenter needs state, whatever else is sent.
        "city=Raleigh&zip=27601",
        "rateCenter=RALEIGH&areaCode=919",
        // localVanity takes state, areaCode and endsIn only.
        "localVanity=CALL&lata=426",
        "localVanity=CALL&orderBy=fullNumber",
        "localVanity=CALL&LCA=false",
        "localVanity=CALL&npaNxxx=9192121",
        // Toll-free searches take orderBy only.
        "tollFreeVanity=NEWCARS&LCA=false",
        "tollFreeVanity=NEWCARS&endsIn=true",
        "tollFreeWildCardPattern=8**&state=NC",
        "tollFreeWildCardPattern=8**&tollFreeVanity=NEWCARS",
        // Companions alone are not a search.
        "orderBy=fullNumber",
        "LCA=true",
        "endsIn=true",
        "endsIn=true&areaCode=919",
        "",
        "quantity=5",
    ] {
        let e = search(q).unwrap_err();
        assert_eq!(e.code, Some(codes::COMBINATION), "{q}: {e}");
    }
    // A value error inside a valid combination keeps its own code.
    assert_eq!(
        search("state=NC&orderBy=price").unwrap_err().code,
        Some(codes::ORDER_BY)
    );
    assert_eq!(
        search("areaCode=919&quantity=0").unwrap_err().code,
        Some(codes::QUANTITY)
    );
}
