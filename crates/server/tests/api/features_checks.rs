//! Feature orders, continued: `Protected` on a number, another account's
//! numbers (5076), every invalid value with its code, the exact `tn`
//! filter of the line-option list, and feature orders (and disconnects) in
//! a number's history. Split from `features` to keep each file short.

use std::time::Duration;

use reqwest::{Method, StatusCode};

use crate::disconnects::{disconnect_body, in_service};
use crate::helpers::{ACCOUNT, Reply, TestApp, last_segment};
use crate::orders::{available, existing_order, site_and_peer};

const CAROL: (&str, &str) = ("carol", "carol-password");

/// Posts a feature order to `path` (`tnoptions`, `lidbs`, `dldas`) and
/// waits until it is processed; returns its id and final GET.
async fn feature(app: &TestApp, path: &str, body: &str) -> (String, Reply) {
    let r = app.post(&format!("/accounts/{ACCOUNT}/{path}"), body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = last_segment(r.header("location"));
    for _ in 0..400 {
        let r = app.get(&format!("/accounts/{ACCOUNT}/{path}/{id}")).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        if !matches!(
            r.text_of("ProcessingStatus").as_deref(),
            Some("RECEIVED" | "PROCESSING")
        ) {
            return (id, r);
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("{path}/{id} did not finish");
}

fn options(group: &str, tns: &[&str], customer_order_id: &str) -> String {
    let list: String = tns
        .iter()
        .map(|t| format!("<TelephoneNumber>{t}</TelephoneNumber>"))
        .collect();
    format!(
        "<TnOptionOrder><CustomerOrderId>{customer_order_id}</CustomerOrderId><TnOptionGroups><TnOptionGroup>{group}<TelephoneNumbers>{list}</TelephoneNumbers></TnOptionGroup></TnOptionGroups></TnOptionOrder>"
    )
}

fn lidb(tn: &str, fields: &str) -> String {
    format!(
        "<LidbOrder><LidbTnGroups><LidbTnGroup><TelephoneNumbers><TelephoneNumber>{tn}</TelephoneNumber></TelephoneNumbers>{fields}</LidbTnGroup></LidbTnGroups></LidbOrder>"
    )
}

fn dlda(tn: &str, fields: &str) -> String {
    format!(
        "<DldaOrder><DldaTnGroups><DldaTnGroup><TelephoneNumbers><TelephoneNumber>{tn}</TelephoneNumber></TelephoneNumbers>{fields}</DldaTnGroup></DldaTnGroups></DldaOrder>"
    )
}

const LIDB_OK: &str = "<SubscriberInformation>Acme</SubscriberInformation><UseType>BUSINESS</UseType><Visibility>PUBLIC</Visibility>";
const DLDA_OK: &str = "<SubscriberType>BUSINESS</SubscriberType><ListingType>LISTED</ListingType><ListingName><LastName>Acme</LastName></ListingName>";

#[tokio::test]
async fn protected_is_set_and_cleared_on_the_number() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let tns = in_service(&app, &site, 1).await;
    let tn = tns[0].as_str();
    let details = format!("/tns/{tn}/tndetails");
    let (_, r) = feature(
        &app,
        "tnoptions",
        &options("<Protected>true</Protected>", &[tn], "prot-1"),
    )
    .await;
    assert_eq!(r.text_of("ProcessingStatus").as_deref(), Some("COMPLETE"));
    let r = app.get(&details).await;
    assert!(
        r.body
            .contains("<TnAttributes><TnAttribute>Protected</TnAttribute></TnAttributes>"),
        "{}",
        r.body
    );
    let (_, r) = feature(
        &app,
        "tnoptions",
        &options("<Protected>false</Protected>", &[tn], "prot-2"),
    )
    .await;
    assert_eq!(r.text_of("ProcessingStatus").as_deref(), Some("COMPLETE"));
    let r = app.get(&details).await;
    assert!(!r.body.contains("<TnAttributes>"), "{}", r.body);
}

#[tokio::test]
async fn call_forwarding_is_set_and_cleared_with_systemdefault() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let tns = in_service(&app, &site, 1).await;
    let tn = tns[0].as_str();
    let details = format!("/tns/{tn}/tndetails");
    let (_, r) = feature(
        &app,
        "tnoptions",
        &options("<CallForward>9195550142</CallForward>", &[tn], "fwd-1"),
    )
    .await;
    assert_eq!(r.text_of("ProcessingStatus").as_deref(), Some("COMPLETE"));
    let r = app.get(&details).await;
    assert!(
        r.body.contains("<CallForward>9195550142</CallForward>"),
        "{}",
        r.body
    );
    let (_, r) = feature(
        &app,
        "tnoptions",
        &options("<CallForward>SystemDefault</CallForward>", &[tn], "fwd-2"),
    )
    .await;
    assert_eq!(
        r.text_of("ProcessingStatus").as_deref(),
        Some("COMPLETE"),
        "{}",
        r.body
    );
    let r = app.get(&details).await;
    assert!(!r.body.contains("<CallForward>"), "{}", r.body);
}

#[tokio::test]
async fn another_accounts_numbers_fail_with_5076_and_stay_as_they_are() {
    let app = TestApp::spawn().await;
    app.other_tenant("7700001", "carol", "carol-password").await;
    let (carol_site, _) = app.site_and_peer_as("7700001", CAROL).await;
    let theirs = available(&app, "areaCode=919&quantity=1").await;
    let r = app
        .order_as("7700001", CAROL, &existing_order(&carol_site, &theirs, ""))
        .await;
    assert_eq!(r.text_of("OrderStatus").as_deref(), Some("COMPLETE"));
    let tn = theirs[0].as_str();
    let not_yours = format!(
        "<Error><Code>5076</Code><Description>Number does not belong to this account.</Description><TelephoneNumber>{tn}</TelephoneNumber></Error>"
    );
    for (path, body) in [
        (
            "tnoptions",
            options("<CallingNameDisplay>on</CallingNameDisplay>", &[tn], "x-1"),
        ),
        ("lidbs", lidb(tn, LIDB_OK)),
        ("dldas", dlda(tn, DLDA_OK)),
    ] {
        let (_, r) = feature(&app, path, &body).await;
        assert_eq!(
            r.text_of("ProcessingStatus").as_deref(),
            Some("FAILED"),
            "{path}: {}",
            r.body
        );
        assert!(r.body.contains(&not_yours), "{path}: {}", r.body);
    }
    let r = app
        .request_as(
            Method::GET,
            &format!("/tns/{tn}/tndetails"),
            None,
            Some(CAROL),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    for feature in ["<CallingNameDisplay>", "<Lidb>", "<Dlda>"] {
        assert!(
            !r.body.contains(feature),
            "carol's number is untouched: {}",
            r.body
        );
    }
}

#[tokio::test]
async fn every_invalid_value_has_its_code() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let tns = in_service(&app, &site, 1).await;
    let tn = tns[0].as_str();
    let tnoptions = format!("/accounts/{ACCOUNT}/tnoptions");
    let long_user = format!("<RewriteUser>{}</RewriteUser>", "u".repeat(65));
    let long_uri = format!(
        "<FinalDestinationURI>sip:{}@example.com</FinalDestinationURI>",
        "a".repeat(260)
    );
    for (group, code) in [
        ("<CallingNameDisplay>loud</CallingNameDisplay>", 5081),
        ("<Sms>perhaps</Sms>", 5081),
        ("<CallForward>123</CallForward>", 5081),
        ("<NumberFormat>9digit</NumberFormat>", 5081),
        ("<RPIDFormat>e165</RPIDFormat>", 5081),
        ("<PortOutPasscode>ab</PortOutPasscode>", 5081),
        ("<PortOutPasscode>ab-cd-ef</PortOutPasscode>", 5081),
        ("", 5081),
        ("<Protected>maybe</Protected>", 1004),
        (long_user.as_str(), 1004),
        (long_uri.as_str(), 1004),
    ] {
        let r = app.post(&tnoptions, &options(group, &[tn], "bad")).await;
        r.assert_error(400, code);
        assert!(
            r.body.contains("<TnOptionOrderResponse><ResponseStatus>"),
            "{group}: {}",
            r.body
        );
    }
    app.post(&tnoptions, &options("<Sms>on</Sms>", &["12345"], "bad"))
        .await
        .assert_error(400, 5002);
    app.post(&tnoptions, &options("<Sms>on</Sms>", &[tn], "not/valid!"))
        .await
        .assert_error(400, 5052);

    let lidbs = format!("/accounts/{ACCOUNT}/lidbs");
    for (fields, code) in [
        (
            "<SubscriberInformation>Far too long a name</SubscriberInformation><UseType>BUSINESS</UseType><Visibility>PUBLIC</Visibility>",
            1004,
        ),
        (
            "<UseType>BUSINESS</UseType><Visibility>PUBLIC</Visibility>",
            1003,
        ),
        (
            "<SubscriberInformation>Acme</SubscriberInformation><Visibility>PUBLIC</Visibility>",
            1003,
        ),
        (
            "<SubscriberInformation>Acme</SubscriberInformation><UseType>GOVERNMENT</UseType><Visibility>PUBLIC</Visibility>",
            1004,
        ),
        (
            "<SubscriberInformation>Acme</SubscriberInformation><UseType>BUSINESS</UseType>",
            1003,
        ),
        (
            "<SubscriberInformation>Acme</SubscriberInformation><UseType>BUSINESS</UseType><Visibility>SECRET</Visibility>",
            1004,
        ),
    ] {
        let r = app.post(&lidbs, &lidb(tn, fields)).await;
        r.assert_error(400, code);
        assert!(
            r.body.contains("<LidbOrderResponse><ResponseStatus>"),
            "{fields}: {}",
            r.body
        );
    }

    let dldas = format!("/accounts/{ACCOUNT}/dldas");
    for (fields, code) in [
        (
            "<SubscriberType>GOVERNMENT</SubscriberType><ListingType>LISTED</ListingType><ListingName><LastName>Acme</LastName></ListingName>",
            1004,
        ),
        (
            "<ListingType>LISTED</ListingType><ListingName><LastName>Acme</LastName></ListingName>",
            1003,
        ),
        (
            "<SubscriberType>BUSINESS</SubscriberType><ListingType>HIDDEN</ListingType><ListingName><LastName>Acme</LastName></ListingName>",
            1004,
        ),
        (
            "<SubscriberType>BUSINESS</SubscriberType><ListingName><LastName>Acme</LastName></ListingName>",
            1003,
        ),
        (
            "<SubscriberType>BUSINESS</SubscriberType><ListingType>LISTED</ListingType>",
            1003,
        ),
        (
            "<SubscriberType>BUSINESS</SubscriberType><ListingType>LISTED</ListingType><ListingName><LastName>Acme</LastName></ListingName><ListAddress>maybe</ListAddress>",
            1004,
        ),
        (
            "<SubscriberType>BUSINESS</SubscriberType><ListingType>LISTED</ListingType><ListingName><LastName>Acme</LastName></ListingName><Address><HouseNumber>1</HouseNumber><StreetName>Elm</StreetName><City>Cary</City><StateCode>NC</StateCode><Zip>2751</Zip></Address>",
            12113,
        ),
    ] {
        let r = app.post(&dldas, &dlda(tn, fields)).await;
        r.assert_error(400, code);
        assert!(
            r.body.contains("<DldaOrderResponse><ResponseStatus>"),
            "{fields}: {}",
            r.body
        );
    }
    // Nothing was accepted.
    let r = app.get(&format!("{tnoptions}?tn={tn}")).await;
    assert_eq!(r.text_of("TotalCount").as_deref(), Some("0"), "{}", r.body);
}

#[tokio::test]
async fn the_tn_filter_is_exact_and_counted_before_paging() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let tns = in_service(&app, &site, 2).await;
    let (a, b) = (tns[0].as_str(), tns[1].as_str());
    // A names a; B and C name b, and C's customer order id is a's digits.
    let (order_a, _) = feature(
        &app,
        "tnoptions",
        &options("<CallingNameDisplay>on</CallingNameDisplay>", &[a], "first"),
    )
    .await;
    let (order_b, _) = feature(
        &app,
        "tnoptions",
        &options(
            "<CallingNameDisplay>on</CallingNameDisplay>",
            &[b],
            "second",
        ),
    )
    .await;
    let (order_c, _) = feature(
        &app,
        "tnoptions",
        &options("<CallingNameDisplay>off</CallingNameDisplay>", &[b], a),
    )
    .await;
    let list = format!("/accounts/{ACCOUNT}/tnoptions");
    let ids = |r: &Reply| -> Vec<String> {
        r.body
            .split("<OrderId>")
            .skip(1)
            .filter_map(|s| s.split("</OrderId>").next())
            .map(str::to_string)
            .collect()
    };

    let r = app.get(&format!("{list}?tn={a}")).await;
    assert_eq!(r.text_of("TotalCount").as_deref(), Some("1"), "{}", r.body);
    assert_eq!(ids(&r), std::slice::from_ref(&order_a), "{}", r.body);
    // The first page of one holds B (not A, which names another number),
    // and counts both matches.
    let r = app.get(&format!("{list}?tn={b}&size=1")).await;
    assert_eq!(r.text_of("TotalCount").as_deref(), Some("2"), "{}", r.body);
    assert_eq!(ids(&r), std::slice::from_ref(&order_b), "{}", r.body);
    let r = app
        .get(&format!("{list}?tn={b}&size=1&page={order_c}"))
        .await;
    assert_eq!(ids(&r), std::slice::from_ref(&order_c), "{}", r.body);
    // With the other filters.
    let r = app
        .get(&format!("{list}?tn={b}&customerOrderId=second"))
        .await;
    assert_eq!(ids(&r), std::slice::from_ref(&order_b), "{}", r.body);
    // A part of a number matches nothing: it is not a number (12512).
    app.get(&format!("{list}?tn={}", &b[..9]))
        .await
        .assert_error(400, 12512);
    let free = available(&app, "areaCode=919&quantity=1").await.remove(0);
    let r = app.get(&format!("{list}?tn={free}")).await;
    assert_eq!(r.text_of("TotalCount").as_deref(), Some("0"), "{}", r.body);
    let r = app.get(&list).await;
    assert_eq!(r.text_of("TotalCount").as_deref(), Some("3"), "{}", r.body);

    // Each feature order (and then the disconnect) is in the number's history.
    let (lidb_id, _) = feature(&app, "lidbs", &lidb(a, LIDB_OK)).await;
    let (dlda_id, _) = feature(&app, "dldas", &dlda(a, DLDA_OK)).await;
    let r = app
        .post(
            &format!("/accounts/{ACCOUNT}/disconnects"),
            &disconnect_body(&[a.to_string()], ""),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let disconnect_id = r.text_of("id").unwrap();
    let mut history = Reply {
        status: StatusCode::OK,
        headers: Default::default(),
        body: String::new(),
    };
    for _ in 0..400 {
        history = app.get(&format!("/tns/{a}/history")).await;
        if history.body.contains("<Status>Aging</Status>") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let entry = |id: &str, status: &str, kind: &str| {
        format!(
            "<OrderId>{id}</OrderId><Status>{status}</Status><UserId>demo</UserId><OrderType>{kind}</OrderType>"
        )
    };
    let wanted = [
        entry(&order_a, "Inservice", "TN_OPTION_ORDER"),
        entry(&lidb_id, "Inservice", "LIDB_ORDER"),
        entry(&dlda_id, "Inservice", "DLDA_ORDER"),
        entry(&disconnect_id, "Aging", "DISCONNECT_NUMBER_ORDER"),
    ];
    let mut at = 0;
    for w in &wanted {
        let found = history.body[at..]
            .find(w.as_str())
            .unwrap_or_else(|| panic!("{w} (in order) in {}", history.body));
        at += found + w.len();
    }
    assert!(
        !history.body.contains(&order_c),
        "C named the other number: {}",
        history.body
    );

    // The lists of caller-name, directory-listing and disconnect orders
    // take the same filter: here the orders naming a, and none naming b.
    let (lidb_b, _) = feature(&app, "lidbs", &lidb(b, LIDB_OK)).await;
    for (path, id) in [
        ("lidbs", &lidb_id),
        ("dldas", &dlda_id),
        ("disconnects", &disconnect_id),
    ] {
        let r = app.get(&format!("/accounts/{ACCOUNT}/{path}?tn={a}")).await;
        assert_eq!(
            r.text_of("TotalCount").as_deref(),
            Some("1"),
            "{path}: {}",
            r.body
        );
        assert!(
            r.body.contains(&format!("<OrderId>{id}</OrderId>")),
            "{path}: {}",
            r.body
        );
        app.get(&format!("/accounts/{ACCOUNT}/{path}?tn=123"))
            .await
            .assert_error(400, 12512);
    }
    let r = app.get(&format!("/accounts/{ACCOUNT}/lidbs?tn={b}")).await;
    assert_eq!(r.text_of("TotalCount").as_deref(), Some("1"), "{}", r.body);
    assert!(
        r.body.contains(&format!("<OrderId>{lidb_b}</OrderId>")),
        "{}",
        r.body
    );
    let r = app.get(&format!("/accounts/{ACCOUNT}/dldas?tn={b}")).await;
    assert_eq!(r.text_of("TotalCount").as_deref(), Some("0"), "{}", r.body);
}
