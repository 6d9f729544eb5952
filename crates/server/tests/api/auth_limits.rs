//! Bounded authentication work: failed logins are throttled per user name
//! and per address (429 + `Retry-After`) while remembered logins keep
//! working, a full checking queue answers 503 + `Retry-After`, and an
//! unknown user costs a password check like a wrong password.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use tnhub_server::auth::throttle::LoginLimits;

use crate::helpers::{ACCOUNT, PASSWORD, Reply, TestApp, USER};

async fn get_as(app: &TestApp, from: &str, user: &str, password: &str) -> Reply {
    let from: IpAddr = from.parse().unwrap();
    let client = reqwest::Client::builder()
        .local_address(from)
        .build()
        .unwrap();
    let r = client
        .get(app.url(&format!("/accounts/{ACCOUNT}")))
        .basic_auth(user, Some(password))
        .send()
        .await
        .unwrap();
    Reply {
        status: r.status(),
        headers: r.headers().clone(),
        body: r.text().await.unwrap(),
    }
}

#[tokio::test]
async fn failed_logins_are_throttled_per_name_while_remembered_logins_work() {
    let app = TestApp::spawn_with_config(|c| {
        c.auth_limits.logins = LoginLimits {
            per_user: 3,
            per_address: 0,
            window: Duration::from_secs(60),
        };
    })
    .await;
    // The real user logs in first: that login is remembered.
    assert_eq!(
        get_as(&app, "127.0.0.1", USER, PASSWORD).await.status,
        StatusCode::OK
    );
    for _ in 0..3 {
        get_as(&app, "127.0.0.2", USER, "wrong-password")
            .await
            .assert_error(401, 1001);
    }
    let refused = get_as(&app, "127.0.0.3", USER, "another-guess").await;
    refused.assert_error(429, 1001);
    let wait: u64 = refused.header("retry-after").parse().unwrap();
    assert!((1..=60).contains(&wait), "Retry-After {wait}");
    // The remembered login is not throttled, from any address.
    assert_eq!(
        get_as(&app, "127.0.0.4", USER, PASSWORD).await.status,
        StatusCode::OK
    );
    // Another name is not affected.
    get_as(&app, "127.0.0.2", "someone-else", "x1234567")
        .await
        .assert_error(401, 1001);
}

#[tokio::test]
async fn failed_logins_are_throttled_per_address() {
    let app = TestApp::spawn_with_config(|c| {
        c.auth_limits.logins = LoginLimits {
            per_user: 0,
            per_address: 4,
            window: Duration::from_secs(60),
        };
    })
    .await;
    for i in 0..4 {
        get_as(&app, "127.0.0.5", &format!("guess{i}"), "wrong-password")
            .await
            .assert_error(401, 1001);
    }
    let refused = get_as(&app, "127.0.0.5", USER, PASSWORD).await;
    refused.assert_error(429, 1001);
    refused.header("retry-after");
    // The real user from another address logs in.
    assert_eq!(
        get_as(&app, "127.0.0.6", USER, PASSWORD).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_full_checking_queue_answers_503_with_retry_after() {
    let app = TestApp::spawn_with_config(|c| {
        c.auth_limits.workers = Some(1);
        c.auth_limits.queue = 0;
        c.auth_limits.logins = LoginLimits {
            per_user: 0,
            per_address: 0,
            window: Duration::from_secs(60),
        };
    })
    .await;
    let tries = (0..12).map(|i| {
        let url = app.url(&format!("/accounts/{ACCOUNT}"));
        tokio::spawn(async move {
            reqwest::Client::new()
                .get(url)
                .basic_auth(format!("user{i}"), Some("wrong-password"))
                .send()
                .await
                .unwrap()
        })
    });
    let mut statuses = Vec::new();
    for t in tries.collect::<Vec<_>>() {
        let r = t.await.unwrap();
        if r.status() == StatusCode::SERVICE_UNAVAILABLE {
            assert_eq!(r.headers()["retry-after"], "1");
        }
        statuses.push(r.status().as_u16());
    }
    assert!(statuses.contains(&503), "{statuses:?}");
    assert!(statuses.contains(&401), "{statuses:?}");
    assert!(
        statuses.iter().all(|s| [401, 503].contains(s)),
        "{statuses:?}"
    );
}

/// Medians of interleaved failed logins: a wrong password of a real user,
/// and an unknown user. Both run one Argon2 check, so they take about as
/// long; before the decoy hash an unknown user answered ~25 times faster.
#[tokio::test]
async fn an_unknown_user_costs_what_a_wrong_password_costs() {
    let app = TestApp::spawn_with_config(|c| {
        c.auth_limits.logins = LoginLimits {
            per_user: 0,
            per_address: 0,
            window: Duration::from_secs(60),
        };
    })
    .await;
    let (mut wrong, mut unknown) = (Vec::new(), Vec::new());
    for i in 0..15 {
        for (user, out) in [(USER, &mut wrong), ("nobody-here", &mut unknown)] {
            let started = Instant::now();
            let r = app
                .client
                .get(app.url(&format!("/accounts/{ACCOUNT}")))
                .basic_auth(user, Some(format!("wrong-{i}")))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
            out.push(started.elapsed());
        }
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (w, u) = (median(&mut wrong), median(&mut unknown));
    eprintln!("medians of 15: wrong password {w:?}, unknown user {u:?}");
    // Generous bounds: the machine running the tests may be shared.
    assert!(
        u.as_secs_f64() > w.as_secs_f64() * 0.5 && u.as_secs_f64() < w.as_secs_f64() * 2.0,
        "wrong password {w:?}, unknown user {u:?}"
    );
}
