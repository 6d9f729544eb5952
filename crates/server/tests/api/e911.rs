//! E911 over HTTP: address validation (`geocodeRequest`) and the E911
//! scenario — an invalid address refused with the real code, a valid one
//! normalised, an order giving numbers the address, the address in
//! `tndetails`, the order's history and its `e911s` notification.

use std::time::Duration;

use reqwest::StatusCode;

use crate::callbacks::subscribe;
use crate::disconnects::in_service;
use crate::helpers::{ACCOUNT, Reply, TestApp, last_segment};
use crate::orders::{available, site_and_peer};
use crate::receiver::Receiver;

fn geocode_path() -> String {
    format!("/accounts/{ACCOUNT}/geocodeRequest")
}

async fn finished(app: &TestApp, path: &str) -> Reply {
    for _ in 0..200 {
        let r = app.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let s = r.text_of("ProcessingStatus").unwrap_or_default();
        if s != "RECEIVED" && s != "PROCESSING" {
            return r;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("{path} did not finish");
}

#[tokio::test]
async fn addresses_are_validated_against_the_geography() {
    let app = TestApp::spawn().await;
    // As sent apart from letter case: 200.
    let r = app
        .post(
            &geocode_path(),
            "<RequestAddress><AddressLine1>900 Main Campus Dr</AddressLine1><City>Raleigh</City><StateCode>NC</StateCode><Zip>27606</Zip></RequestAddress>",
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body.contains("<GeocodeRequestResponse><GeocodedAddress><AddressLine1>900 MAIN CAMPUS DR</AddressLine1><HouseNumber>900</HouseNumber><StreetName>MAIN CAMPUS</StreetName><StreetSuffix>DR</StreetSuffix><City>RALEIGH</City><StateCode>NC</StateCode><Zip>27606</Zip><Country>US</Country></GeocodedAddress></GeocodeRequestResponse>"),
        "{}",
        r.body
    );
    // Standardised into something else (suffix, city from the ZIP): 409 with it.
    let r = app
        .post(
            &geocode_path(),
            "<RequestAddress><HouseNumber>1</HouseNumber><StreetName>Main</StreetName><StreetSuffix>Street</StreetSuffix><StateCode>nc</StateCode><Zip>27513</Zip></RequestAddress>",
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.text_of("AddressLine1").as_deref(), Some("1 MAIN ST"));
    assert_eq!(r.text_of("City").as_deref(), Some("CARY"));
    // Not a place: 400 12113 in the endpoint's envelope.
    for bad in [
        "<RequestAddress><AddressLine1>900 Main Campus Dr</AddressLine1><City>Raleigh</City><StateCode>NC</StateCode><Zip>99999</Zip></RequestAddress>",
        "<RequestAddress><AddressLine1>900 Main Campus Dr</AddressLine1><City>Raleigh</City><StateCode>VA</StateCode><Zip>27606</Zip></RequestAddress>",
        "<RequestAddress><AddressLine1>Main Campus Dr</AddressLine1><City>Raleigh</City><StateCode>NC</StateCode><Zip>27606</Zip></RequestAddress>",
    ] {
        let r = app.post(&geocode_path(), bad).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
        assert!(
            r.body
                .contains("<GeocodeRequestResponse><ResponseStatus><ErrorCode>12113</ErrorCode>"),
            "{}",
            r.body
        );
    }
    let r = app.post(&geocode_path(), "<Address/>").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
}

#[tokio::test]
async fn an_e911_order_gives_numbers_their_address_and_notifies() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start(&[], 200).await;
    let (sub, _) = subscribe(&app, "e911s", &receiver.url, false).await;
    let (site, _) = site_and_peer(&app).await;
    let tns = in_service(&app, &site, 2).await;
    let foreign = available(&app, "areaCode=919&quantity=1").await.remove(0);
    let orders = format!("/accounts/{ACCOUNT}/e911s");

    // An address that cannot be placed: refused before anything is stored.
    let bad = format!(
        "<E911Order><CallerName>Acme</CallerName><Address><HouseNumber>900</HouseNumber><StreetName>Main Campus</StreetName><City>Raleigh</City><StateCode>NC</StateCode><Zip>00000</Zip></Address><TelephoneNumbers><TelephoneNumber>{}</TelephoneNumber></TelephoneNumbers></E911Order>",
        tns[0]
    );
    let r = app.post(&orders, &bad).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(
        r.body
            .contains("<E911OrderResponse><ResponseStatus><ErrorCode>12113</ErrorCode>"),
        "{}",
        r.body
    );

    let body = format!(
        "<E911Order><CustomerOrderId>e911-1</CustomerOrderId><E911ServiceAction>ADD</E911ServiceAction><CallerName>Acme HQ</CallerName><Address><HouseNumber>900</HouseNumber><StreetName>Main Campus</StreetName><StreetSuffix>Drive</StreetSuffix><AddressLine2>Suite 100</AddressLine2><City>Raleigh</City><StateCode>NC</StateCode><Zip>27606</Zip></Address><TelephoneNumbers><TelephoneNumber>{}</TelephoneNumber><TelephoneNumber>{}</TelephoneNumber><TelephoneNumber>{foreign}</TelephoneNumber></TelephoneNumbers></E911Order>",
        tns[0], tns[1]
    );
    let r = app.post(&orders, &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert!(
        r.body
            .contains("<E911OrderResponse><E911Order><CustomerOrderId>e911-1</CustomerOrderId>"),
        "{}",
        r.body
    );
    assert_eq!(r.text_of("ProcessingStatus").as_deref(), Some("RECEIVED"));
    // Stored in standard form.
    assert_eq!(r.text_of("StreetSuffix").as_deref(), Some("DR"));
    let id = last_segment(r.header("location"));
    let r = finished(&app, &format!("{orders}/{id}")).await;
    assert_eq!(
        r.text_of("ProcessingStatus").as_deref(),
        Some("PARTIAL"),
        "{}",
        r.body
    );
    assert!(
        r.body.contains(&format!("<Error><Code>5071</Code><Description>Telephone number is not available on the system.</Description><TelephoneNumber>{foreign}</TelephoneNumber></Error>")),
        "{}",
        r.body
    );

    // The number's record in tndetails.
    let details = app.get(&format!("/tns/{}/tndetails", tns[0])).await;
    assert!(
        details.body.contains("<Features><E911><Status>Success</Status><CallerName>Acme HQ</CallerName><Address><HouseNumber>900</HouseNumber><StreetName>MAIN CAMPUS</StreetName><StreetSuffix>DR</StreetSuffix><AddressLine2>SUITE 100</AddressLine2><City>RALEIGH</City><StateCode>NC</StateCode><Zip>27606</Zip><Country>US</Country><AddressType>E911</AddressType></Address></E911>"),
        "{}",
        details.body
    );

    // History and the list.
    let h = app.get(&format!("{orders}/{id}/history")).await;
    assert_eq!(h.status, StatusCode::OK, "{}", h.body);
    assert!(
        h.body.contains("<Status>RECEIVED</Status>") && h.body.contains("<Status>PARTIAL</Status>"),
        "{}",
        h.body
    );
    let list = app.get(&format!("{orders}?tn={}", tns[1])).await;
    assert_eq!(
        list.text_of("TotalCount").as_deref(),
        Some("1"),
        "{}",
        list.body
    );

    // The e911s subscriber hears the outcome.
    let got = receiver.wait_for(1).await;
    let n = got.last().unwrap();
    assert!(
        n.body
            .contains(&format!("<SubscriptionId>{sub}</SubscriptionId>")),
        "{}",
        n.body
    );
    assert!(
        n.body.contains(&format!("<OrderId>{id}</OrderId>")),
        "{}",
        n.body
    );
    assert!(
        n.body.contains("<OrderType>e911s</OrderType>"),
        "{}",
        n.body
    );
    assert!(n.body.contains("<Status>PARTIAL</Status>"), "{}", n.body);

    // DELETE takes the record away.
    let r = app
        .post(
            &orders,
            &format!("<E911Order><E911ServiceAction>DELETE</E911ServiceAction><TelephoneNumbers><TelephoneNumber>{}</TelephoneNumber></TelephoneNumbers></E911Order>", tns[0]),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = last_segment(r.header("location"));
    let r = finished(&app, &format!("{orders}/{id}")).await;
    assert_eq!(
        r.text_of("ProcessingStatus").as_deref(),
        Some("COMPLETE"),
        "{}",
        r.body
    );
    let details = app.get(&format!("/tns/{}/tndetails", tns[0])).await;
    assert!(!details.body.contains("<E911>"), "{}", details.body);
    let other = app.get(&format!("/tns/{}/tndetails", tns[1])).await;
    assert!(
        other.body.contains("<CallerName>Acme HQ</CallerName>"),
        "{}",
        other.body
    );
}
