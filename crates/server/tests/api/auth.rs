use reqwest::{Method, StatusCode};

use crate::helpers::{ACCOUNT, PASSWORD, TestApp, USER};

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
        r.assert_error(401, 1001);
        assert_eq!(
            r.header("www-authenticate"),
            "Basic realm=\"tnhub\", charset=\"UTF-8\""
        );
    }
    // A malformed Authorization header is a 401 too, not a 400 or a 500.
    let r = app
        .client
        .get(app.url(&path))
        .header("Authorization", "Basic !!!not-base64")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
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
    r.assert_error(403, 5051);
    assert!(r.body.contains(&format!(
        "Not authorized to perform operation on the account '{ACCOUNT}'"
    )));
    // Nor can the demo user reach Carol's, nor an account that does not exist.
    app.get("/accounts/7700001").await.assert_error(403, 5051);
    app.get("/accounts/0000000/sites")
        .await
        .assert_error(403, 5051);
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
async fn account_get_returns_the_account() {
    let app = TestApp::spawn().await;
    let r = app.get(&format!("/accounts/{ACCOUNT}")).await;
    assert_eq!(r.status, StatusCode::OK);
    insta::assert_snapshot!(r.body, @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><AccountResponse><Account><AccountId>9900001</AccountId><CompanyName>tnhub demo</CompanyName><AccountType>Business</AccountType><Tiers><Tier>0</Tier></Tiers><ReservationAllowed>true</ReservationAllowed><LnpEnabled>true</LnpEnabled><PortCarrierType>WIRELINE</PortCarrierType></Account></AccountResponse>"#);
}
