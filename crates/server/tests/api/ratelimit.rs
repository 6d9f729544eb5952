//! Bandwidth-style rate limits: 429 with an empty body, `X-RateLimit-Reset`
//! and `Retry-After` over a group's allowance, judged on the sandbox clock.

use crate::helpers::{ACCOUNT, TestApp};

#[tokio::test]
async fn a_rate_limited_account_gets_429_then_succeeds_after_the_reset() {
    let app = TestApp::spawn_with_config(|c| {
        c.rate_limits = vec!["search=2/m".parse().unwrap()];
    })
    .await;
    let app_other = "9900555";
    app.other_tenant(app_other, "other", "other-password").await;
    let search = format!("/accounts/{ACCOUNT}/availableNumbers?areaCode=919&quantity=1");
    for _ in 0..2 {
        let r = app.get(&search).await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
    let r = app.get(&search).await;
    assert_eq!(r.status, 429, "{}", r.body);
    assert_eq!(r.body, "");
    let reset: i64 = r.header("x-ratelimit-reset").parse().unwrap();
    let retry: i64 = r.header("retry-after").parse().unwrap();
    let now_s = app.hub.clock().now().millis() / 1000;
    assert!(reset > now_s && reset <= now_s + 60, "{reset} vs {now_s}");
    assert!((1..=60).contains(&retry), "{retry}");
    // Other groups and other accounts are not held back.
    assert_eq!(
        app.get(&format!("/accounts/{ACCOUNT}/sites")).await.status,
        200
    );
    let r = app
        .request_as(
            reqwest::Method::GET,
            &format!("/accounts/{app_other}/availableNumbers?areaCode=919&quantity=1"),
            None,
            Some(("other", "other-password")),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    // Past the reset on the sandbox clock, the account is served again.
    app.advance_clock(retry).await;
    let r = app.get(&search).await;
    assert_eq!(r.status, 200, "{}", r.body);
    // The journal says why the 429 came.
    let entries = crate::journal::journal(&app, "status=429").await;
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert!(
        entries[0]["diagnostics"][0]
            .as_str()
            .unwrap()
            .contains("search group"),
        "{entries:?}"
    );
}

#[tokio::test]
async fn without_limits_nothing_is_limited() {
    let app = TestApp::spawn().await;
    for _ in 0..5 {
        let r = app
            .get(&format!(
                "/accounts/{ACCOUNT}/availableNumbers?areaCode=919&quantity=1"
            ))
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
}
