//! Sandboxes over HTTP: `POST /admin/sandboxes` gives a whole tenant that
//! works at once and sees nothing of another; `DELETE /admin/accounts/{id}`
//! removes it and puts its numbers back on sale at once.

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::helpers::{ACCOUNT, ADMIN_TOKEN, TestApp};
use crate::orders::{existing_order, place, settle, site_and_peer};

/// A sandbox's answer, read.
struct Sandbox {
    account: String,
    user: String,
    password: String,
    site: String,
    peer: String,
    json: Value,
}

impl Sandbox {
    fn creds(&self) -> (&str, &str) {
        (&self.user, &self.password)
    }
}

async fn sandbox(app: &TestApp, body: &str) -> Sandbox {
    let r = app
        .admin_as(
            Method::POST,
            "/admin/sandboxes",
            Some(body),
            Some(ADMIN_TOKEN),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let json: Value = serde_json::from_str(&r.body).unwrap();
    let s = |k: &str| {
        json[k]
            .as_str()
            .unwrap_or_else(|| panic!("{k} in {json}"))
            .to_string()
    };
    assert_eq!(
        r.header("location"),
        format!("/admin/accounts/{}", s("accountId"))
    );
    Sandbox {
        account: s("accountId"),
        user: s("user"),
        password: s("password"),
        site: s("siteId"),
        peer: s("sipPeerId"),
        json,
    }
}

/// Orders one number the search offers to `sb`, as `sb`; returns it.
async fn order_one(app: &TestApp, sb: &Sandbox) -> String {
    let r = app
        .order_as(
            &sb.account,
            sb.creds(),
            &format!(
                "<Order><SiteId>{}</SiteId><AreaCodeSearchAndOrderType><AreaCode>919</AreaCode><Quantity>1</Quantity></AreaCodeSearchAndOrderType></Order>",
                sb.site
            ),
        )
        .await;
    assert_eq!(
        r.text_of("OrderStatus").as_deref(),
        Some("COMPLETE"),
        "{}",
        r.body
    );
    r.text_of("FullNumber").expect("the number ordered")
}

#[tokio::test]
async fn a_sandbox_is_a_whole_tenant_that_sees_no_other() {
    let app = TestApp::spawn().await;
    let a = sandbox(&app, "").await;
    assert_eq!(a.account.len(), 7, "{}", a.json);
    assert_eq!(a.user, format!("sandbox-{}", a.account));
    assert!(a.password.len() >= 20, "{}", a.json);
    let urls = &a.json["baseUrls"];
    assert_eq!(urls["api"], format!("{}/api", app.address));
    assert_eq!(urls["v1_0"], format!("{}/v1.0", app.address));
    assert_eq!(
        urls["account"],
        format!("{}/api/accounts/{}", app.address, a.account)
    );

    // The credentials work at once, on the site and default peer given.
    let acct = format!("/accounts/{}", a.account);
    let r = app
        .request_as(Method::GET, &format!("{acct}/sites"), None, Some(a.creds()))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        r.text_of("Id").as_deref(),
        Some(a.site.as_str()),
        "{}",
        r.body
    );
    let r = app
        .request_as(
            Method::GET,
            &format!("{acct}/sites/{}/sippeers/{}", a.site, a.peer),
            None,
            Some(a.creds()),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        r.text_of("IsDefaultPeer").as_deref(),
        Some("true"),
        "{}",
        r.body
    );
    let tn = order_one(&app, &a).await;

    // Its API client buys a bearer token at the token URL given, and the
    // token works on the account as the password does.
    assert_eq!(
        a.json["tokenUrl"],
        format!("{}/api/v1/oauth2/token", app.address)
    );
    let r = app
        .client
        .post(a.json["tokenUrl"].as_str().unwrap())
        .basic_auth(
            a.json["clientId"].as_str().expect("clientId"),
            a.json["clientSecret"].as_str(),
        )
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let token: Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    let token = token["access_token"].as_str().unwrap().to_string();
    let r = app
        .client
        .get(format!("{}/api{acct}/inserviceNumbers", app.address))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains(&tn));

    // Another sandbox, given its own id and user, sees nothing of the first.
    let b = sandbox(
        &app,
        r#"{"accountId": "9955501", "companyName": "Team B", "user": "team-b", "password": "team-b-password"}"#,
    )
    .await;
    assert_eq!((b.account.as_str(), b.user.as_str()), ("9955501", "team-b"));
    assert_eq!(b.password, "team-b-password");
    assert_eq!(b.json["companyName"], "Team B");
    // Nor can its client's token.
    let r = app
        .client
        .get(format!("{}/api{acct}/sites", app.address))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = app
        .client
        .get(format!("{}/api/accounts/{}/sites", app.address, b.account))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    for path in [
        acct.clone(),
        format!("{acct}/sites"),
        format!("{acct}/orders"),
    ] {
        let r = app
            .request_as(Method::GET, &path, None, Some(b.creds()))
            .await;
        r.assert_error(403, 5051);
    }
    let r = app
        .request_as(Method::GET, &format!("/tns/{tn}"), None, Some(b.creds()))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let r = app
        .request_as(
            Method::GET,
            &format!("/accounts/{}/orders", b.account),
            None,
            Some(b.creds()),
        )
        .await;
    assert!(!r.body.contains(&tn), "{}", r.body);
    // Nor does the demo user see either.
    app.get(&acct).await.assert_error(403, 5051);
}

#[tokio::test]
async fn deleting_an_account_releases_its_numbers_at_once() {
    let app = TestApp::spawn().await;
    let sb = sandbox(&app, "").await;
    let tn = order_one(&app, &sb).await;
    let acct = format!("/accounts/{}", sb.account);
    // The credentials are remembered by the login cache: the delete must end that too.
    let r = app
        .request_as(Method::GET, &acct, None, Some(sb.creds()))
        .await;
    assert_eq!(r.status, StatusCode::OK);

    let r = app
        .admin(Method::DELETE, &format!("/admin/accounts/{}", sb.account))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let removed: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(removed["numbersReleased"], 1, "{removed}");
    assert_eq!(removed["orders"], 1, "{removed}");
    assert_eq!(removed["sites"], 1, "{removed}");
    assert_eq!(removed["sipPeers"], 1, "{removed}");
    assert_eq!(removed["usersDeleted"][0], sb.user.as_str(), "{removed}");

    let r = app
        .request_as(Method::GET, &acct, None, Some(sb.creds()))
        .await;
    r.assert_error(401, 1001);
    let r = app
        .admin(Method::GET, &format!("/admin/accounts/{}", sb.account))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // The number is on sale again at once: the demo account orders exactly it.
    let (site, _) = site_and_peer(&app).await;
    let id = place(&app, &existing_order(&site, std::slice::from_ref(&tn), "")).await;
    let r = settle(&app, &id).await;
    assert_eq!(
        r.text_of("OrderStatus").as_deref(),
        Some("COMPLETE"),
        "{}",
        r.body
    );
    assert_eq!(app.get(&format!("/tns/{tn}")).await.status, StatusCode::OK);

    let r = app
        .admin(Method::DELETE, &format!("/admin/accounts/{}", sb.account))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    // The demo account is untouched.
    let r = app.get(&format!("/accounts/{ACCOUNT}/sites")).await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn sandbox_requests_are_checked_and_all_or_nothing() {
    let app = TestApp::spawn().await;
    let post = |body: &'static str, token: Option<&'static str>| {
        let app = &app;
        async move {
            app.admin_as(Method::POST, "/admin/sandboxes", Some(body), token)
                .await
        }
    };
    assert_eq!(post("{}", None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        post("{}", Some("wrong")).await.status,
        StatusCode::UNAUTHORIZED
    );
    let r = app
        .admin_as(
            Method::DELETE,
            &format!("/admin/accounts/{ACCOUNT}"),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    for bad in [
        r#"{"password": "short"}"#,
        r#"{"accountId": "no spaces"}"#,
        r#"{"user": "no spaces"}"#,
        r#"{"acountId": "9955501"}"#,
        "not json",
    ] {
        let r = post(bad, Some(ADMIN_TOKEN)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}: {}", r.body);
    }
    // A taken account id or user name: 409, and nothing of the sandbox stays.
    let r = post(r#"{"accountId": "9900001"}"#, Some(ADMIN_TOKEN)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let r = post(
        r#"{"accountId": "9955502", "user": "demo"}"#,
        Some(ADMIN_TOKEN),
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let r = app.admin(Method::GET, "/admin/accounts/9955502").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let r = app.admin(Method::DELETE, "/admin/accounts/not-an-id").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
