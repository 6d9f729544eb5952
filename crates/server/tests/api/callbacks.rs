//! Subscriptions over HTTP, and callbacks to a real receiver: the
//! `<Notification>` XML, Basic credentials, the Standard Webhooks
//! signature, retries, dead deliveries and replay.

use base64::Engine;
use hmac::{Hmac, Mac};
use reqwest::{Method, StatusCode};
use sha2::Sha256;

use crate::disconnects::disconnect_body;
use crate::helpers::{ACCOUNT, ADMIN_TOKEN, TestApp, last_segment};
use crate::orders::{available, existing_order, place, settle, site_and_peer};
use crate::receiver::{Received, Receiver};

pub fn subscriptions() -> String {
    format!("/accounts/{ACCOUNT}/subscriptions")
}

pub async fn subscribe(
    app: &TestApp,
    order_type: &str,
    url: &str,
    creds: bool,
) -> (String, String) {
    let creds = if creds {
        "<CallbackCredentials><BasicAuthentication><Username>hook</Username><Password>hook-secret</Password></BasicAuthentication></CallbackCredentials>"
    } else {
        ""
    };
    // No expiry: these tests move the sandbox clock by days.
    let body = format!(
        "<Subscription><OrderType>{order_type}</OrderType><CallbackSubscription><URL>{url}</URL>{creds}</CallbackSubscription></Subscription>"
    );
    let r = app.post(&subscriptions(), &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = last_segment(r.header("location"));
    let r = app.get(&format!("{}/{id}", subscriptions())).await;
    let secret = r.text_of("SigningSecret").expect("a signing secret");
    (id, secret)
}

/// Checks the Standard Webhooks signature independently of the server's code.
pub fn verify(got: &Received, secret: &str) {
    let id = got.headers["webhook-id"].to_str().unwrap();
    let ts = got.headers["webhook-timestamp"].to_str().unwrap();
    let sig = got.headers["webhook-signature"].to_str().unwrap();
    let key = base64::engine::general_purpose::STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap())
        .unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(format!("{id}.{ts}.{}", got.body).as_bytes());
    let expected = format!(
        "v1,{}",
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    );
    assert_eq!(sig, expected, "signature over {id}.{ts}.<body>");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!(
        (now - ts.parse::<i64>().unwrap()).abs() < 300,
        "the timestamp is real time"
    );
}

/// The text of the first `<tag>` in a callback body.
pub fn text(body: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let start = body.find(&open)? + open.len();
    Some(
        body[start..]
            .split(&format!("</{tag}>"))
            .next()?
            .to_string(),
    )
}

#[tokio::test]
async fn subscriptions_are_managed_like_the_real_service() {
    let app = TestApp::spawn().await;
    let s = subscriptions();
    let r = app.post(&s, "<Subscription><OrderType>orders</OrderType><CallbackSubscription><URL>http://127.0.0.1:9/cb</URL><Expiry>3600</Expiry><CallbackCredentials><BasicAuthentication><Username>u</Username><Password>p</Password></BasicAuthentication></CallbackCredentials></CallbackSubscription></Subscription>").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body, "");
    let id = last_segment(r.header("location"));
    let r = app.get(&format!("{s}/{id}")).await;
    assert!(r.body.contains(&format!("<SubscriptionsResponse><Subscriptions><Subscription><SubscriptionId>{id}</SubscriptionId><OrderType>orders</OrderType><CallbackSubscription><URL>http://127.0.0.1:9/cb</URL><Expiry>")), "{}", r.body);
    assert!(r.body.contains("<CallbackCredentials><BasicAuthentication><Username>u</Username></BasicAuthentication></CallbackCredentials>"), "{}", r.body);
    // The same subscription again right under the root, for Python's
    // Subscription.get; a list never repeats its items.
    assert!(
        r.body.contains(&format!(
            "</Subscriptions><Subscription><SubscriptionId>{id}</SubscriptionId>"
        )) && r.body.ends_with("</Subscription></SubscriptionsResponse>"),
        "{}",
        r.body
    );
    assert_eq!(r.body.matches("<SubscriptionId>").count(), 2, "{}", r.body);
    assert!(
        !r.body.contains("<Password>"),
        "passwords are never written back"
    );
    let expiry: i64 = r.text_of("Expiry").unwrap().parse().unwrap();
    assert!((3590..=3600).contains(&expiry));
    // The list, filtered by order type; update; delete.
    app.post(&s, "<Subscription><OrderType>portins</OrderType><EmailSubscription><Email>ops@example.com</Email><DigestRequested>NONE</DigestRequested></EmailSubscription></Subscription>").await;
    let r = app.get(&s).await;
    assert_eq!(r.body.matches("<Subscription>").count(), 2, "{}", r.body);
    assert!(
        r.body.ends_with("</Subscriptions></SubscriptionsResponse>"),
        "{}",
        r.body
    );
    let r = app.get(&format!("{s}?orderType=portins")).await;
    assert!(
        r.body
            .contains("<EmailSubscription><Email>ops@example.com</Email>")
            && !r.body.contains(&id),
        "{}",
        r.body
    );
    assert_eq!(app.put(&format!("{s}/{id}"), "<Subscription><OrderType>disconnects</OrderType><CallbackSubscription><URL>http://127.0.0.1:9/v2</URL></CallbackSubscription></Subscription>").await.status, StatusCode::OK);
    let r = app.get(&format!("{s}/{id}")).await;
    assert!(
        r.body.contains("<OrderType>disconnects</OrderType>")
            && r.body.contains("<URL>http://127.0.0.1:9/v2</URL>")
            && !r.body.contains("<Expiry>"),
        "{}",
        r.body
    );
    assert_eq!(
        app.delete(&format!("{s}/{id}")).await.status,
        StatusCode::OK
    );
    app.get(&format!("{s}/{id}")).await.assert_error(404, 16000);
    app.delete(&format!("{s}/{id}"))
        .await
        .assert_error(404, 16000);
    // Validation.
    let bad = |inner: &str| format!("<Subscription>{inner}</Subscription>");
    app.post(
        &s,
        &bad("<CallbackSubscription><URL>http://x/cb</URL></CallbackSubscription>"),
    )
    .await
    .assert_error(400, 14500);
    app.post(&s, &bad("<OrderType>pizzas</OrderType><CallbackSubscription><URL>http://x/cb</URL></CallbackSubscription>")).await.assert_error(400, 14500);
    app.post(&s, &bad("<OrderType>orders</OrderType>"))
        .await
        .assert_error(400, 14501);
    app.post(&s, &bad("<OrderType>orders</OrderType><CallbackSubscription><URL>ftp://x/cb</URL></CallbackSubscription>")).await.assert_error(400, 14502);
    app.post(&s, &bad("<OrderType>orders</OrderType><CallbackSubscription><URL>http://x/cb</URL><CallbackCredentials><BasicAuthentication><Username>u</Username></BasicAuthentication></CallbackCredentials></CallbackSubscription>")).await.assert_error(400, 14503);
    app.post(&s, &bad("<OrderType>orders</OrderType><CallbackSubscription><URL>http://x/cb</URL><Expiry>soon</Expiry></CallbackSubscription>")).await.assert_error(400, 14504);
    let dup = bad(
        "<OrderType>orders</OrderType><CallbackSubscription><URL>http://x/cb</URL></CallbackSubscription>",
    );
    assert_eq!(app.post(&s, &dup).await.status, StatusCode::CREATED);
    app.post(&s, &dup).await.assert_error(409, 16008);
}

#[tokio::test]
async fn order_and_disconnect_changes_reach_the_receiver_signed() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start(&[], 200).await;
    let (orders_sub, secret) = subscribe(&app, "orders", &receiver.url, true).await;
    let (_disc_sub, disc_secret) = subscribe(&app, "disconnects", &receiver.url, false).await;
    let (site, _) = site_and_peer(&app).await;

    // RECEIVED -> COMPLETE: one callback, COMPLETE, with the numbers.
    let tns = available(&app, "areaCode=919&quantity=2").await;
    let id = place(
        &app,
        &existing_order(&site, &tns, "<CustomerOrderId>cb-1</CustomerOrderId>"),
    )
    .await;
    settle(&app, &id).await;
    let got = receiver.wait_for(1).await;
    let n = &got[0];
    assert_eq!(n.headers["content-type"], "application/xml; charset=utf-8");
    let auth = n.headers["authorization"].to_str().unwrap();
    assert_eq!(
        auth,
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode("hook:hook-secret")
        )
    );
    verify(n, &secret);
    assert!(
        n.body.starts_with(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Notification>"
        ),
        "{}",
        n.body
    );
    assert_eq!(
        text(&n.body, "SubscriptionId").as_deref(),
        Some(orders_sub.as_str())
    );
    assert_eq!(text(&n.body, "OrderType").as_deref(), Some("orders"));
    assert_eq!(text(&n.body, "OrderId").as_deref(), Some(id.as_str()));
    assert_eq!(text(&n.body, "CustomerOrderId").as_deref(), Some("cb-1"));
    assert_eq!(text(&n.body, "Status").as_deref(), Some("COMPLETE"));
    assert!(n.body.contains(&format!("<CompletedTelephoneNumbers><TelephoneNumber>{}</TelephoneNumber><TelephoneNumber>{}</TelephoneNumber></CompletedTelephoneNumbers>", tns[0], tns[1])), "{}", n.body);

    // A PARTIAL order.
    let fresh = available(&app, "areaCode=919&quantity=1").await;
    let partial = place(
        &app,
        &existing_order(&site, &[tns[0].clone(), fresh[0].clone()], ""),
    )
    .await;
    settle(&app, &partial).await;
    let got = receiver.wait_for(2).await;
    assert_eq!(
        text(&got[1].body, "Status").as_deref(),
        Some("PARTIAL"),
        "{}",
        got[1].body
    );
    assert_eq!(
        text(&got[1].body, "OrderId").as_deref(),
        Some(partial.as_str())
    );

    // A note is news too.
    app.post(
        &format!("/accounts/{ACCOUNT}/orders/{id}/notes"),
        "<Note><UserId>demo</UserId><Description>hello</Description></Note>",
    )
    .await;
    let got = receiver.wait_for(3).await;
    assert_eq!(
        text(&got[2].body, "Note").as_deref(),
        Some("hello"),
        "{}",
        got[2].body
    );

    // A disconnect, to the disconnects subscription (no credentials).
    let r = app
        .post(
            &format!("/accounts/{ACCOUNT}/disconnects"),
            &disconnect_body(&tns[1..], ""),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let got = receiver.wait_for(4).await;
    let d = &got[3];
    assert_eq!(
        text(&d.body, "OrderType").as_deref(),
        Some("disconnects"),
        "{}",
        d.body
    );
    assert_eq!(text(&d.body, "Status").as_deref(), Some("COMPLETE"));
    assert!(d.headers.get("authorization").is_none());
    verify(d, &disc_secret);
    // The log shows each delivery with its attempt.
    let r = app
        .get(&format!("{}/{orders_sub}/deliveries", subscriptions()))
        .await;
    assert_eq!(r.body.matches("<Delivery>").count(), 3, "{}", r.body);
    assert!(
        r.body.contains("<State>delivered</State>")
            && r.body.contains("<StatusCode>200</StatusCode>"),
        "{}",
        r.body
    );
    let r = app.get(&format!("{}/{orders_sub}", subscriptions())).await;
    assert!(r.text_of("Status").unwrap().contains("200"), "{}", r.body);
}

/// Every `<tag>`'s text in a body, in order.
pub fn all(body: &str, tag: &str) -> Vec<String> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    body.split(&open)
        .skip(1)
        .filter_map(|rest| rest.split(&close).next().map(str::to_string))
        .collect()
}

/// A subscription's delivery log (the XML).
pub async fn log(app: &TestApp, sub: &str) -> String {
    let r = app
        .get(&format!("{}/{sub}/deliveries", subscriptions()))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body
}

/// Polls a subscription's delivery log until `ready` holds (at most ~10 s).
pub async fn wait_log(
    app: &TestApp,
    sub: &str,
    what: &str,
    ready: impl Fn(&str) -> bool,
) -> String {
    let mut body = String::new();
    for _ in 0..400 {
        body = log(app, sub).await;
        if ready(&body) {
            return body;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("the delivery log never showed {what}: {body}");
}

pub async fn wait_state(app: &TestApp, sub: &str, state: &str) -> String {
    let tag = format!("<State>{state}</State>");
    wait_log(app, sub, &tag.clone(), |b| b.contains(&tag)).await
}

fn millis(iso: &str) -> i64 {
    tnhub_core::Timestamp::parse(iso)
        .unwrap_or_else(|| panic!("not a timestamp: {iso}"))
        .millis()
}

#[tokio::test]
async fn failures_are_retried_with_backoff_then_parked_and_replayable() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    // 500 three times, then 200: delivered on the fourth attempt.
    let receiver = Receiver::start(&[500, 500, 500], 200).await;
    let (sub, _) = subscribe(&app, "orders", &receiver.url, false).await;
    let tns = available(&app, "areaCode=919&quantity=1").await;
    let id = place(&app, &existing_order(&site, &tns, "")).await;
    settle(&app, &id).await;
    // After each failure the log shows when the next attempt is due: the
    // delay doubles from 1 s, with ±50 % jitter.
    let mut delays = Vec::new();
    for n in 1..=3u32 {
        let attempts = format!("<Attempts>{n}</Attempts>");
        let body = wait_log(&app, &sub, &attempts.clone(), |b| b.contains(&attempts)).await;
        let at = millis(all(&body, "Date").last().unwrap());
        let next = millis(&text(&body, "NextAttemptDate").expect("a next attempt"));
        let nominal = 1_000i64 << (n - 1);
        let delay = next - at;
        assert!(
            delay >= nominal / 2 && delay < nominal * 3 / 2,
            "after failure {n} the next attempt is {delay} ms later, not {nominal} ms ± 50 %: {body}"
        );
        delays.push(delay);
        // Skip the backoff instead of waiting for it.
        app.advance_clock(7_200).await;
    }
    assert!(
        delays[2] > delays[0],
        "the delay grows (the third is at least 2 s, the first under 1.5 s): {delays:?}"
    );
    receiver.wait_for(4).await;
    let body = wait_state(&app, &sub, "delivered").await;
    assert!(body.contains("<Attempts>4</Attempts>"), "{body}");
    assert_eq!(body.matches("<Attempt>").count(), 4, "{body}");
    let got = receiver.received();
    assert_eq!(got.len(), 4);
    assert!(
        got.iter()
            .all(|g| g.headers["webhook-id"] == got[0].headers["webhook-id"]),
        "every retry carries the same webhook-id"
    );

    // A receiver that always fails: dead after the limit (8), then replayed by its owner.
    let bad = Receiver::start(&[], 503).await;
    let (sub, _) = subscribe(&app, "disconnects", &bad.url, false).await;
    app.post(
        &format!("/accounts/{ACCOUNT}/disconnects"),
        &disconnect_body(&tns, ""),
    )
    .await;
    for n in 1..=8 {
        bad.wait_for(n).await;
        app.advance_clock(86_400).await;
    }
    let body = wait_state(&app, &sub, "dead").await;
    assert!(
        body.contains("<Attempts>8</Attempts>")
            && body.contains("<LastStatusCode>503</LastStatusCode>"),
        "{body}"
    );
    let delivery = text(&body, "Id").unwrap();
    bad.answer(200);
    let r = app
        .post(
            &format!("{}/{sub}/deliveries/{delivery}/replay", subscriptions()),
            "",
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    bad.wait_for(9).await;
    wait_state(&app, &sub, "delivered").await;

    // The operator sees deliveries across accounts and can replay too.
    let r = app
        .request_as(
            Method::GET,
            &format!("{}/admin/deliveries?state=delivered", app.address),
            None,
            None,
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNAUTHORIZED,
        "the operator plane needs its token"
    );
    let r = app
        .client
        .get(format!("{}/admin/deliveries?state=delivered", app.address))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    assert_eq!(json["deliveries"].as_array().unwrap().len(), 2, "{json}");
    let r = app
        .client
        .post(format!(
            "{}/admin/deliveries/{delivery}/replay",
            app.address
        ))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    bad.wait_for(10).await;
}

#[tokio::test]
async fn callbacks_never_reach_private_addresses_and_are_not_retried() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    // Private, benchmarking, reserved, IETF, and IPv6 forms of private
    // IPv4 addresses (NAT64, mapped), documentation.
    let urls = [
        "http://10.0.0.1:8080/cb",
        "http://198.18.0.1/cb",
        "http://240.0.0.1/cb",
        "http://192.0.0.8/cb",
        "http://[64:ff9b::a00:1]/cb",
        "http://[::ffff:192.168.0.1]/cb",
        "http://[2001:db8::1]/cb",
    ];
    let mut subs = Vec::new();
    for url in urls {
        subs.push(subscribe(&app, "orders", url, false).await.0);
    }
    let tns = available(&app, "areaCode=919&quantity=1").await;
    let id = place(&app, &existing_order(&site, &tns, "")).await;
    settle(&app, &id).await;
    for (sub, url) in subs.iter().zip(urls) {
        // Refused is permanent: dead after the one attempt, with the reason.
        let body = wait_state(&app, sub, "dead").await;
        assert!(
            body.contains("<Attempts>1</Attempts>")
                && body.matches("<Attempt>").count() == 1
                && body.contains("not an address callbacks may reach")
                && !body.contains("<NextAttemptDate>"),
            "{url}: {body}"
        );
        let r = app.get(&format!("{}/{sub}", subscriptions())).await;
        assert!(
            r.text_of("Status").unwrap().contains("not retried"),
            "{url}: {}",
            r.body
        );
    }
}
