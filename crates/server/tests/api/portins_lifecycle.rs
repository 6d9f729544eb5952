//! The port-in lifecycle over HTTP, driven by the sandbox clock: the
//! simulated carrier's FOC, completion on the FOC date, supplements in each
//! state, the terminal states, callbacks queued for every transition, and a
//! restart in the middle. Cancellations are in `portins_cancel.rs`.

use reqwest::StatusCode;
use tnhub_core::ids::AccountId;
use tnhub_core::order::portin::carrier::losing_carrier_of;
use tnhub_core::order::portin::foc;
use tnhub_core::subscription::{DeliveryFilter, SubscriptionDraft};

use crate::helpers::{ACCOUNT, TestApp};
use crate::orders::site_and_peer;
use crate::portins::{
    assert_codes, create, foc_in, get, lnp_order, now, numbers, portins, tn_status, wait_for,
};

/// The default delay of the simulated carrier's answers.
pub const CARRIER_DELAY: i64 = 3_600;

pub fn account() -> AccountId {
    AccountId::parse(ACCOUNT).unwrap()
}

pub fn history(body: &str) -> Vec<String> {
    body.split("<Status>")
        .skip(1)
        .filter_map(|s| s.split("</Status>").next())
        .map(str::to_string)
        .collect()
}

pub async fn supp(app: &TestApp, id: &str, body: &str) -> crate::helpers::Reply {
    app.put(&format!("{}/{id}", portins()), body).await
}

#[tokio::test]
async fn the_carrier_answers_with_foc_and_the_port_completes_on_its_foc_date() {
    let app = TestApp::spawn().await;
    let (site, peer) = site_and_peer(&app).await;
    app.hub
        .create_subscription(
            &account(),
            SubscriptionDraft {
                order_type: Some("portins".into()),
                url: Some("http://127.0.0.1:9/portins".into()),
                ..SubscriptionDraft::default()
            },
        )
        .await
        .unwrap();
    let tns = numbers("919207", 5100, 2);
    let requested = foc_in(&app, 10);
    let (id, _) = create(
        &app,
        &lnp_order(&site, &tns, &format!("<RequestedFocDate>{}</RequestedFocDate><TnAttributes><TnAttribute>Protected</TnAttribute></TnAttributes>", requested.iso())),
    )
    .await;

    // The carrier takes its time.
    app.advance_clock(CARRIER_DELAY - 60).await;
    let _ = app.hub.run_due_jobs().await;
    assert_eq!(
        get(&app, &id).await.text_of("ProcessingStatus").as_deref(),
        Some("SUBMITTED")
    );
    app.advance_clock(61).await;
    let r = wait_for(&app, &id, "FOC").await;
    assert_eq!(
        r.text_of("ActualFocDate"),
        Some(requested.iso()),
        "the requested date, still allowed"
    );
    assert_eq!(r.text_of("LastModifiedBy").as_deref(), Some("System"));
    assert_eq!(
        tn_status(&app, &tns[0]).await.as_deref(),
        Some("PortInPendingFoc")
    );

    // On the FOC date the numbers go in service on the port-in's site and peer.
    let secs = (requested.millis() - now(&app).millis()) / 1_000 + 1;
    app.advance_clock(secs).await;
    wait_for(&app, &id, "COMPLETE").await;
    let r = app.get(&format!("/tns/{}", tns[0])).await;
    assert_eq!(
        r.text_of("Status").as_deref(),
        Some("Inservice"),
        "{}",
        r.body
    );
    assert_eq!(r.text_of("OrderType").as_deref(), Some("PORT_NUMBER_ORDER"));
    assert_eq!(r.text_of("OrderId"), Some(id.clone()));
    assert_eq!(r.text_of("SiteId"), Some(site.clone()));
    let r = app.get(&format!("/tns/{}/tndetails", tns[1])).await;
    assert!(
        r.body.contains(&format!("<Site><Id>{site}</Id>")),
        "{}",
        r.body
    );
    assert!(
        r.body.contains(&format!("<PeerId>{peer}</PeerId>")),
        "{}",
        r.body
    );
    assert!(
        r.body.contains("<TnAttribute>Protected</TnAttribute>"),
        "{}",
        r.body
    );
    let r = app
        .get(&format!("/accounts/{ACCOUNT}/inserviceNumbers/{}", tns[1]))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = app
        .get(&format!(
            "/accounts/{ACCOUNT}/sites/{site}/sippeers/{peer}/tns"
        ))
        .await;
    assert!(
        r.body.contains(&tns[0]) && r.body.contains(&tns[1]),
        "{}",
        r.body
    );

    let r = app.get(&format!("{}/{id}/history", portins())).await;
    assert_eq!(
        history(&r.body),
        ["SUBMITTED", "FOC", "COMPLETE"],
        "{}",
        r.body
    );

    // Terminal: no supplement, no cancel.
    assert_codes(
        &supp(
            &app,
            &id,
            "<LnpOrderSupp><CustomerOrderId>x</CustomerOrderId></LnpOrderSupp>",
        )
        .await,
        400,
        &[7304],
    );
    let r = app.delete(&format!("{}/{id}", portins())).await;
    assert_codes(&r, 400, &[7304]);
    assert!(
        r.body
            .contains("The order is already complete and cannot be modified or cancelled")
    );

    // Subscribers got a callback queued for every transition.
    let mut got = app
        .hub
        .deliveries(&DeliveryFilter {
            account_id: Some(account()),
            limit: 100,
            ..DeliveryFilter::default()
        })
        .await
        .unwrap();
    got.reverse();
    let statuses: Vec<&str> = got
        .iter()
        .map(|(d, _)| d.notification.status.as_str())
        .collect();
    assert_eq!(statuses, ["SUBMITTED", "FOC", "COMPLETE"]);
    let foc_event = &got[1].0.notification;
    assert_eq!(foc_event.order_type, "portins");
    assert_eq!(foc_event.order_id, id);
    assert_eq!(foc_event.actual_foc_date, Some(requested));
    assert_eq!(foc_event.customer_order_id.as_deref(), Some("port-1"));
    assert_eq!(got[2].0.notification.completed_numbers, tns);
}

#[tokio::test]
async fn without_a_usable_requested_date_the_carrier_gives_the_earliest_allowed() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let tns = numbers("919207", 5200, 1);
    let interval = losing_carrier_of(&tns[0]).unwrap().min_porting_interval;

    // None requested.
    let (id, _) = create(&app, &lnp_order(&site, &tns, "")).await;
    app.advance_clock(CARRIER_DELAY + 1).await;
    let before = now(&app);
    let r = wait_for(&app, &id, "FOC").await;
    let expected = [
        foc::earliest(before, interval).iso(),
        foc::earliest(now(&app), interval).iso(),
    ];
    assert!(
        expected.contains(&r.text_of("ActualFocDate").unwrap()),
        "{} not in {expected:?}",
        r.body
    );

    // Requested, allowed when sent, no longer allowed when the carrier
    // answers five days later.
    app.hub
        .set_carrier_defaults(Some(5 * 86_400), None)
        .await
        .unwrap();
    let tns = numbers("919207", 5300, 1);
    let requested = foc::earliest(now(&app), interval);
    let (id, _) = create(
        &app,
        &lnp_order(
            &site,
            &tns,
            &format!("<RequestedFocDate>{}</RequestedFocDate>", requested.iso()),
        ),
    )
    .await;
    app.advance_clock(5 * 86_400 + 1).await;
    let before = now(&app);
    let r = wait_for(&app, &id, "FOC").await;
    let actual = r.text_of("ActualFocDate").unwrap();
    assert_ne!(actual, requested.iso());
    let expected = [
        foc::earliest(before, interval).iso(),
        foc::earliest(now(&app), interval).iso(),
    ];
    assert!(expected.contains(&actual), "{actual} not in {expected:?}");
}

#[tokio::test]
async fn supplements_change_the_port_in_where_allowed_and_are_refused_where_not() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let peer2 = app.create_peer(&site, "second").await;
    let tns = numbers("919207", 5400, 2);
    let (id, _) = create(
        &app,
        &lnp_order(
            &site,
            &tns,
            &format!(
                "<RequestedFocDate>{}</RequestedFocDate>",
                foc_in(&app, 10).iso()
            ),
        ),
    )
    .await;

    // SUBMITTED → REQUESTED_SUPP, with only the fields sent changed.
    let new_date = foc_in(&app, 12);
    let r = supp(&app, &id, &format!("<LnpOrderSupp><CustomerOrderId>port-2</CustomerOrderId><RequestedFocDate>{}</RequestedFocDate><PeerId>{peer2}</PeerId></LnpOrderSupp>", new_date.iso())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.text_of("OrderId"), Some(id.clone()));
    assert!(r.body.contains("<Status><Code>200</Code><Description>Supp request received. Please use the order id to check the status of your order later.</Description></Status><ProcessingStatus>REQUESTED_SUPP</ProcessingStatus>"), "{}", r.body);
    let r = get(&app, &id).await;
    assert_eq!(r.text_of("CustomerOrderId").as_deref(), Some("port-2"));
    assert_eq!(r.text_of("RequestedFocDate"), Some(new_date.iso()));
    assert_eq!(r.text_of("PeerId"), Some(peer2.clone()));
    assert_eq!(
        r.text_of("LoaAuthorizingPerson").as_deref(),
        Some("Jane Doe"),
        "unsent fields stay"
    );

    // What a supplement cannot do.
    let other = numbers("919207", 5410, 1);
    let r = supp(&app, &id, &format!("<LnpOrderSupp><ListOfPhoneNumbers><PhoneNumber>{}</PhoneNumber></ListOfPhoneNumbers></LnpOrderSupp>", other[0])).await;
    assert_codes(&r, 400, &[7495]);
    assert_codes(
        &supp(
            &app,
            &id,
            "<LnpOrderSupp><Triggered>true</Triggered></LnpOrderSupp>",
        )
        .await,
        400,
        &[7495],
    );
    assert_codes(&supp(&app, &id, "<LnpOrderSupp><RequestedFocDate>2001-01-02T15:00:00Z</RequestedFocDate></LnpOrderSupp>").await, 400, &[7208]);
    assert_codes(
        &supp(
            &app,
            &id,
            "<LnpOrderSupp><PeerId>999</PeerId></LnpOrderSupp>",
        )
        .await,
        400,
        &[7312],
    );
    assert_eq!(
        get(&app, &id).await.text_of("CustomerOrderId").as_deref(),
        Some("port-2"),
        "a refused supplement changes nothing"
    );

    // Python's supplement: root <LnpOrder>, echoing the last answer.
    let echo = lnp_order(
        &site,
        &tns,
        &format!(
            "<OrderId>{id}</OrderId><Status><Code>201</Code><Description>x</Description></Status><ProcessingStatus>SUBMITTED</ProcessingStatus><RequestedFocDate>{}</RequestedFocDate><Triggered>false</Triggered>",
            new_date.iso()
        ),
    );
    let r = supp(&app, &id, &echo).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        r.text_of("ProcessingStatus").as_deref(),
        Some("REQUESTED_SUPP")
    );

    // The carrier answers the supplement; FOC may be supplemented too…
    app.advance_clock(CARRIER_DELAY + 1).await;
    wait_for(&app, &id, "FOC").await;
    let r = supp(
        &app,
        &id,
        "<LnpOrderSupp><CustomerOrderId>port-3</CustomerOrderId></LnpOrderSupp>",
    )
    .await;
    assert_eq!(
        r.text_of("ProcessingStatus").as_deref(),
        Some("REQUESTED_SUPP"),
        "{}",
        r.body
    );
    app.advance_clock(CARRIER_DELAY + 1).await;
    let r = wait_for(&app, &id, "FOC").await;
    // …until 24 hours before the FOC date.
    let focd = tnhub_core::Timestamp::parse(&r.text_of("ActualFocDate").unwrap()).unwrap();
    app.advance_clock((focd.millis() - now(&app).millis()) / 1_000 - 3_600)
        .await;
    assert_codes(
        &supp(
            &app,
            &id,
            "<LnpOrderSupp><CustomerOrderId>late</CustomerOrderId></LnpOrderSupp>",
        )
        .await,
        400,
        &[7331],
    );
    app.advance_clock(3_601).await;
    wait_for(&app, &id, "COMPLETE").await;
    // The numbers went to the supplemented peer.
    let r = app.get(&format!("/tns/{}/tndetails", tns[0])).await;
    assert!(
        r.body.contains(&format!("<PeerId>{peer2}</PeerId>")),
        "{}",
        r.body
    );
    let r = app.get(&format!("{}/{id}/history", portins())).await;
    assert_eq!(
        history(&r.body),
        [
            "SUBMITTED",
            "REQUESTED_SUPP",
            "REQUESTED_SUPP",
            "FOC",
            "REQUESTED_SUPP",
            "FOC",
            "COMPLETE"
        ],
        "{}",
        r.body
    );
}

#[tokio::test]
async fn a_port_in_accepted_before_a_restart_continues_its_lifecycle_after_it() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let tns = numbers("919207", 5700, 1);
    let requested = foc_in(&app, 10);
    let (id, _) = create(
        &app,
        &lnp_order(
            &site,
            &tns,
            &format!("<RequestedFocDate>{}</RequestedFocDate>", requested.iso()),
        ),
    )
    .await;
    let app = app.restart().await;
    assert_eq!(
        get(&app, &id).await.text_of("ProcessingStatus").as_deref(),
        Some("SUBMITTED")
    );
    app.advance_clock(CARRIER_DELAY + 1).await;
    wait_for(&app, &id, "FOC").await;
    let app = app.restart().await;
    app.advance_clock((requested.millis() - now(&app).millis()) / 1_000 + 1)
        .await;
    wait_for(&app, &id, "COMPLETE").await;
    assert_eq!(tn_status(&app, &tns[0]).await.as_deref(), Some("Inservice"));
}
