//! Port-in callbacks to a real receiver: a port-in's walk from SUBMITTED
//! through FOC to COMPLETE on the sandbox clock reaches a `portins`
//! subscription as one signed `<Notification>` per status change.

use reqwest::StatusCode;

use crate::callbacks::{text, verify};
use crate::helpers::{ACCOUNT, TestApp, last_segment};
use crate::orders::site_and_peer;
use crate::portins::{create, foc_in, lnp_order, now, numbers, wait_for};
use crate::receiver::Receiver;

#[tokio::test]
async fn a_port_in_s_status_changes_reach_the_receiver_signed() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start(&[], 200).await;
    let subscriptions = format!("/accounts/{ACCOUNT}/subscriptions");
    let r = app
        .post(
            &subscriptions,
            &format!(
                "<Subscription><OrderType>portins</OrderType><CallbackSubscription><URL>{}</URL>\
                 <CallbackCredentials><BasicAuthentication><Username>hook</Username><Password>hook-secret</Password>\
                 </BasicAuthentication></CallbackCredentials></CallbackSubscription></Subscription>",
                receiver.url
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let sub = last_segment(r.header("location"));
    let secret = app
        .get(&format!("{subscriptions}/{sub}"))
        .await
        .text_of("SigningSecret")
        .expect("a signing secret");

    let (site, _) = site_and_peer(&app).await;
    let tns = numbers("919207", 5300, 2);
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
    // The simulated carrier answers after an hour; the port completes on
    // its FOC date.
    app.advance_clock(3_601).await;
    wait_for(&app, &id, "FOC").await;
    let secs = (requested.millis() - now(&app).millis()) / 1_000 + 1;
    app.advance_clock(secs).await;
    wait_for(&app, &id, "COMPLETE").await;

    let got = receiver.wait_for(3).await;
    let statuses: Vec<String> = got
        .iter()
        .map(|n| text(&n.body, "Status").unwrap_or_default())
        .collect();
    assert_eq!(statuses, ["SUBMITTED", "FOC", "COMPLETE"], "{got:?}");
    for n in &got {
        verify(n, &secret);
        assert!(
            n.headers["authorization"]
                .to_str()
                .unwrap()
                .starts_with("Basic "),
            "the subscription's credentials"
        );
        assert_eq!(text(&n.body, "SubscriptionId"), Some(sub.clone()));
        assert_eq!(text(&n.body, "OrderType").as_deref(), Some("portins"));
        assert_eq!(text(&n.body, "OrderId"), Some(id.clone()));
    }
    assert_eq!(
        text(&got[1].body, "ActualFocDate"),
        Some(requested.iso()),
        "the FOC notification carries the date: {}",
        got[1].body
    );
    // Each change is sent once: nothing more arrives.
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    assert_eq!(receiver.received().len(), 3, "{:?}", receiver.received());
}
