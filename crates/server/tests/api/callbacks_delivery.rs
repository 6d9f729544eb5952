//! How the deliverer treats receivers: faithful mode's single attempt and
//! Basic-auth challenge, redirects not followed, timeouts retried, host
//! names judged by what they resolve to, and a hung receiver that delays
//! nobody else's callbacks.

use std::time::Duration;

use base64::Engine;
use tnhub_server::callbacks::{AddressPolicy, CallbackConfig, DeliveryMode};

use crate::callbacks::{log, subscribe, subscriptions, text, verify, wait_log, wait_state};
use crate::helpers::{ACCOUNT, TestApp};
use crate::orders::{available, existing_order, place, settle, site_and_peer};
use crate::receiver::Receiver;

/// Places and completes an order: one COMPLETE callback per `orders`
/// subscription. Returns the order id.
async fn complete_an_order(app: &TestApp) -> String {
    let (site, _) = site_and_peer(app).await;
    let tns = available(app, "areaCode=919&quantity=1").await;
    let id = place(app, &existing_order(&site, &tns, "")).await;
    settle(app, &id).await;
    id
}

/// Adds a note to an order: one more callback per `orders` subscription.
async fn note(app: &TestApp, order: &str, text: &str) {
    let r = app
        .post(
            &format!("/accounts/{ACCOUNT}/orders/{order}/notes"),
            &format!("<Note><UserId>demo</UserId><Description>{text}</Description></Note>"),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
}

fn faithful() -> CallbackConfig {
    CallbackConfig {
        mode: DeliveryMode::Faithful,
        ..CallbackConfig::default()
    }
}

#[tokio::test]
async fn faithful_mode_makes_one_attempt_then_the_delivery_is_dead_and_replayable() {
    let app = TestApp::spawn_with_callbacks(faithful()).await;
    let receiver = Receiver::start(&[], 500).await;
    let (sub, _) = subscribe(&app, "orders", &receiver.url, false).await;
    complete_an_order(&app).await;
    let body = wait_state(&app, &sub, "dead").await;
    assert!(
        body.contains("<Attempts>1</Attempts>")
            && body.matches("<Attempt>").count() == 1
            && body.contains("<LastStatusCode>500</LastStatusCode>")
            && !body.contains("<NextAttemptDate>"),
        "{body}"
    );
    // Dead means never leased again: the one request is all there was.
    assert_eq!(receiver.received().len(), 1);
    let r = app.get(&format!("{}/{sub}", subscriptions())).await;
    assert!(
        r.text_of("Status")
            .unwrap()
            .contains("gave up after 1 attempt"),
        "{}",
        r.body
    );
    // Replay makes one more attempt.
    receiver.answer(200);
    let delivery = text(&body, "Id").unwrap();
    let r = app
        .post(
            &format!("{}/{sub}/deliveries/{delivery}/replay", subscriptions()),
            "",
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    let body = wait_state(&app, &sub, "delivered").await;
    assert!(body.contains("<Attempts>2</Attempts>"), "{body}");
    assert_eq!(receiver.received().len(), 2);
}

#[tokio::test]
async fn faithful_mode_posts_unauthenticated_then_answers_the_basic_challenge() {
    let app = TestApp::spawn_with_callbacks(faithful()).await;
    let receiver = Receiver::start(&[], 200).await;
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode("hook:hook-secret")
    );
    receiver.challenge(&expected);
    let (sub, secret) = subscribe(&app, "orders", &receiver.url, true).await;
    complete_an_order(&app).await;
    let body = wait_state(&app, &sub, "delivered").await;
    // One attempt, made of the challenged POST and the authenticated one.
    assert!(
        body.contains("<Attempts>1</Attempts>") && body.matches("<Attempt>").count() == 1,
        "{body}"
    );
    let got = receiver.received();
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[0].headers.get("authorization").is_none());
    assert_eq!(got[1].headers["authorization"], expected.as_str());
    assert_eq!(got[0].headers["webhook-id"], got[1].headers["webhook-id"]);
    assert_eq!(got[0].body, got[1].body);
    for g in &got {
        verify(g, &secret);
    }

    // Reliable mode sends the credentials at once: one request.
    let reliable = TestApp::spawn().await;
    let direct = Receiver::start(&[], 200).await;
    direct.challenge(&expected);
    let (sub, _) = subscribe(&reliable, "orders", &direct.url, true).await;
    complete_an_order(&reliable).await;
    wait_state(&reliable, &sub, "delivered").await;
    let got = direct.received();
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].headers["authorization"], expected.as_str());
}

#[tokio::test]
async fn redirects_are_not_followed_but_logged_as_failures() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start(&[302], 200).await;
    receiver.redirect_to(&receiver.url.replace("/callbacks", "/elsewhere"));
    let (sub, _) = subscribe(&app, "orders", &receiver.url, false).await;
    complete_an_order(&app).await;
    let body = wait_log(&app, &sub, "a first attempt", |b| {
        b.contains("<Attempts>1</Attempts>")
    })
    .await;
    assert!(
        body.contains("<State>pending</State>")
            && body.contains("<LastStatusCode>302</LastStatusCode>")
            && body.contains("<StatusCode>302</StatusCode>")
            && body.contains("HTTP 302 (redirects are not followed)")
            && body.contains("<NextAttemptDate>"),
        "{body}"
    );
    // The attempt is recorded after the response, so a followed redirect
    // would already have reached /elsewhere.
    let got = receiver.received();
    assert_eq!(
        got.iter().map(|g| g.path.as_str()).collect::<Vec<_>>(),
        ["/callbacks"]
    );
    app.advance_clock(3_600).await;
    let body = wait_state(&app, &sub, "delivered").await;
    assert!(body.contains("<Attempts>2</Attempts>"), "{body}");
    assert!(receiver.received().iter().all(|g| g.path == "/callbacks"));
}

#[tokio::test]
async fn a_receiver_slower_than_the_timeout_is_a_failure_retried_later() {
    let app = TestApp::spawn_with_callbacks(CallbackConfig {
        timeout: Duration::from_millis(300),
        ..CallbackConfig::default()
    })
    .await;
    let receiver = Receiver::start(&[], 200).await;
    receiver.hold();
    let (sub, _) = subscribe(&app, "orders", &receiver.url, false).await;
    complete_an_order(&app).await;
    let body = wait_log(&app, &sub, "a first attempt", |b| {
        b.contains("<Attempts>1</Attempts>")
    })
    .await;
    assert!(
        body.contains("<State>pending</State>")
            && body.contains("timed out")
            && !body.contains("<StatusCode>")
            && !body.contains("<LastStatusCode>")
            && body.contains("<NextAttemptDate>"),
        "{body}"
    );
    assert_eq!(receiver.received().len(), 1);
    receiver.release();
    app.advance_clock(3_600).await;
    let body = wait_state(&app, &sub, "delivered").await;
    assert!(
        body.contains("<Attempts>2</Attempts>") && body.contains("<StatusCode>200</StatusCode>"),
        "{body}"
    );
}

#[tokio::test]
async fn a_host_name_resolving_to_a_refused_address_is_dead_at_once() {
    let app = TestApp::spawn_with_callbacks(CallbackConfig {
        allow: AddressPolicy::PublicOnly,
        ..CallbackConfig::default()
    })
    .await;
    // A live receiver, named `localhost`: only loopback addresses, which
    // the public-only policy refuses.
    let receiver = Receiver::start(&[], 200).await;
    let url = format!("http://localhost:{}/callbacks", receiver.port);
    let (sub, _) = subscribe(&app, "orders", &url, false).await;
    complete_an_order(&app).await;
    let body = wait_state(&app, &sub, "dead").await;
    assert!(
        body.contains("<Attempts>1</Attempts>")
            && body.matches("<Attempt>").count() == 1
            && body.contains("refused: localhost is refused by the address policy")
            // Public-only (production) never tells what a name resolves to.
            && !body.contains("127.0.0.1")
            && !body.contains("::1"),
        "{body}"
    );
    assert!(receiver.received().is_empty(), "nothing reached it");
}

#[tokio::test]
async fn a_hung_receiver_delays_no_one_else() {
    // A timeout far longer than the test waits: only concurrency can get
    // the other callbacks through while the hung one is held.
    let app = TestApp::spawn_with_callbacks(CallbackConfig {
        timeout: Duration::from_secs(120),
        ..CallbackConfig::default()
    })
    .await;
    let hung = Receiver::start(&[], 200).await;
    hung.hold();
    let fine = Receiver::start(&[], 200).await;
    let (hung_sub, _) = subscribe(&app, "orders", &hung.url, false).await;
    let (fine_sub, _) = subscribe(&app, "orders", &fine.url, false).await;
    let order = complete_an_order(&app).await;
    hung.wait_for(1).await;
    fine.wait_for(1).await;
    // Later changes reach the healthy receiver while the first callback to
    // the hung one is still in flight.
    for n in 2..=4 {
        note(&app, &order, &format!("note {n}")).await;
        let got = fine.wait_for(n).await;
        assert_eq!(
            text(&got[n - 1].body, "Note"),
            Some(format!("note {n}")),
            "{}",
            got[n - 1].body
        );
    }
    // (The attempt is recorded just after the receiver answers.)
    wait_log(&app, &fine_sub, "four delivered", |b| {
        b.matches("<State>delivered</State>").count() == 4
    })
    .await;
    let body = log(&app, &hung_sub).await;
    assert_eq!(
        body.matches("<State>delivered</State>").count(),
        0,
        "{body}"
    );
    // Released, the hung receiver gets all of its callbacks too, each once.
    hung.release();
    let body = wait_log(&app, &hung_sub, "four delivered", |b| {
        b.matches("<State>delivered</State>").count() == 4
    })
    .await;
    assert_eq!(body.matches("<Attempts>1</Attempts>").count(), 4, "{body}");
}

#[tokio::test]
async fn moving_the_sandbox_clock_does_not_resend_a_callback_in_flight() {
    let app = TestApp::spawn_with_callbacks(CallbackConfig {
        timeout: Duration::from_secs(120),
        ..CallbackConfig::default()
    })
    .await;
    let hung = Receiver::start(&[], 200).await;
    hung.hold();
    let (hung_sub, _) = subscribe(&app, "orders", &hung.url, false).await;
    let order = complete_an_order(&app).await;
    hung.wait_for(1).await;
    // A day on the sandbox clock, far past any lease: leases run on real
    // time, so the callback in flight stays leased.
    app.advance_clock(86_400).await;
    // A later change (of another order: one order's callbacks go out one
    // at a time), due after the first one, goes through the leasing that
    // would have taken the first one again.
    let fine = Receiver::start(&[], 200).await;
    let (fine_sub, _) = subscribe(&app, "orders", &fine.url, false).await;
    let later = complete_an_order(&app).await;
    assert_ne!(later, order);
    wait_state(&app, &fine_sub, "delivered").await;
    hung.wait_for(2).await;
    hung.release();
    let body = wait_log(&app, &hung_sub, "both delivered", |b| {
        b.matches("<State>delivered</State>").count() == 2
    })
    .await;
    assert_eq!(body.matches("<Attempt>").count(), 2, "{body}");
    let ids: Vec<String> = hung
        .received()
        .iter()
        .map(|g| g.headers["webhook-id"].to_str().unwrap().to_string())
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        ids.len(),
        "a callback was sent twice: {ids:?}"
    );
}
