//! What may be disconnected, and what a disconnected number looks like:
//! 5006 for another account's number in service and for a number already
//! aging (whose aging is not restarted), `Aging` in `tndetails`, the
//! `discnumbers` filters, and a configured aging period. Split from
//! `disconnects` to keep each file short.

use std::time::Duration;

use reqwest::{Method, StatusCode};

use crate::disconnects::{disconnect_body, in_service};
use crate::helpers::{ACCOUNT, Reply, TestApp, last_segment};
use crate::orders::{available, existing_order, is_offered, place, settle, site_and_peer};

const CAROL: (&str, &str) = ("carol", "carol-password");

/// Posts a disconnect and waits until it is done.
async fn disconnect(app: &TestApp, tns: &[String]) -> Reply {
    let r = app
        .post(
            &format!("/accounts/{ACCOUNT}/disconnects"),
            &disconnect_body(tns, ""),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = last_segment(r.header("location"));
    for _ in 0..400 {
        let r = app
            .get(&format!("/accounts/{ACCOUNT}/disconnects/{id}"))
            .await;
        if !matches!(
            r.text_of("OrderStatus").as_deref(),
            Some("RECEIVED" | "PROCESSING")
        ) {
            return r;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("disconnect {id} did not finish");
}

fn not_yours(tn: &str) -> String {
    format!(
        "<Error><Code>5006</Code><Description>Telephone number could not be disconnected since it is not associated with your account</Description><TelephoneNumber>{tn}</TelephoneNumber></Error>"
    )
}

fn disc_numbers(r: &Reply) -> Vec<String> {
    let mut v: Vec<String> = r
        .body
        .split("<TelephoneNumber>")
        .skip(1)
        .filter_map(|s| s.split("</TelephoneNumber>").next())
        .map(str::to_string)
        .collect();
    v.sort();
    v
}

#[tokio::test]
async fn only_the_accounts_numbers_in_service_can_be_disconnected() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let mine = in_service(&app, &site, 2).await;

    // Another account's number in service: 5006, and it stays theirs.
    app.other_tenant("7700001", "carol", "carol-password").await;
    let (carol_site, _) = app.site_and_peer_as("7700001", CAROL).await;
    let theirs = available(&app, "areaCode=919&quantity=1").await;
    let r = app
        .order_as("7700001", CAROL, &existing_order(&carol_site, &theirs, ""))
        .await;
    assert_eq!(r.text_of("OrderStatus").as_deref(), Some("COMPLETE"));
    let r = disconnect(&app, &theirs).await;
    assert_eq!(
        r.text_of("OrderStatus").as_deref(),
        Some("FAILED"),
        "{}",
        r.body
    );
    assert!(r.body.contains(&not_yours(&theirs[0])), "{}", r.body);
    assert!(
        !r.body
            .contains("<DisconnectedTelephoneNumberList><TelephoneNumber>"),
        "nothing was disconnected: {}",
        r.body
    );
    let r = app
        .request_as(
            Method::GET,
            &format!("/tns/{}/tndetails", theirs[0]),
            None,
            Some(CAROL),
        )
        .await;
    assert_eq!(
        r.text_of("Status").as_deref(),
        Some("Inservice"),
        "{}",
        r.body
    );
    assert_eq!(r.text_of("AccountId").as_deref(), Some("7700001"));
    // The demo user does not even see it.
    app.get(&format!("/tns/{}", theirs[0]))
        .await
        .assert_error(404, 15506);

    // One of its own: aging, shown so in tndetails without site or peer.
    let r = disconnect(&app, &mine[..1]).await;
    assert_eq!(r.text_of("OrderStatus").as_deref(), Some("COMPLETE"));
    let r = app.get(&format!("/tns/{}/tndetails", mine[0])).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body
            .contains(&format!("<FullNumber>{}</FullNumber>", mine[0]))
            && r.body.contains("<Status>Aging</Status>"),
        "{}",
        r.body
    );
    assert!(
        !r.body.contains("<Site>") && !r.body.contains("<SipPeer>"),
        "an aging number is on no site or peer: {}",
        r.body
    );
    assert!(!r.body.contains("<InServiceDate>"), "{}", r.body);
    assert_eq!(
        app.get(&format!("/tns/{}", mine[0]))
            .await
            .text_of("OrderType")
            .as_deref(),
        Some("DISCONNECT_NUMBER_ORDER")
    );

    // Disconnecting it again is refused (it is not in service): 5006, and
    // its aging is not restarted — it ends 30 days after the first.
    app.advance_clock(20 * 86_400).await;
    let r = disconnect(&app, &mine).await;
    assert_eq!(
        r.text_of("OrderStatus").as_deref(),
        Some("PARTIAL"),
        "{}",
        r.body
    );
    assert!(r.body.contains(&not_yours(&mine[0])), "{}", r.body);
    assert!(
        r.body.contains(&format!(
            "<DisconnectedTelephoneNumberList><TelephoneNumber>{}</TelephoneNumber></DisconnectedTelephoneNumberList>",
            mine[1]
        )),
        "{}",
        r.body
    );
    let history = app.get(&format!("/tns/{}/history", mine[0])).await;
    assert_eq!(
        history.body.matches("<Status>Aging</Status>").count(),
        1,
        "{}",
        history.body
    );
    app.advance_clock(10 * 86_400 + 1).await;
    assert!(
        is_offered(&app, &mine[0]).await,
        "released 30 days after its only disconnect"
    );
    assert!(!is_offered(&app, &mine[1]).await, "still aging");
}

#[tokio::test]
async fn discnumbers_filter_by_date_and_type() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let local = in_service(&app, &site, 2).await;
    let toll_free = available(&app, "tollFreeWildCardPattern=8**&quantity=1").await;
    let id = place(&app, &existing_order(&site, &toll_free, "")).await;
    assert_eq!(
        settle(&app, &id).await.text_of("OrderStatus").as_deref(),
        Some("COMPLETE")
    );
    // Day 0: one local and the toll-free number; day 2: the other local.
    // The day of each is read back from the number (its last change).
    let disconnected_on = |tn: String| {
        let app = &app;
        async move {
            let r = app.get(&format!("/tns/{tn}/tndetails")).await;
            assert_eq!(r.text_of("Status").as_deref(), Some("Aging"), "{}", r.body);
            r.text_of("LastModified").unwrap()[..10].to_string()
        }
    };
    let mut first = vec![local[0].clone(), toll_free[0].clone()];
    first.sort();
    let r = disconnect(&app, &first).await;
    assert_eq!(r.text_of("OrderStatus").as_deref(), Some("COMPLETE"));
    let day0 = disconnected_on(local[0].clone()).await;
    assert_eq!(disconnected_on(toll_free[0].clone()).await, day0);
    app.advance_clock(2 * 86_400).await;
    let r = disconnect(&app, &local[1..]).await;
    assert_eq!(r.text_of("OrderStatus").as_deref(), Some("COMPLETE"));
    let day2 = disconnected_on(local[1].clone()).await;
    assert!(day2 > day0, "{day0} {day2}");

    let list = |q: String| {
        let app = &app;
        async move {
            app.get(&format!("/accounts/{ACCOUNT}/discnumbers?{q}"))
                .await
        }
    };
    let totals = |q: String| {
        let app = &app;
        async move {
            app.get(&format!("/accounts/{ACCOUNT}/discnumbers/totals?{q}"))
                .await
        }
    };
    let mut all = vec![local[0].clone(), local[1].clone(), toll_free[0].clone()];
    all.sort();
    assert_eq!(disc_numbers(&list(String::new()).await), all);
    let r = list(format!("startdate={day0}&enddate={day0}")).await;
    assert_eq!(disc_numbers(&r), first, "{}", r.body);
    assert_eq!(r.text_of("TotalCount").as_deref(), Some("2"), "{}", r.body);
    let r = list(format!("startdate={day2}")).await;
    assert_eq!(disc_numbers(&r), local[1..].to_vec(), "{}", r.body);
    let r = list(format!("enddate={day0}")).await;
    assert_eq!(disc_numbers(&r), first, "{}", r.body);
    assert_eq!(
        list("startdate=2000-01-01&enddate=2000-01-31".into())
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let r = list("type=tollfree".into()).await;
    assert_eq!(disc_numbers(&r), toll_free, "{}", r.body);
    let r = list("type=local".into()).await;
    let mut locals = local.clone();
    locals.sort();
    assert_eq!(disc_numbers(&r), locals, "{}", r.body);
    let r = list(format!("type=local&startdate={day0}&enddate={day0}")).await;
    assert_eq!(disc_numbers(&r), vec![local[0].clone()], "{}", r.body);
    assert_eq!(disc_numbers(&list("type=ALL".into()).await), all);

    // The totals count the same.
    let count = |r: &Reply| r.text_of("Count").unwrap_or_default();
    assert_eq!(count(&totals(String::new()).await), "3");
    assert_eq!(count(&totals("type=tollfree".into()).await), "1");
    assert_eq!(count(&totals(format!("startdate={day2}")).await), "1");
    assert_eq!(
        count(&totals(format!("enddate={day0}&type=local")).await),
        "1"
    );

    // Invalid filters: 404, as for in-service numbers.
    list("type=vanity".into()).await.assert_error(404, 1004);
    list("startdate=someday".into())
        .await
        .assert_error(404, 15503);
    list(format!("startdate={day2}&enddate={day0}"))
        .await
        .assert_error(404, 15501);
    totals("type=vanity".into()).await.assert_error(404, 1004);
}

#[tokio::test]
async fn a_configured_aging_period_takes_effect() {
    // What `tnhub serve --aging-days 2` sets.
    let app =
        TestApp::spawn_configured(false, |hub| hub.with_aging(Duration::from_secs(2 * 86_400)))
            .await;
    let (site, _) = site_and_peer(&app).await;
    let tns = in_service(&app, &site, 1).await;
    let r = disconnect(&app, &tns).await;
    assert_eq!(r.text_of("OrderStatus").as_deref(), Some("COMPLETE"));
    app.advance_clock(2 * 86_400 - 1).await;
    assert!(!is_offered(&app, &tns[0]).await, "still aging");
    assert_eq!(
        app.get(&format!("/tns/{}", tns[0]))
            .await
            .text_of("Status")
            .as_deref(),
        Some("Aging")
    );
    // Two days, not the default thirty: back in inventory a second later.
    app.advance_clock(1).await;
    assert!(is_offered(&app, &tns[0]).await, "released after two days");
    app.get(&format!("/tns/{}", tns[0]))
        .await
        .assert_error(404, 15506);
    assert_eq!(
        app.get(&format!("/accounts/{ACCOUNT}/discnumbers"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
}
