//! Property-based fuzzing of the request reader (run by `cargo test` for a
//! bounded number of cases): whatever bytes arrive, reading a request never
//! panics and every refusal is a [`ReadError`]; XML-like input built from
//! tags, entities and text is the interesting part of that space. Failing
//! inputs proptest finds are kept in `proptest-regressions/` and replayed
//! first on every run.

use proptest::prelude::*;

use crate::read::{from_request, from_request_limited};
use crate::request::RequestDocument;
use crate::request::order::OrderBody;
use crate::request::portin::{LnpOrderBody, PortabilityBody};

/// Pieces of XML: tags (known and unknown, any case), entities, text.
fn xmlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "<[A-Za-z]{1,12}>",
        "</[A-Za-z]{1,12}>",
        "<[A-Za-z]{1,12}/>",
        Just("<Tn>".to_string()),
        Just("</Tn>".to_string()),
        Just("<TelephoneNumber>9195550100</TelephoneNumber>".to_string()),
        Just("<!DOCTYPE x>".to_string()),
        Just("<![CDATA[x]]>".to_string()),
        "&[a-z#0-9]{0,6};",
        "[ -~]{0,8}",
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

fn read_all(body: &[u8]) {
    let _ = from_request::<OrderBody>(body, OrderBody::ROOTS);
    let _ = from_request::<LnpOrderBody>(body, LnpOrderBody::ROOTS);
    let _ = from_request_limited::<PortabilityBody>(body, PortabilityBody::ROOTS, 3);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(body in proptest::collection::vec(any::<u8>(), 0..512)) {
        read_all(&body);
    }

    #[test]
    fn xml_like_documents_never_panic(inner in xmlish(), root in prop_oneof![
        Just("Order"), Just("LnpOrder"), Just("NumberPortabilityRequest"), Just("x")
    ]) {
        read_all(format!("<{root}>{inner}</{root}>").as_bytes());
        read_all(inner.as_bytes());
    }
}
