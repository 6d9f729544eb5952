//! Unit tests of new-number order requests (existing-number and search
//! order checks, site, type and back-order rules, summaries), kept in
//! their own file so the module stays short.

use super::*;

fn search(
    kind: SearchOrderKind,
    fields: Vec<(String, String)>,
    quantity: Option<String>,
) -> SearchDraft {
    SearchDraft {
        kind,
        fields,
        quantity,
    }
}

fn draft() -> NumberOrderDraft {
    NumberOrderDraft {
        site_id: Some("1".into()),
        ..NumberOrderDraft::default()
    }
}

#[test]
fn existing_numbers_are_checked_and_deduplicated() {
    let mut d = draft();
    d.existing = Some((
        vec![
            "9192120100".into(),
            "9192120100".into(),
            "+19192120101".into(),
        ],
        vec![],
    ));
    let r = NumberOrderRequest::validate(d).unwrap();
    assert_eq!(
        r.order_type,
        NumberOrderType::Existing {
            tns: vec!["9192120100".into(), "9192120101".into()],
            reservation_ids: vec![]
        }
    );
    assert!(r.partial_allowed, "PartialAllowed defaults to true");
    let mut d = draft();
    d.existing = Some((vec!["919".into()], vec![]));
    assert_eq!(
        NumberOrderRequest::validate(d).unwrap_err().code,
        Some(codes::TN_INVALID)
    );
}

#[test]
fn site_type_and_backorder_rules() {
    let mut d = draft();
    d.site_id = None;
    d.existing = Some((vec!["9192120100".into()], vec![]));
    assert_eq!(
        NumberOrderRequest::validate(d).unwrap_err().code,
        Some(codes::SITE_REQUIRED)
    );
    assert_eq!(
        NumberOrderRequest::validate(draft()).unwrap_err().code,
        Some(codes::ORDER_TYPE)
    );
    let mut d = draft();
    d.back_order_requested = Some(true);
    d.searches.push(search(
        SearchOrderKind::NpaNxx,
        vec![("NpaNxx".into(), "919212".into())],
        Some("2".into()),
    ));
    assert_eq!(
        NumberOrderRequest::validate(d).unwrap_err().code,
        Some(codes::BACKORDER_TYPE)
    );
}

#[test]
fn search_types_use_the_search_rules() {
    let mut d = draft();
    d.searches.push(search(
        SearchOrderKind::AreaCode,
        vec![("areacode".into(), "919".into())],
        Some("3".into()),
    ));
    let r = NumberOrderRequest::validate(d).unwrap();
    assert_eq!(r.requested(), 3);
    assert_eq!(
        search_params(&r.order_type),
        vec![
            ("areacode".to_string(), "919".to_string()),
            // No EnableLCA in this order type: never widened.
            ("lca".to_string(), "false".to_string()),
            ("quantity".to_string(), "3".to_string())
        ]
    );
    let mut d = draft();
    d.searches.push(search(
        SearchOrderKind::AreaCode,
        vec![("AreaCode".into(), "19".into())],
        None,
    ));
    assert_eq!(
        NumberOrderRequest::validate(d).unwrap_err().code,
        Some(4000)
    );
    let mut d = draft();
    d.searches.push(search(
        SearchOrderKind::City,
        vec![("City".into(), "Raleigh".into())],
        None,
    ));
    assert_eq!(
        NumberOrderRequest::validate(d).unwrap_err().code,
        Some(4010),
        "city needs a state"
    );
    let mut d = draft();
    d.searches
        .push(search(SearchOrderKind::State, vec![], Some("2".into())));
    assert_eq!(
        NumberOrderRequest::validate(d).unwrap_err().code,
        Some(1003)
    );
    let mut d = draft();
    d.searches.push(search(
        SearchOrderKind::Zip,
        vec![("Zip".into(), "27606".into())],
        Some("0".into()),
    ));
    assert_eq!(
        NumberOrderRequest::validate(d).unwrap_err().code,
        Some(codes::QUANTITY)
    );
}

#[test]
fn summaries_read_like_the_real_ones() {
    let mut r = NumberOrderResult {
        completed: vec!["9195554294".into(), "9195555988".into()],
        ..Default::default()
    };
    r.summarise(2);
    assert_eq!(r.summary.as_deref(), Some("2 numbers ordered in (919)"));
    let mut r = NumberOrderResult {
        completed: vec!["6365554294".into()],
        ..Default::default()
    };
    r.summarise(2);
    assert_eq!(
        r.summary.as_deref(),
        Some("1 out of 2 numbers ordered in (636)")
    );
}

#[test]
fn tn_attributes_take_only_the_real_values() {
    let mut d = draft();
    d.existing = Some((vec!["9192120100".into()], vec![]));
    d.tn_attributes = vec!["protected".into(), "Protected".into(), "EXTERNAL".into()];
    let r = NumberOrderRequest::validate(d).unwrap();
    assert_eq!(r.tn_attributes, ["Protected", "External"]);
    for bad in ["Hidden", "", "Protected,External"] {
        let mut d = draft();
        d.existing = Some((vec!["9192120100".into()], vec![]));
        d.tn_attributes = vec![bad.into()];
        assert_eq!(
            NumberOrderRequest::validate(d).unwrap_err().code,
            Some(crate::error::codes::INVALID_VALUE),
            "{bad}"
        );
    }
}
