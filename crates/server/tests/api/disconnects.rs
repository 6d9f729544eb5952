//! Disconnects and aging over HTTP.

use std::time::Duration;

use reqwest::{Method, StatusCode};

use crate::helpers::{ACCOUNT, Reply, TestApp, last_segment};
use crate::orders::{
    available, completed, existing_order, is_offered, place, settle, site_and_peer,
};

fn disconnects() -> String {
    format!("/accounts/{ACCOUNT}/disconnects")
}

pub fn disconnect_body(tns: &[String], extra: &str) -> String {
    let list: String = tns
        .iter()
        .map(|t| format!("<TelephoneNumber>{t}</TelephoneNumber>"))
        .collect();
    // Node's lower-case <name>.
    format!(
        "<DisconnectTelephoneNumberOrder><name>bye</name><DisconnectTelephoneNumberOrderType><TelephoneNumberList>{list}</TelephoneNumberList>{extra}</DisconnectTelephoneNumberOrderType></DisconnectTelephoneNumberOrder>"
    )
}

/// Numbers put in service on the demo account.
pub async fn in_service(app: &TestApp, site: &str, n: usize) -> Vec<String> {
    let tns = available(app, &format!("areaCode=919&quantity={n}")).await;
    let id = place(app, &existing_order(site, &tns, "")).await;
    let r = settle(app, &id).await;
    assert_eq!(
        r.text_of("OrderStatus").as_deref(),
        Some("COMPLETE"),
        "{}",
        r.body
    );
    let mut got = completed(&r);
    got.sort();
    got
}

pub async fn disconnect(app: &TestApp, body: &str) -> (String, Reply) {
    let r = app.post(&disconnects(), body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert!(
        r.body
            .contains("<DisconnectTelephoneNumberOrderResponse><orderRequest>"),
        "{}",
        r.body
    );
    assert_eq!(r.text_of("OrderStatus").as_deref(), Some("RECEIVED"));
    let id = r.text_of("id").unwrap();
    assert_eq!(last_segment(r.header("location")), id);
    for _ in 0..200 {
        let r = app.get(&format!("{}/{id}", disconnects())).await;
        let s = r.text_of("OrderStatus").unwrap();
        if s != "RECEIVED" && s != "PROCESSING" {
            return (id, r);
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("disconnect {id} did not finish");
}

#[tokio::test]
async fn disconnected_numbers_age_then_return_to_inventory() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let tns = in_service(&app, &site, 3).await;
    let foreign = available(&app, "areaCode=919&quantity=1").await.remove(0);
    let (id, r) = disconnect(
        &app,
        &disconnect_body(&[tns[0].clone(), tns[1].clone(), foreign.clone()], ""),
    )
    .await;
    assert_eq!(
        r.text_of("OrderStatus").as_deref(),
        Some("PARTIAL"),
        "{}",
        r.body
    );
    assert!(r.body.contains(&format!("<DisconnectedTelephoneNumberList><TelephoneNumber>{}</TelephoneNumber><TelephoneNumber>{}</TelephoneNumber></DisconnectedTelephoneNumberList>", tns[0], tns[1])), "{}", r.body);
    assert!(r.body.contains(&format!("<Error><Code>5006</Code><Description>Telephone number could not be disconnected since it is not associated with your account</Description><TelephoneNumber>{foreign}</TelephoneNumber></Error>")), "{}", r.body);
    assert!(
        r.body.contains("<orderRequest><Name>bye</Name>"),
        "{}",
        r.body
    );
    assert!(r.body.contains("<DisconnectMode>normal</DisconnectMode>"));

    // Aging: not in service, offered to nobody.
    let r = app.get(&format!("/tns/{}", tns[0])).await;
    assert_eq!(r.text_of("Status").as_deref(), Some("Aging"), "{}", r.body);
    assert_eq!(
        app.get(&format!("/accounts/{ACCOUNT}/inserviceNumbers/{}", tns[0]))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert!(!is_offered(&app, &tns[0]).await);
    let r = app.get(&format!("/accounts/{ACCOUNT}/discnumbers")).await;
    assert!(
        r.body
            .contains(&format!("<TelephoneNumber>{}</TelephoneNumber>", tns[0])),
        "{}",
        r.body
    );
    assert_eq!(r.text_of("TotalCount").as_deref(), Some("2"), "{}", r.body);
    let r = app
        .get(&format!("/accounts/{ACCOUNT}/discnumbers/totals"))
        .await;
    assert!(
        r.body.ends_with("<Quantity><Count>2</Count></Quantity>"),
        "{}",
        r.body
    );

    // Another account cannot order an aging number; its owner can.
    app.other_tenant("7700001", "carol", "carol-password").await;
    let other = tnhub_core::ids::AccountId::parse("7700001").unwrap();
    let other_site = app
        .hub
        .create_site(
            &other,
            tnhub_core::site::SitePatch {
                name: Some("carol".into()),
                address: Some(tnhub_core::address::Address {
                    street_name: Some("Elm".into()),
                    city: Some("Cary".into()),
                    state_code: Some("NC".into()),
                    ..Default::default()
                }),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    app.hub
        .create_peer(
            &other,
            &other_site.id.to_string(),
            tnhub_core::sippeer::PeerPatch {
                name: Some("c".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let carol = Some(("carol", "carol-password"));
    let r = app
        .request_as(
            Method::POST,
            "/accounts/7700001/orders",
            Some(&existing_order(&other_site.id.to_string(), &tns[..1], "")),
            carol,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let carol_order = r.text_of("id").unwrap();
    let mut body = String::new();
    for _ in 0..200 {
        body = app
            .request_as(
                Method::GET,
                &format!("/accounts/7700001/orders/{carol_order}"),
                None,
                carol,
            )
            .await
            .body;
        if body.contains("<OrderStatus>FAILED</OrderStatus>")
            || body.contains("<OrderStatus>COMPLETE</OrderStatus>")
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert!(
        body.contains("<OrderStatus>FAILED</OrderStatus>") && body.contains("<Code>5005</Code>"),
        "{body}"
    );
    let back = place(&app, &existing_order(&site, &tns[1..2], "")).await;
    assert_eq!(
        settle(&app, &back).await.text_of("OrderStatus").as_deref(),
        Some("COMPLETE"),
        "the owner re-orders during aging"
    );
    assert_eq!(
        app.get(&format!("/tns/{}", tns[1]))
            .await
            .text_of("Status")
            .as_deref(),
        Some("Inservice")
    );

    // Past the aging period the number is back in inventory.
    app.advance_clock(31 * 86_400).await;
    assert!(is_offered(&app, &tns[0]).await, "released after aging");
    app.hub.release_expired_numbers().await.unwrap();
    assert_eq!(
        app.get(&format!("/tns/{}", tns[0])).await.status,
        StatusCode::NOT_FOUND
    );
    let r = app
        .get(&format!("/accounts/{ACCOUNT}/discnumbers/totals"))
        .await;
    assert!(
        r.body.ends_with("<Quantity><Count>0</Count></Quantity>"),
        "{}",
        r.body
    );

    // The list, notes and history.
    let r = app.get(&disconnects()).await;
    assert!(
        r.body.contains(&format!("<OrderId>{id}</OrderId>"))
            && r.body.contains("<OrderType>disconnect</OrderType>"),
        "{}",
        r.body
    );
    assert!(
        !r.body.contains("<orderId>"),
        "disconnect lists spell OrderId with a capital: {}",
        r.body
    );
    let base = format!("{}/{id}", disconnects());
    let r = app
        .post(
            &format!("{base}/notes"),
            "<Note><UserId>demo</UserId><Description>why</Description></Note>",
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert!(
        app.get(&format!("{base}/notes"))
            .await
            .body
            .contains("<Description>why</Description>")
    );
    let r = app.get(&format!("{base}/history")).await;
    assert!(
        r.body.contains("<Status>RECEIVED</Status>") && r.body.contains("<Status>PARTIAL</Status>"),
        "{}",
        r.body
    );
    // An order id is not a disconnect id.
    app.get(&format!("{}/{back}", disconnects()))
        .await
        .assert_error(404, 1005);
}

#[tokio::test]
async fn purge_returns_numbers_at_once_and_bad_disconnects_are_refused() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let tns = in_service(&app, &site, 1).await;
    let (_, r) = disconnect(
        &app,
        &disconnect_body(&tns, "<DisconnectMode>purge</DisconnectMode>"),
    )
    .await;
    assert_eq!(
        r.text_of("OrderStatus").as_deref(),
        Some("COMPLETE"),
        "{}",
        r.body
    );
    assert!(is_offered(&app, &tns[0]).await);
    assert_eq!(
        app.get(&format!("/tns/{}", tns[0])).await.status,
        StatusCode::NOT_FOUND
    );

    let d = disconnects();
    app.post(
        &d,
        &disconnect_body(&tns, "<DisconnectMode>vanish</DisconnectMode>"),
    )
    .await
    .assert_error(400, 5084);
    app.post(
        &d,
        &disconnect_body(&tns, "<Protected>sometimes</Protected>"),
    )
    .await
    .assert_error(400, 5108);
    app.post(&d, &disconnect_body(&[], ""))
        .await
        .assert_error(400, 5009);
    app.post(&d, &disconnect_body(&["123".into()], ""))
        .await
        .assert_error(400, 5002);
    let r = app.post(&d, "<Disconnect/>").await;
    r.assert_error(400, 1002);
    assert!(
        r.body
            .contains("<DisconnectTelephoneNumberOrderResponse><ErrorList>"),
        "{}",
        r.body
    );
    // Disconnecting only numbers that are not the account's: FAILED.
    let (_, r) = disconnect(&app, &disconnect_body(&tns, "")).await;
    assert_eq!(
        r.text_of("OrderStatus").as_deref(),
        Some("FAILED"),
        "{}",
        r.body
    );
}
