//! Unit tests of port-in request merging and validation, kept in their own
//! file so the module stays short.

use super::*;
use crate::address::Address;

fn full() -> PortInDraft {
    PortInDraft {
        site_id: Some("1".into()),
        billing_telephone_number: Some("9192150100".into()),
        loa_authorizing_person: Some("Jane Doe".into()),
        subscriber: Some(SubscriberDraft {
            subscriber_type: Some("business".into()),
            business_name: Some("Acme".into()),
            service_address: Some(Address {
                house_number: Some("1".into()),
                street_name: Some("Main".into()),
                city: Some("Raleigh".into()),
                state_code: Some("NC".into()),
                zip: Some("27606".into()),
                ..Address::default()
            }),
            ..SubscriberDraft::default()
        }),
        tns: Some(vec![
            "9192150100".into(),
            " 9192150101 ".into(),
            "9192150100".into(),
        ]),
        ..PortInDraft::default()
    }
}

fn codes_of(errors: &[PortError]) -> Vec<u32> {
    errors.iter().map(|e| e.code).collect()
}

#[test]
fn a_complete_request_passes_and_numbers_are_deduplicated() {
    let mut r = PortInRequest::default();
    let mut errors = Vec::new();
    assert_eq!(r.merge(full(), &mut errors), Intent::None);
    r.check_complete(&mut errors);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(r.tns, ["9192150100", "9192150101"]);
    assert_eq!(
        r.subscriber.unwrap().subscriber_type,
        Some(SubscriberType::Business)
    );
}

#[test]
fn each_missing_part_has_its_code() {
    let mut r = PortInRequest::default();
    let mut errors = Vec::new();
    r.merge(PortInDraft::default(), &mut errors);
    r.check_complete(&mut errors);
    assert_eq!(codes_of(&errors), [7101, 7103, 7104, 7115]);

    let mut d = full();
    d.subscriber = Some(SubscriberDraft {
        subscriber_type: Some("RESIDENTIAL".into()),
        business_name: Some("Acme".into()),
        service_address: Some(Address::default()),
        ..SubscriberDraft::default()
    });
    let (mut r, mut errors) = (PortInRequest::default(), Vec::new());
    r.merge(d, &mut errors);
    r.check_complete(&mut errors);
    assert_eq!(
        codes_of(&errors),
        [7211, 7105, 7108, 7109, 7110, 7111, 7112]
    );
}

#[test]
fn format_errors() {
    let mut d = full();
    d.tns = Some(vec!["12345".into(), "9192150100".into()]);
    d.billing_telephone_number = Some("x".into());
    d.customer_order_id = Some("bad!id".into());
    d.triggered = Some("maybe".into());
    d.requested_foc_date = Some("soon".into());
    d.site_id = Some("abc".into());
    let (mut r, mut errors) = (PortInRequest::default(), Vec::new());
    r.merge(d, &mut errors);
    assert_eq!(codes_of(&errors), [7318, 7309, 7203, 7201, 7208, 1004]);
    assert_eq!(errors[3].tns, ["12345"]);
    assert_eq!(
        errors[3].description,
        "12345 is not a valid NANP telephone number."
    );
}

#[test]
fn a_supplement_changes_only_what_it_names() {
    let (mut r, mut errors) = (PortInRequest::default(), Vec::new());
    r.merge(full(), &mut errors);
    let supp = PortInDraft {
        customer_order_id: Some("supp-1".into()),
        subscriber: Some(SubscriberDraft {
            service_address: Some(Address {
                house_number: Some("99".into()),
                ..Address::default()
            }),
            ..SubscriberDraft::default()
        }),
        processing_status: Some("REQUESTED_SUPP".into()),
        ..PortInDraft::default()
    };
    assert_eq!(r.merge(supp, &mut errors), Intent::None);
    assert!(errors.is_empty(), "{errors:?}");
    let a = r
        .subscriber
        .as_ref()
        .unwrap()
        .service_address
        .as_ref()
        .unwrap();
    assert_eq!(a.house_number.as_deref(), Some("99"));
    assert_eq!(a.street_name.as_deref(), Some("Main"));
    assert_eq!(r.customer_order_id.as_deref(), Some("supp-1"));
    assert_eq!(r.tns.len(), 2);
}

#[test]
fn statuses_round_trip() {
    for s in PortStatus::ALL {
        assert_eq!(PortStatus::parse(&s.as_str().to_lowercase()), Some(s));
    }
    assert!(PortStatus::Complete.is_terminal());
    assert!(!PortStatus::Draft.holds_numbers());
    assert!(PortStatus::Exception.holds_numbers());
}
