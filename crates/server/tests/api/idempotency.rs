//! `Idempotency-Key` (docs/idempotency.md): the same order POSTed twice
//! with one key makes one order and the same answer, replayed with
//! `Idempotent-Replayed: true`; another body with that key is 422; keys are
//! the account's (another account may use the same key); concurrent uses
//! of one key never make two orders; two servers on one database agree; a
//! key older than the TTL is forgotten; bad keys are 400; requests without
//! a key are untouched.

use reqwest::{Method, StatusCode};

use crate::helpers::{ACCOUNT, PASSWORD, Reply, TestApp, USER};
use crate::orders::{available, existing_order, orders, site_and_peer};

/// Sends `body` to `path` as the demo user with an `Idempotency-Key`.
async fn keyed(app: &TestApp, method: Method, path: &str, key: &str, body: &str) -> Reply {
    keyed_as(app, method, path, key, body, (USER, PASSWORD)).await
}

async fn keyed_as(
    app: &TestApp,
    method: Method,
    path: &str,
    key: &str,
    body: &str,
    creds: (&str, &str),
) -> Reply {
    let request = app
        .client
        .request(method, app.url(path))
        .basic_auth(creds.0, Some(creds.1))
        .header("Idempotency-Key", key)
        .header("Content-Type", "application/xml")
        .body(body.to_string());
    send(request).await
}

async fn send(request: reqwest::RequestBuilder) -> Reply {
    let r = request.send().await.unwrap();
    let (status, headers) = (r.status(), r.headers().clone());
    Reply {
        status,
        headers,
        body: r.text().await.unwrap(),
    }
}

/// How many orders the account has.
async fn order_count(app: &TestApp) -> usize {
    let r = app.get(&orders()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.text_of("TotalCount").map_or(0, |n| n.parse().unwrap())
}

/// A site and an order body for one available number.
async fn order_body(app: &TestApp) -> (String, String) {
    let (site, _) = site_and_peer(app).await;
    let tns = available(app, "areaCode=919&quantity=3").await;
    (site.clone(), existing_order(&site, &tns[..1], ""))
}

#[tokio::test]
async fn the_same_order_twice_with_one_key_is_one_order_and_one_answer() {
    let app = TestApp::spawn().await;
    let (_, body) = order_body(&app).await;
    let first = keyed(&app, Method::POST, &orders(), "order-0001", &body).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    assert!(first.headers.get("idempotent-replayed").is_none());
    let again = keyed(&app, Method::POST, &orders(), "order-0001", &body).await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
    assert_eq!(again.header("idempotent-replayed"), "true");
    assert_eq!(again.body, first.body, "byte for byte");
    assert_eq!(again.header("location"), first.header("location"));
    assert_eq!(again.header("content-type"), first.header("content-type"));
    assert_eq!(order_count(&app).await, 1, "one order, not two");

    // Another body under the same key: refused, nothing made.
    let other = body.replace("test order", "another order");
    let r = keyed(&app, Method::POST, &orders(), "order-0001", &other).await;
    r.assert_error(422, 1009);
    // So is the same body on another path.
    let r = keyed(
        &app,
        Method::POST,
        &format!("/accounts/{ACCOUNT}/disconnects"),
        "order-0001",
        &body,
    )
    .await;
    r.assert_error(422, 1009);
    // A new key is a new request.
    let r = keyed(&app, Method::POST, &orders(), "order-0002", &other).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(order_count(&app).await, 2);
    // Without a key, nothing changes: each POST is an order.
    let r = app.post(&orders(), &other).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert!(r.headers.get("idempotent-replayed").is_none());
    assert_eq!(order_count(&app).await, 3);
}

#[tokio::test]
async fn refusals_are_kept_and_replayed_too() {
    let app = TestApp::spawn().await;
    // A 4xx answer is the answer (Stripe keeps them): replayed, not re-run.
    let bad = "<Order><Name>x</Name></Order>";
    let first = keyed(&app, Method::POST, &orders(), "bad-1", bad).await;
    assert_eq!(first.status, StatusCode::BAD_REQUEST, "{}", first.body);
    let again = keyed(&app, Method::POST, &orders(), "bad-1", bad).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert_eq!(again.header("idempotent-replayed"), "true");
    assert_eq!(again.body, first.body);
    // PUT is covered as well: a site update replays its empty 200.
    let site = app.create_site("kept").await;
    let update = crate::helpers::site_xml("renamed");
    let path = format!("/accounts/{ACCOUNT}/sites/{site}");
    let first = keyed(&app, Method::PUT, &path, "put-1", &update).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let again = keyed(&app, Method::PUT, &path, "put-1", &update).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.header("idempotent-replayed"), "true");
}

#[tokio::test]
async fn bad_keys_are_refused_and_keys_belong_to_their_account() {
    let app = TestApp::spawn().await;
    let (_, body) = order_body(&app).await;
    let long = "k".repeat(256);
    for key in [long.as_str(), " ", "caf\u{e9}"] {
        let r = app
            .client
            .post(app.url(&orders()))
            .basic_auth(USER, Some(PASSWORD))
            .header("Idempotency-Key", key.as_bytes())
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "key {key:?}");
        let reply = r.text().await.unwrap();
        assert!(reply.contains("<ErrorCode>1008</ErrorCode>"), "{reply}");
    }
    let r = app
        .client
        .post(app.url(&orders()))
        .basic_auth(USER, Some(PASSWORD))
        .header("Idempotency-Key", "a")
        .header("Idempotency-Key", "b")
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST, "two keys");
    // 255 characters are fine.
    let r = keyed(&app, Method::POST, &orders(), &"k".repeat(255), &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(order_count(&app).await, 1);

    // Another account's user may use the same key for its own request.
    app.other_tenant("9900002", "other", "other-password").await;
    let (site, _) = app
        .site_and_peer_as("9900002", ("other", "other-password"))
        .await;
    let tns = available(&app, "areaCode=919&quantity=5").await;
    let theirs = existing_order(&site, &tns[3..4], "");
    let r = keyed_as(
        &app,
        Method::POST,
        "/accounts/9900002/orders",
        &"k".repeat(255),
        &theirs,
        ("other", "other-password"),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert!(r.headers.get("idempotent-replayed").is_none());
    // And nobody can take a key in an account not granted to them: the
    // request is refused as without a key, and the key stays free.
    let r = keyed_as(
        &app,
        Method::POST,
        &orders(),
        "free-key",
        &body,
        ("other", "other-password"),
    )
    .await;
    r.assert_error(403, 5051);
    let r = keyed(&app, Method::POST, &orders(), "free-key", "<Order/>").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.headers.get("idempotent-replayed").is_none());
}

#[tokio::test]
async fn concurrent_uses_of_one_key_make_one_order() {
    let app = TestApp::spawn().await;
    let (_, body) = order_body(&app).await;
    let mut tries = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let request = app
            .client
            .post(app.url(&orders()))
            .basic_auth(USER, Some(PASSWORD))
            .header("Idempotency-Key", "burst")
            .body(body.clone());
        tries.spawn(send(request));
    }
    let replies: Vec<Reply> = tries.join_all().await;
    let created: Vec<&Reply> = replies
        .iter()
        .filter(|r| r.status == StatusCode::CREATED)
        .collect();
    assert!(!created.is_empty());
    for r in &replies {
        match r.status {
            StatusCode::CREATED => assert_eq!(r.body, created[0].body),
            StatusCode::CONFLICT => {
                r.assert_error(409, 1010);
                assert_eq!(r.header("retry-after"), "1");
            }
            other => panic!("unexpected {other}: {}", r.body),
        }
    }
    assert_eq!(
        replies
            .iter()
            .filter(|r| r.status == StatusCode::CREATED
                && r.headers.get("idempotent-replayed").is_none())
            .count(),
        1,
        "exactly one ran"
    );
    assert_eq!(order_count(&app).await, 1);
}

#[tokio::test]
async fn two_servers_on_one_database_share_the_keys() {
    let one = TestApp::spawn().await;
    let two = one.beside().await;
    let (_, body) = order_body(&one).await;
    let path = orders();
    let (a, b) = tokio::join!(
        keyed(&one, Method::POST, &path, "shared", &body),
        keyed(&two, Method::POST, &path, "shared", &body),
    );
    for r in [&a, &b] {
        assert!(
            r.status == StatusCode::CREATED || r.status == StatusCode::CONFLICT,
            "{} {}",
            r.status,
            r.body
        );
    }
    // Whichever ran, a retry on either server now gets its answer.
    for app in [&one, &two] {
        let again = keyed(app, Method::POST, &orders(), "shared", &body).await;
        assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
        assert_eq!(again.header("idempotent-replayed"), "true");
    }
    assert_eq!(order_count(&one).await, 1, "one order across two servers");
    let other = body.replace("test order", "changed");
    keyed(&two, Method::POST, &orders(), "shared", &other)
        .await
        .assert_error(422, 1009);
}

#[tokio::test]
async fn a_key_older_than_the_ttl_is_forgotten() {
    let app = TestApp::spawn().await;
    let (_, body) = order_body(&app).await;
    let r = keyed(&app, Method::POST, &orders(), "day-old", &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // Within the 24 hours the key holds ...
    app.advance_clock(23 * 3_600).await;
    let other = body.replace("test order", "next day");
    keyed(&app, Method::POST, &orders(), "day-old", &other)
        .await
        .assert_error(422, 1009);
    // ... and after them it names nothing: the new request runs.
    app.advance_clock(2 * 3_600).await;
    let r = keyed(&app, Method::POST, &orders(), "day-old", &other).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert!(r.headers.get("idempotent-replayed").is_none());
    assert_eq!(order_count(&app).await, 2);
    // Housekeeping forgets expired keys (this is what it calls).
    app.advance_clock(25 * 3_600).await;
    app.hub.purge_idempotency_keys().await.unwrap();
    let mut read = app.hub.store().read().await.unwrap();
    let left = read
        .idempotency_key(&format!("account:{ACCOUNT}"), "day-old")
        .await
        .unwrap();
    assert_eq!(left, None);
}
