//! HTTP Basic authentication and account grants: every 401 carries a
//! challenge and Bandwidth's `ErrorResponse` envelope, every 403 the same
//! envelope with 5051, and a user reaches exactly the accounts granted to it.

use base64::Engine;
use reqwest::{Method, StatusCode};
use tnhub_core::ids::AccountId;
use tnhub_core::user::{Password, Username};

use crate::helpers::{ACCOUNT, PASSWORD, Reply, TestApp, USER};

const CHALLENGE: &str = "Basic realm=\"tnhub\", charset=\"UTF-8\"";

/// Sends a GET with a raw `Authorization` header value.
async fn with_authorization(app: &TestApp, path: &str, value: &str) -> Reply {
    let r = app
        .client
        .get(app.url(path))
        .header("Authorization", value)
        .send()
        .await
        .unwrap();
    let (status, headers) = (r.status(), r.headers().clone());
    Reply {
        status,
        headers,
        body: r.text().await.unwrap(),
    }
}

#[tokio::test]
async fn requests_without_good_credentials_get_a_challenge() {
    let app = TestApp::spawn().await;
    let path = format!("/accounts/{ACCOUNT}/sites");
    for creds in [
        None,
        Some((USER, "wrong-password")),
        Some(("nobody", PASSWORD)),
        Some(("bad name", "x")),
    ] {
        let r = app.request_as(Method::GET, &path, None, creds).await;
        r.assert_error_in(401, 1001, "ErrorResponse");
        assert_eq!(r.header("www-authenticate"), CHALLENGE);
    }
    // A malformed Authorization header is a 401 too, not a 400 or a 500,
    // with the same challenge and envelope: not base64, no colon, a scheme
    // alone. (A bad Bearer token gets the Bearer challenge: see oauth.rs.)
    let no_colon = base64::engine::general_purpose::STANDARD.encode("demo-without-colon");
    for value in [
        "Basic !!!not-base64".to_string(),
        format!("Basic {no_colon}"),
        "Basic".to_string(),
    ] {
        let r = with_authorization(&app, &path, &value).await;
        r.assert_error_in(401, 1001, "ErrorResponse");
        assert_eq!(r.header("www-authenticate"), CHALLENGE, "{value}");
    }
    // The right password works, repeatedly (the second time from the cache).
    for _ in 0..3 {
        assert_eq!(app.get(&path).await.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn users_reach_only_the_accounts_granted_to_them() {
    let app = TestApp::spawn().await;
    app.other_tenant("7700001", "carol", "carol-password").await;
    let carol = Some(("carol", "carol-password"));
    // Carol's own account works; the demo account is forbidden with 5051.
    let r = app
        .request_as(Method::GET, "/accounts/7700001", None, carol)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.text_of("AccountId").as_deref(), Some("7700001"));
    let r = app
        .request_as(
            Method::GET,
            &format!("/accounts/{ACCOUNT}/sites"),
            None,
            carol,
        )
        .await;
    r.assert_error_in(403, 5051, "ErrorResponse");
    assert!(r.body.contains(&format!(
        "Not authorized to perform operation on the account '{ACCOUNT}'"
    )));
    assert!(
        r.headers.get("www-authenticate").is_none(),
        "a 403 is not a challenge"
    );
    // Nor can the demo user reach Carol's, nor an account that does not exist.
    app.get("/accounts/7700001")
        .await
        .assert_error_in(403, 5051, "ErrorResponse");
    app.get("/accounts/0000000/sites")
        .await
        .assert_error_in(403, 5051, "ErrorResponse");
    // A site of one account is invisible through another.
    let site = app.create_site("mine").await;
    app.request_as(
        Method::GET,
        &format!("/accounts/7700001/sites/{site}"),
        None,
        carol,
    )
    .await
    .assert_error(404, 12016);
}

#[tokio::test]
async fn a_user_granted_several_accounts_reaches_each_and_no_other() {
    let app = TestApp::spawn().await;
    let (a, b, c) = ("7700011", "7700012", "7700013");
    for id in [a, b, c] {
        app.hub
            .create_account(Some(AccountId::parse(id).unwrap()), "tenant")
            .await
            .unwrap();
    }
    app.hub
        .create_user(
            &Username::parse("dana").unwrap(),
            &Password::parse("dana-password").unwrap(),
            &[AccountId::parse(a).unwrap(), AccountId::parse(b).unwrap()],
        )
        .await
        .unwrap();
    let dana = Some(("dana", "dana-password"));
    for id in [a, b] {
        let r = app
            .request_as(Method::GET, &format!("/accounts/{id}"), None, dana)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{id}: {}", r.body);
        assert_eq!(r.text_of("AccountId").as_deref(), Some(id));
        // Writing works too: a site in each granted account, seen only there.
        let r = app
            .request_as(
                Method::POST,
                &format!("/accounts/{id}/sites"),
                Some(&crate::helpers::site_xml(&format!("site of {id}"))),
                dana,
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{id}: {}", r.body);
        let r = app
            .request_as(Method::GET, &format!("/accounts/{id}/sites"), None, dana)
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(
            r.body.matches("<Site>").count(),
            1,
            "{id} has its own site only: {}",
            r.body
        );
        assert!(r.body.contains(&format!("<Name>site of {id}</Name>")));
    }
    // The third account exists but was not granted; nor was the demo one.
    for id in [c, ACCOUNT] {
        for path in [format!("/accounts/{id}"), format!("/accounts/{id}/sites")] {
            app.request_as(Method::GET, &path, None, dana)
                .await
                .assert_error_in(403, 5051, "ErrorResponse");
        }
    }
    // And the demo user does not reach dana's accounts.
    app.get(&format!("/accounts/{a}"))
        .await
        .assert_error_in(403, 5051, "ErrorResponse");
}

#[tokio::test]
async fn account_get_returns_the_account() {
    let app = TestApp::spawn().await;
    let r = app.get(&format!("/accounts/{ACCOUNT}")).await;
    assert_eq!(r.status, StatusCode::OK);
    insta::assert_snapshot!(r.body, @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><AccountResponse><Account><AccountId>9900001</AccountId><CompanyName>tnhub demo</CompanyName><AccountType>Business</AccountType><Tiers><Tier>0</Tier></Tiers><ReservationAllowed>true</ReservationAllowed><LnpEnabled>true</LnpEnabled><PortCarrierType>WIRELINE</PortCarrierType></Account></AccountResponse>"#);
}
