//! What a subscriber is owed, and in which order: a callback of an event
//! that happened while the subscription was valid is sent (and replayed)
//! even once the clock is past its `Expiry`, and one order's callbacks
//! reach a subscription in event order, a later one waiting for the
//! earlier to be delivered (or to die).

use reqwest::StatusCode;
use tnhub_server::callbacks::CallbackConfig;

use crate::callbacks::{log, subscriptions, text, wait_log};
use crate::helpers::{ACCOUNT, TestApp, last_segment};
use crate::orders::{available, existing_order, place, settle, site_and_peer};
use crate::receiver::Receiver;

/// Places and completes an order of one number; returns its id.
async fn complete_an_order(app: &TestApp, site: &str) -> String {
    let tns = available(app, "areaCode=919&quantity=1").await;
    let id = place(app, &existing_order(site, &tns, "")).await;
    settle(app, &id).await;
    id
}

#[tokio::test]
async fn an_event_before_the_expiry_is_delivered_and_replayed_after_it() {
    let app = TestApp::spawn_with_callbacks(CallbackConfig::default()).await;
    // The first attempt fails, so the retry comes after the clock moved.
    let receiver = Receiver::start(&[500], 200).await;
    let r = app
        .post(
            &subscriptions(),
            &format!(
                "<Subscription><OrderType>orders</OrderType><CallbackSubscription><URL>{}</URL>\
                 <Expiry>3600</Expiry></CallbackSubscription></Subscription>",
                receiver.url
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let sub = last_segment(r.header("location"));
    let (site, _) = site_and_peer(&app).await;
    complete_an_order(&app, &site).await;
    receiver.wait_for(1).await;
    wait_log(&app, &sub, "the failed first attempt", |b| {
        b.contains("<Attempts>1</Attempts>") && b.contains("<State>pending</State>")
    })
    .await;
    // Two hours on: the subscription has expired, and the retry is due.
    app.advance_clock(7_200).await;
    let body = wait_log(&app, &sub, "delivered or dead", |b| {
        b.contains("<State>delivered</State>") || b.contains("<State>dead</State>")
    })
    .await;
    assert!(body.contains("<State>delivered</State>"), "{body}");
    assert!(body.contains("<Attempts>2</Attempts>"), "{body}");
    assert_eq!(receiver.received().len(), 2);
    // A replay after the expiry is sent too.
    let delivery = text(&body, "Id").unwrap();
    let r = app
        .post(
            &format!("{}/{sub}/deliveries/{delivery}/replay", subscriptions()),
            "",
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    receiver.wait_for(3).await;
    let body = wait_log(&app, &sub, "the replay", |b| {
        b.contains("<Attempts>3</Attempts>") && !b.contains("<State>pending</State>")
    })
    .await;
    assert!(body.contains("<State>delivered</State>"), "{body}");
    // A change after the expiry is owed to no one.
    complete_an_order(&app, &site).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(log(&app, &sub).await.matches("<Delivery>").count(), 1);
}

#[tokio::test]
async fn one_orders_callbacks_arrive_in_event_order() {
    let app = TestApp::spawn_with_callbacks(CallbackConfig::default()).await;
    // The first callback fails and is retried after a backoff (0.5 to
    // 1.5 s); the order's next one must wait for it.
    let receiver = Receiver::start(&[500], 200).await;
    let (sub, _) = crate::callbacks::subscribe(&app, "orders", &receiver.url, false).await;
    let (site, _) = site_and_peer(&app).await;
    let order = complete_an_order(&app, &site).await;
    receiver.wait_for(1).await;
    let r = app
        .post(
            &format!("/accounts/{ACCOUNT}/orders/{order}/notes"),
            "<Note><UserId>demo</UserId><Description>after</Description></Note>",
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    // Another order's callback is not held back by this one's.
    let other = complete_an_order(&app, &site).await;
    let got = receiver.wait_for(4).await;
    let of = |id: &str| -> Vec<String> {
        got.iter()
            .filter(|g| text(&g.body, "OrderId").as_deref() == Some(id))
            .map(|g| text(&g.body, "Note").unwrap_or_else(|| "(status)".into()))
            .collect()
    };
    // The COMPLETE (failed, then retried) before the note.
    assert_eq!(of(&order), ["(status)", "(status)", "after"], "{got:?}");
    assert_eq!(of(&other), ["(status)"], "{got:?}");
    wait_log(&app, &sub, "all delivered", |b| {
        b.matches("<State>delivered</State>").count() == 3
    })
    .await;
}
