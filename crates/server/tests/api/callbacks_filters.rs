//! Which subscriptions a change notifies: one order's subscription only
//! that order's changes, an expired one nothing, and feature orders
//! (tnoptions, lidbs, dldas) their own types' subscriptions; order types
//! tnhub never notifies are refused.

use reqwest::StatusCode;

use crate::callbacks::{all, log, subscribe, subscriptions, text};
use crate::disconnects::in_service;
use crate::helpers::{ACCOUNT, TestApp, last_segment};
use crate::orders::{available, existing_order, place, settle, site_and_peer};
use crate::receiver::Receiver;

async fn subscribe_with(app: &TestApp, inner: &str, url: &str) -> String {
    let body = format!(
        "<Subscription>{inner}<CallbackSubscription><URL>{url}</URL></CallbackSubscription></Subscription>"
    );
    let r = app.post(&subscriptions(), &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    last_segment(r.header("location"))
}

async fn note(app: &TestApp, order: &str, text: &str) {
    let r = app
        .post(
            &format!("/accounts/{ACCOUNT}/orders/{order}/notes"),
            &format!("<Note><UserId>demo</UserId><Description>{text}</Description></Note>"),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
}

#[tokio::test]
async fn an_order_s_subscription_hears_only_that_order_and_an_expired_one_nothing() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let mut orders = Vec::new();
    for _ in 0..2 {
        let tns = available(&app, "areaCode=919&quantity=1").await;
        let id = place(&app, &existing_order(&site, &tns, "")).await;
        settle(&app, &id).await;
        orders.push(id);
    }
    let (a, b) = (&orders[0], &orders[1]);
    let one = Receiver::start(&[], 200).await;
    let every = Receiver::start(&[], 200).await;
    let brief = Receiver::start(&[], 200).await;
    let one_sub = subscribe_with(
        &app,
        &format!("<OrderType>orders</OrderType><OrderId>{a}</OrderId>"),
        &one.url,
    )
    .await;
    let (every_sub, _) = subscribe(&app, "orders", &every.url, false).await;
    let brief_sub = format!(
        "<Subscription><OrderType>orders</OrderType><CallbackSubscription><URL>{}</URL><Expiry>60</Expiry></CallbackSubscription></Subscription>",
        brief.url
    );
    let r = app.post(&subscriptions(), &brief_sub).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let brief_sub = last_segment(r.header("location"));
    // The one-minute subscription expires.
    app.advance_clock(120).await;

    note(&app, b, "on b").await;
    note(&app, a, "on a").await;
    // Deliveries are queued in the note's own transaction: the logs are
    // final once the notes are accepted.
    let every_log = log(&app, &every_sub).await;
    let mut noted = all(&every_log, "OrderId");
    noted.sort();
    let mut both = vec![a.clone(), b.clone()];
    both.sort();
    assert_eq!(noted, both, "{every_log}");
    let one_log = log(&app, &one_sub).await;
    assert_eq!(
        all(&one_log, "OrderId"),
        std::slice::from_ref(a),
        "{one_log}"
    );
    let brief_log = log(&app, &brief_sub).await;
    assert!(!brief_log.contains("<Delivery>"), "{brief_log}");
    // And what arrives matches.
    let got = one.wait_for(1).await;
    assert_eq!(text(&got[0].body, "OrderId").as_ref(), Some(a));
    assert_eq!(text(&got[0].body, "Note").as_deref(), Some("on a"));
    assert_eq!(
        text(&got[0].body, "SubscriptionId").as_ref(),
        Some(&one_sub)
    );
    every.wait_for(2).await;
    assert!(brief.received().is_empty());
    assert_eq!(one.received().len(), 1, "{:?}", one.received());
}

#[tokio::test]
async fn feature_orders_notify_their_own_types() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let tns = in_service(&app, &site, 3).await;
    let receiver = Receiver::start(&[], 200).await;
    let mut subs = Vec::new();
    for t in ["tnoptions", "lidbs", "dldas"] {
        subs.push((t, subscribe(&app, t, &receiver.url, false).await.0));
    }
    // An orders subscription hears none of them.
    let (orders_sub, _) = subscribe(&app, "orders", &receiver.url, false).await;

    let post = |path: &str, body: String| {
        let (app, path) = (&app, format!("/accounts/{ACCOUNT}/{path}"));
        async move {
            let r = app.post(&path, &body).await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
            last_segment(r.header("location"))
        }
    };
    let tnoption = post(
        "tnoptions",
        format!(
            "<TnOptionOrder><TnOptionGroups><TnOptionGroup><CallingNameDisplay>on</CallingNameDisplay><TelephoneNumbers>\
             <TelephoneNumber>{}</TelephoneNumber></TelephoneNumbers></TnOptionGroup></TnOptionGroups></TnOptionOrder>",
            tns[0]
        ),
    )
    .await;
    let lidb = post(
        "lidbs",
        format!(
            "<LidbOrder><LidbTnGroups><LidbTnGroup><TelephoneNumbers><TelephoneNumber>{}</TelephoneNumber></TelephoneNumbers>\
             <SubscriberInformation>Joes Garage</SubscriberInformation><UseType>BUSINESS</UseType><Visibility>PUBLIC</Visibility>\
             </LidbTnGroup></LidbTnGroups></LidbOrder>",
            tns[1]
        ),
    )
    .await;
    let dlda = post(
        "dldas",
        format!(
            "<DldaOrder><DldaTnGroups><DldaTnGroup><TelephoneNumbers><TelephoneNumber>{}</TelephoneNumber></TelephoneNumbers>\
             <SubscriberType>RESIDENTIAL</SubscriberType><ListingType>LISTED</ListingType><ListingName><FirstName>John</FirstName>\
             <LastName>Smith</LastName></ListingName><ListAddress>true</ListAddress><Address><HouseNumber>123</HouseNumber>\
             <StreetName>Elm</StreetName><City>Carpinteria</City><StateCode>CA</StateCode><Zip>93013</Zip><AddressType>Dlda</AddressType>\
             </Address></DldaTnGroup></DldaTnGroups></DldaOrder>",
            tns[2]
        ),
    )
    .await;
    // tnoptions subscribers hear RECEIVED, PROCESSING and the outcome, in
    // that order (wire-format.md 2.12); LIDB and DLDA ones the outcome.
    let got = receiver.wait_for(5).await;
    let mut seen: Vec<(String, String, String, String)> = got
        .iter()
        .map(|g| {
            (
                text(&g.body, "OrderType").unwrap_or_default(),
                text(&g.body, "OrderId").unwrap_or_default(),
                text(&g.body, "SubscriptionId").unwrap_or_default(),
                text(&g.body, "Status").unwrap_or_default(),
            )
        })
        .collect();
    let sub_of = |t: &str| subs.iter().find(|(st, _)| *st == t).unwrap().1.clone();
    let tnoption_statuses: Vec<&str> = seen
        .iter()
        .filter(|(t, ..)| t == "tnoptions")
        .map(|(.., status)| status.as_str())
        .collect();
    assert_eq!(
        tnoption_statuses,
        ["RECEIVED", "PROCESSING", "COMPLETE"],
        "{got:?}"
    );
    seen.sort();
    let mut expected: Vec<(String, String, String, String)> = [
        ("dldas", &dlda, "COMPLETE"),
        ("lidbs", &lidb, "COMPLETE"),
        ("tnoptions", &tnoption, "COMPLETE"),
        ("tnoptions", &tnoption, "PROCESSING"),
        ("tnoptions", &tnoption, "RECEIVED"),
    ]
    .into_iter()
    .map(|(t, id, status)| (t.to_string(), id.clone(), sub_of(t), status.to_string()))
    .collect();
    expected.sort();
    assert_eq!(seen, expected, "{got:?}");
    for (t, sub) in &subs {
        let want = if *t == "tnoptions" { 3 } else { 1 };
        assert_eq!(log(&app, sub).await.matches("<Delivery>").count(), want);
    }
    assert!(
        !log(&app, &orders_sub).await.contains("<Delivery>"),
        "feature orders are not `orders`"
    );
}

/// Every order type the real service accepts (and `lidb`, the spelling of
/// the `bandwidth-cli` tool) may be subscribed to, listed and updated, so a
/// script that subscribes to everything works; types it does not know are
/// refused with 14500.
#[tokio::test]
async fn every_real_order_type_may_be_subscribed_to() {
    let app = TestApp::spawn().await;
    let all = [
        "portins",
        "orders",
        "portouts",
        "disconnects",
        "dldas",
        "lsrorders",
        "e911s",
        "tnoptions",
        "externalTns",
        "lidb",
        "bulkPortins",
        "importtnorders",
        "removeImportedTnOrders",
        "csrs",
        "emergencyNotificationGroup",
        "emergencyEndpointGroup",
    ];
    let mut ids = Vec::new();
    for t in all {
        let (id, _) = subscribe(&app, t, "http://127.0.0.1:9/cb", false).await;
        ids.push(id);
    }
    let r = app.get(&subscriptions()).await;
    for t in all {
        let stored = if t == "lidb" { "lidbs" } else { t };
        assert!(
            r.body.contains(&format!("<OrderType>{stored}</OrderType>")),
            "{t}: {}",
            r.body
        );
    }
    // Listed by type, and updated like any other.
    let r = app
        .get(&format!("{}?orderType=e911s", subscriptions()))
        .await;
    assert_eq!(r.body.matches("<Subscription>").count(), 1, "{}", r.body);
    let r = app
        .put(
            &format!("{}/{}", subscriptions(), ids[2]),
            "<Subscription><OrderType>portouts</OrderType><CallbackSubscription><URL>http://127.0.0.1:9/other</URL></CallbackSubscription></Subscription>",
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    let r = app.get(&format!("{}/{}", subscriptions(), ids[2])).await;
    assert!(r.body.contains("http://127.0.0.1:9/other"), "{}", r.body);
    for t in ["moveTns", "reservations", "pizzas"] {
        let r = app
            .post(
                &subscriptions(),
                &format!("<Subscription><OrderType>{t}</OrderType><CallbackSubscription><URL>http://127.0.0.1:9/cb</URL></CallbackSubscription></Subscription>"),
            )
            .await;
        r.assert_error(400, 14500);
        assert!(
            r.body.contains("valid types are orders, portins"),
            "{t}: {}",
            r.body
        );
    }
}
