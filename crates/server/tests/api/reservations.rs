//! Reservations: create/get/delete as the clients call them, the hold
//! seen by searches and orders, expiry on the sandbox clock, and codes.

use reqwest::StatusCode;

use crate::helpers::{ACCOUNT, TestApp, last_segment, redact};
use crate::orders::{available, existing_order, only_inventory, place, settle};
use crate::tns::{INVENTORY, TNS};

fn reservations() -> String {
    format!("/accounts/{ACCOUNT}/tnreservation")
}

/// What Node's `TnReservation.create` sends.
fn node_body(tn: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Reservation>\n  <ReservedTn>{tn}</ReservedTn>\n</Reservation>"
    )
}

/// Reserves a number as the demo user and returns the reservation id.
async fn reserve(app: &TestApp, tn: &str) -> String {
    let r = app.post(&reservations(), &node_body(tn)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert!(r.body.is_empty(), "a 201 without a body: {}", r.body);
    last_segment(r.header("location"))
}

#[tokio::test]
async fn a_reservation_is_created_read_and_cancelled() {
    let app = TestApp::spawn().await;
    only_inventory(&app, INVENTORY).await;
    let tn = TNS[0];

    // 201 with a Location under the caller's prefix, ending in a UUID.
    let r = app
        .post(&format!("/v1.0{}", reservations()), &node_body(tn))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let location = r.header("location").to_string();
    assert!(
        location.starts_with(&format!(
            "{}/v1.0/accounts/{ACCOUNT}/tnreservation/",
            app.address
        )),
        "{location}"
    );
    let id = last_segment(&location);
    assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");

    // GET: seconds remaining of the 4-hour hold; <Id> repeats the id for Node.
    let r = app.get(&format!("{}/{id}", reservations())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    insta::assert_snapshot!(redact(&r.body, &app.address), @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><ReservationResponse><Reservation><ReservationId>[uuid]</ReservationId><AccountId>9900001</AccountId><ReservationExpires>14400</ReservationExpires><ReservedTn>9192120100</ReservedTn><Id>[uuid]</Id></Reservation></ReservationResponse>"#);
    assert_eq!(r.text_of("ReservationId"), Some(id.clone()));
    assert_eq!(r.text_of("Id"), Some(id.clone()));

    // The number is reserved, offered by no search, and shows as Reserved.
    assert!(
        !available(&app, "npaNxx=919212&quantity=100")
            .await
            .contains(&tn.to_string())
    );
    let r = app.get(&format!("/tns/{tn}")).await;
    assert_eq!(r.text_of("Status").as_deref(), Some("Reserved"));

    // Python's GET /tns/{tn}/tnreservation: the bare <TNReservation>.
    let r = app.get(&format!("/tns/{tn}/tnreservation")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    insta::assert_snapshot!(redact(&r.body, &app.address), @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><TNReservation><ReservationId>[uuid]</ReservationId><AccountId>9900001</AccountId><ReservationExpires>14400</ReservationExpires><ReservedTn>9192120100</ReservedTn><Id>[uuid]</Id></TNReservation>"#);
    app.get(&format!("/tns/{}/tnreservation", TNS[1]))
        .await
        .assert_error(404, 5043);

    // Reserving it again, by anyone, is refused.
    let r = app.post(&reservations(), &node_body(tn)).await;
    r.assert_error(400, 5041);
    insta::assert_snapshot!(r.body, @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><ReservationResponse><ResponseStatus><ErrorCode>5041</ErrorCode><Description>Reservation failed: telephone number 9192120100 is not available.</Description></ResponseStatus></ReservationResponse>"#);

    // DELETE: 200, then it is gone and the number is for sale again.
    let r = app.delete(&format!("{}/{id}", reservations())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app.get(&format!("{}/{id}", reservations())).await;
    r.assert_error(404, 5043);
    assert!(
        r.body
            .contains("<ReservationResponse><ResponseStatus><ErrorCode>5043</ErrorCode>"),
        "{}",
        r.body
    );
    assert!(
        r.body.contains(&format!("Reservation {id} not found.")),
        "{}",
        r.body
    );
    app.delete(&format!("{}/{id}", reservations()))
        .await
        .assert_error(404, 5043);
    assert!(
        available(&app, "npaNxx=919212&quantity=100")
            .await
            .contains(&tn.to_string())
    );
    app.get(&format!("/tns/{tn}"))
        .await
        .assert_error(404, 15506);

    // The history keeps both steps.
    let r = app.get(&format!("/tns/{tn}/history")).await;
    let statuses: Vec<&str> = r
        .body
        .split("<Status>")
        .skip(1)
        .filter_map(|s| s.split("</Status>").next())
        .collect();
    assert_eq!(statuses, ["Reserved", "Available"], "{}", r.body);

    // Python's form of the request (single-quoted declaration, one line).
    let r = app
        .post(
            &reservations(),
            &format!("<?xml version='1.0' encoding='UTF-8'?>\n<Reservation><ReservedTn>{}</ReservedTn></Reservation>", TNS[1]),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}

#[tokio::test]
async fn only_the_reserving_account_can_order_a_reserved_number() {
    let app = TestApp::spawn().await;
    only_inventory(&app, INVENTORY).await;
    let site = app.create_site("hq").await;
    app.create_peer(&site, "edge").await;
    let id = reserve(&app, TNS[0]).await;

    // Another account can neither reserve nor order it.
    app.other_tenant("9900002", "other", "other-password").await;
    let other = Some(("other", "other-password"));
    let r = app
        .request_as(
            reqwest::Method::POST,
            "/accounts/9900002/tnreservation",
            Some(&node_body(TNS[0])),
            other,
        )
        .await;
    r.assert_error(400, 5041);
    // Its order for the number fails: 5005, the number stays reserved.
    let (other_site, _) = app
        .site_and_peer_as("9900002", ("other", "other-password"))
        .await;
    let r = app
        .order_as(
            "9900002",
            ("other", "other-password"),
            &existing_order(&other_site, &[TNS[0].to_string()], ""),
        )
        .await;
    assert_eq!(
        r.text_of("OrderStatus").as_deref(),
        Some("FAILED"),
        "{}",
        r.body
    );
    assert!(r.body.contains(&format!("<ErrorList><Error><Code>5005</Code><Description>The telephone number is unavailable for ordering</Description><TelephoneNumber>{}</TelephoneNumber></Error></ErrorList>", TNS[0])), "{}", r.body);
    assert_eq!(r.text_of("CompletedQuantity").as_deref(), Some("0"));
    assert_eq!(
        app.get(&format!("/tns/{}", TNS[0]))
            .await
            .text_of("Status")
            .as_deref(),
        Some("Reserved")
    );
    assert_eq!(
        app.get(&format!("{}/{id}", reservations())).await.status,
        StatusCode::OK,
        "the reservation outlives the other account's order"
    );
    // Nor see the reservation, whose id is a 404 on its account and on the owner's.
    app.request_as(
        reqwest::Method::GET,
        &format!("/accounts/9900002/tnreservation/{id}"),
        None,
        other,
    )
    .await
    .assert_error(404, 5043);
    app.request_as(
        reqwest::Method::GET,
        &format!("{}/{id}", reservations()),
        None,
        other,
    )
    .await
    .assert_error(403, 5051);
    app.request_as(
        reqwest::Method::GET,
        &format!("/tns/{}/tnreservation", TNS[0]),
        None,
        other,
    )
    .await
    .assert_error(404, 5043);

    // The reserving account orders it: the reservation becomes the sale.
    let order = place(&app, &existing_order(&site, &[TNS[0].to_string()], "")).await;
    let r = settle(&app, &order).await;
    assert_eq!(
        r.text_of("OrderStatus").as_deref(),
        Some("COMPLETE"),
        "{}",
        r.body
    );
    let r = app.get(&format!("/tns/{}", TNS[0])).await;
    assert_eq!(r.text_of("Status").as_deref(), Some("Inservice"));
    app.get(&format!("{}/{id}", reservations()))
        .await
        .assert_error(404, 5043);
    // An in-service number cannot be reserved.
    app.post(&reservations(), &node_body(TNS[0]))
        .await
        .assert_error(400, 5041);
}

#[tokio::test]
async fn a_reservation_ends_when_the_sandbox_clock_passes_its_hold() {
    let app = TestApp::spawn().await;
    only_inventory(&app, INVENTORY).await;
    let id = reserve(&app, TNS[0]).await;

    app.advance_clock(3 * 3600).await;
    let r = app.get(&format!("{}/{id}", reservations())).await;
    assert_eq!(r.text_of("ReservationExpires").as_deref(), Some("3600"));

    // One second past the 4 hours: gone at once, before any housekeeping.
    app.advance_clock(3600 + 1).await;
    app.get(&format!("{}/{id}", reservations()))
        .await
        .assert_error(404, 5043);
    assert!(
        available(&app, "npaNxx=919212&quantity=100")
            .await
            .contains(&TNS[0].to_string())
    );
    app.get(&format!("/tns/{}", TNS[0]))
        .await
        .assert_error(404, 15506);
    let r = app.get("/tns?status=Reserved").await;
    assert!(r.body.contains("<TelephoneNumbers/>"), "{}", r.body);

    // Another account may reserve it now; the ended row is taken over.
    app.other_tenant("9900002", "other", "other-password").await;
    let r = app
        .request_as(
            reqwest::Method::POST,
            "/accounts/9900002/tnreservation",
            Some(&node_body(TNS[0])),
            Some(("other", "other-password")),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    // Housekeeping releases what is still held only by ended rows.
    reserve(&app, TNS[1]).await;
    app.advance_clock(4 * 3600 + 1).await;
    app.hub.release_expired_numbers().await.unwrap();
    let r = app.get(&format!("/tns/{}/history", TNS[1])).await;
    assert!(r.body.contains("<Status>Available</Status>"), "{}", r.body);
}

#[tokio::test]
async fn reservation_errors_have_their_codes() {
    let app = TestApp::spawn().await;
    only_inventory(&app, INVENTORY).await;
    // Not in the inventory, or not a number at all: 5040.
    let r = app.post(&reservations(), &node_body("9192130100")).await;
    r.assert_error(400, 5040);
    insta::assert_snapshot!(r.body, @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><ReservationResponse><ResponseStatus><ErrorCode>5040</ErrorCode><Description>Reservation failed: telephone number 9192130100 not found.</Description></ResponseStatus></ReservationResponse>"#);
    app.post(&reservations(), &node_body("12"))
        .await
        .assert_error(400, 5040);
    app.post(&reservations(), &node_body("9195550100"))
        .await
        .assert_error(400, 5040);
    // Missing ReservedTn: 1003; not XML or another document: 1002.
    app.post(&reservations(), "<Reservation/>")
        .await
        .assert_error(400, 1003);
    let r = app.post(&reservations(), "<Reservation>").await;
    r.assert_error(400, 1002);
    assert!(r.body.contains("<ReservationResponse>"), "{}", r.body);
    app.post(&reservations(), "<Order/>")
        .await
        .assert_error(400, 1002);
    // Unknown ids, whatever their form: 5043.
    for id in ["00000000-0000-4000-8000-000000000000", "undefined", "1"] {
        app.get(&format!("{}/{id}", reservations()))
            .await
            .assert_error(404, 5043);
        app.delete(&format!("{}/{id}", reservations()))
            .await
            .assert_error(404, 5043);
    }
    app.get("/tns/919/tnreservation")
        .await
        .assert_error(400, 12512);
}

#[tokio::test]
async fn a_configured_hold_time_takes_effect() {
    // What `tnhub serve --reservation-hours 0.5` sets.
    let app = TestApp::spawn_configured(false, |hub| {
        hub.with_reservation_hold(std::time::Duration::from_secs(30 * 60))
    })
    .await;
    only_inventory(&app, INVENTORY).await;
    let id = reserve(&app, TNS[0]).await;
    let r = app.get(&format!("{}/{id}", reservations())).await;
    assert_eq!(
        r.text_of("ReservationExpires").as_deref(),
        Some("1800"),
        "{}",
        r.body
    );
    app.advance_clock(29 * 60 + 59).await;
    let r = app.get(&format!("{}/{id}", reservations())).await;
    assert_eq!(r.text_of("ReservationExpires").as_deref(), Some("1"));
    assert!(
        !available(&app, "npaNxx=919212&quantity=100")
            .await
            .contains(&TNS[0].to_string())
    );
    // Half an hour, not the default four: gone one second later.
    app.advance_clock(1).await;
    app.get(&format!("{}/{id}", reservations()))
        .await
        .assert_error(404, 5043);
    assert!(
        available(&app, "npaNxx=919212&quantity=100")
            .await
            .contains(&TNS[0].to_string())
    );
}
