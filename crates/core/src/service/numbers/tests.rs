//! Unit tests of listing-parameter parsing ([`super::ListQuery`]), kept in
//! their own file so the module stays short.

use super::*;
use crate::error::ErrorKind;
use crate::number::NumberStatus;

fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
        .collect()
}

fn code(e: CoreError) -> u32 {
    e.code.unwrap_or(0)
}

#[test]
fn tns_filters_parse_with_their_codes() {
    let q = ListQuery::parse_tns(
        params(&[
            ("npaNxx", "919555"),
            ("npa", "919"),
            ("page", "1"),
            ("size", "10"),
        ])
        .as_slice(),
    )
    .unwrap();
    assert_eq!(q.filter.prefix.as_deref(), Some("919555"));
    assert_eq!(q.size, 10);
    assert_eq!(q.page, None);
    assert!(!q.matches_nothing);

    let q =
        ListQuery::parse_tns(params(&[("npa", "919"), ("npaNxx", "212555")]).as_slice()).unwrap();
    assert!(q.matches_nothing);

    let bad =
        |pairs: &[(&str, &str)]| code(ListQuery::parse_tns(params(pairs).as_slice()).unwrap_err());
    assert_eq!(bad(&[("npaNxx", "9192384")]), 15511);
    assert_eq!(bad(&[("npa", "91")]), 15510);
    assert_eq!(bad(&[("npaNxxX", "91955")]), 15512);
    assert_eq!(bad(&[("fullNumber", "12")]), 12512);
    assert_eq!(bad(&[("status", "Sold")]), 15513);
    assert_eq!(bad(&[("state", "XX")]), 12535);
    assert_eq!(bad(&[("page", "abc")]), 15516);
    assert_eq!(bad(&[("size", "many")]), 13057);
    assert_eq!(bad(&[("size", "0")]), 13058);
    assert_eq!(bad(&[("lata", "x")]), 1004);
    assert_eq!(bad(&[("siteId", "x")]), 12527);
    assert_eq!(bad(&[("accountId", "1"), ("siteId", "2")]), 15507);

    let q = ListQuery::parse_tns(params(&[("status", "available")]).as_slice()).unwrap();
    assert!(q.matches_nothing);
    let q = ListQuery::parse_tns(params(&[("status", "inservice,Reserved")]).as_slice()).unwrap();
    assert_eq!(
        q.filter.statuses,
        vec![NumberStatus::Inservice, NumberStatus::Reserved]
    );
    let q = ListQuery::parse_tns(params(&[("page", "9195550001"), ("size", "99999")]).as_slice())
        .unwrap();
    assert_eq!(q.page.as_deref(), Some("9195550001"));
    assert_eq!(q.size, MAX_PAGE_SIZE);
}

#[test]
fn in_service_filters_are_404s() {
    let e = ListQuery::parse_in_service(params(&[("areacode", "1x9")]).as_slice()).unwrap_err();
    assert_eq!((e.kind, e.code), (ErrorKind::NotFound, Some(15510)));
    let e = ListQuery::parse_in_service(params(&[("ratecenter", "CARY")]).as_slice()).unwrap_err();
    assert_eq!(e.code, Some(15508));
    let e = ListQuery::parse_in_service(
        params(&[("startdate", "2024-02-01"), ("enddate", "2024-01-01")]).as_slice(),
    )
    .unwrap_err();
    assert_eq!(e.code, Some(15501));
    let e = ListQuery::parse_in_service(params(&[("startdate", "soon")]).as_slice()).unwrap_err();
    assert_eq!(e.code, Some(15503));
    let q = ListQuery::parse_in_service(
        params(&[
            ("enddate", "2024-01-31"),
            ("state", "nc"),
            ("ratecenter", "CARY"),
        ])
        .as_slice(),
    )
    .unwrap();
    assert_eq!(q.size, IN_SERVICE_DEFAULT_SIZE);
    assert_eq!(q.filter.state.as_deref(), Some("NC"));
    assert_eq!(
        q.filter.in_service_to.map(|t| t.iso()).as_deref(),
        Some("2024-01-31T23:59:59.999Z")
    );
}
