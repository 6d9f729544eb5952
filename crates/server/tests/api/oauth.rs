//! OAuth 2.0 client credentials: the token endpoint's answers and RFC 6749
//! errors, Bearer tokens on the customer routes with the account scoping of
//! Basic, expiry, revocation, and the operator plane's `/admin/clients`.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::Value;
use tnhub_core::client::ClientId;
use tnhub_core::user::{Password, Username};

use crate::helpers::{ACCOUNT, ADMIN_TOKEN, TestApp, USER};

const CLIENT: &str = "demo-client";
const SECRET: &str = "demo-client-secret";

/// Gives the demo user the client `CLIENT` with `SECRET`.
async fn with_client(app: &TestApp) {
    app.hub
        .create_client(
            &Username::parse(USER).unwrap(),
            Some("tests"),
            Some(ClientId::parse(CLIENT).unwrap()),
            Some(Password::parse(SECRET).unwrap()),
        )
        .await
        .unwrap();
}

/// A token response: status, headers and JSON body.
struct TokenReply {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    json: Value,
}

async fn token_request(
    app: &TestApp,
    prefix: &str,
    basic: Option<(&str, &str)>,
    form: &[(&str, &str)],
) -> TokenReply {
    let mut req = app
        .client
        .post(format!("{}{prefix}/oauth2/token", app.address))
        .form(form);
    if let Some((id, secret)) = basic {
        req = req.basic_auth(id, Some(secret));
    }
    let r = req.send().await.unwrap();
    TokenReply {
        status: r.status(),
        headers: r.headers().clone(),
        json: serde_json::from_str(&r.text().await.unwrap()).unwrap_or(Value::Null),
    }
}

async fn token(app: &TestApp) -> String {
    let r = token_request(
        app,
        "/api/v1",
        Some((CLIENT, SECRET)),
        &[("grant_type", "client_credentials")],
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.json);
    r.json["access_token"].as_str().unwrap().to_string()
}

async fn get_with_token(app: &TestApp, path: &str, token: &str) -> (StatusCode, String, String) {
    let r = app
        .client
        .get(format!("{}/api{path}", app.address))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let challenge = r
        .headers()
        .get("www-authenticate")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (r.status(), challenge, r.text().await.unwrap())
}

fn assert_oauth_error(r: &TokenReply, status: u16, error: &str) {
    assert_eq!(r.status.as_u16(), status, "{}", r.json);
    assert_eq!(r.json["error"], error, "{}", r.json);
    assert!(r.json["error_description"].is_string());
    assert_eq!(r.headers["cache-control"], "no-store");
}

#[tokio::test]
async fn client_credentials_give_a_bearer_token_that_works_like_basic() {
    let app = TestApp::spawn().await;
    with_client(&app).await;
    // Under every prefix, by Basic (what the official clients send) or by
    // form fields.
    for prefix in ["/api/v1", "/api", "/v1.0"] {
        let r = token_request(
            &app,
            prefix,
            Some((CLIENT, SECRET)),
            &[("grant_type", "client_credentials")],
        )
        .await;
        assert_eq!(r.status, 200, "{prefix}: {}", r.json);
        assert_eq!(r.json["token_type"], "Bearer");
        assert_eq!(r.json["expires_in"], 3600);
        assert_eq!(r.headers["cache-control"], "no-store");
        assert!(
            r.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json")
        );
    }
    let r = token_request(
        &app,
        "/api/v1",
        None,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", CLIENT),
            ("client_secret", SECRET),
        ],
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.json);

    let token = r.json["access_token"].as_str().unwrap();
    let (status, _, body) = get_with_token(&app, &format!("/accounts/{ACCOUNT}"), token).await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains(&format!("<AccountId>{ACCOUNT}</AccountId>")),
        "{body}"
    );
    let (status, _, body) = get_with_token(
        &app,
        &format!("/accounts/{ACCOUNT}/availableNumbers?areaCode=919&quantity=2"),
        token,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("<TelephoneNumber>919"), "{body}");
    // Basic keeps working beside it.
    app.get(&format!("/accounts/{ACCOUNT}")).await;
    let basic = app.get(&format!("/accounts/{ACCOUNT}")).await;
    assert_eq!(basic.status, 200);
}

#[tokio::test]
async fn token_requests_are_refused_with_rfc_6749_errors() {
    let app = TestApp::spawn().await;
    with_client(&app).await;
    let good = Some((CLIENT, SECRET));
    let r = token_request(&app, "/api/v1", good, &[("grant_type", "password")]).await;
    assert_oauth_error(&r, 400, "unsupported_grant_type");
    let r = token_request(&app, "/api/v1", good, &[]).await;
    assert_oauth_error(&r, 400, "invalid_request");
    let r = token_request(
        &app,
        "/api/v1",
        good,
        &[
            ("grant_type", "client_credentials"),
            ("grant_type", "client_credentials"),
        ],
    )
    .await;
    assert_oauth_error(&r, 400, "invalid_request");
    // Two client authentications at once.
    let r = token_request(
        &app,
        "/api/v1",
        good,
        &[
            ("grant_type", "client_credentials"),
            ("client_secret", SECRET),
        ],
    )
    .await;
    assert_oauth_error(&r, 400, "invalid_request");
    for creds in [
        Some((CLIENT, "wrong-secret")),
        Some(("no-such-client", SECRET)),
        None,
    ] {
        let r = token_request(
            &app,
            "/api/v1",
            creds,
            &[("grant_type", "client_credentials")],
        )
        .await;
        assert_oauth_error(&r, 401, "invalid_client");
        assert!(
            r.headers["www-authenticate"]
                .to_str()
                .unwrap()
                .starts_with("Basic "),
            "{:?}",
            r.headers
        );
    }
    // Guessing a client's secret is throttled like guessing a password.
    let mut throttled = None;
    for _ in 0..12 {
        let r = token_request(
            &app,
            "/api/v1",
            Some(("guessed-client", "guess-guess")),
            &[("grant_type", "client_credentials")],
        )
        .await;
        if r.status == 429 {
            throttled = Some(r);
            break;
        }
        assert_oauth_error(&r, 401, "invalid_client");
    }
    let r = throttled.expect("no 429 after a dozen wrong secrets");
    assert!(r.headers.contains_key("retry-after"), "{:?}", r.headers);
    // The user's password is not the client's secret.
    let r = token_request(
        &app,
        "/api/v1",
        Some((USER, crate::helpers::PASSWORD)),
        &[("grant_type", "client_credentials")],
    )
    .await;
    assert_oauth_error(&r, 401, "invalid_client");
}

#[tokio::test]
async fn bad_and_expired_tokens_are_401_bearer_invalid_token() {
    let app = TestApp::spawn_with_config(|c| c.token_ttl = Duration::from_secs(1)).await;
    with_client(&app).await;
    let path = format!("/accounts/{ACCOUNT}");
    for bad in ["garbage", "a.b.c", ""] {
        let (status, challenge, body) = get_with_token(&app, &path, bad).await;
        assert_eq!(status, 401, "{bad}: {body}");
        assert!(
            challenge.starts_with("Bearer ") && challenge.contains("error=\"invalid_token\""),
            "{bad}: {challenge}"
        );
    }
    let token = token(&app).await;
    let (status, _, body) = get_with_token(&app, &path, &token).await;
    assert_eq!(status, 200, "{body}");
    // A token signed with another key (another deployment's) is no token here.
    let foreign = tnhub_server::oauth::TokenKeys::from_secret(b"another deployment's signing key")
        .issue(
            &ClientId::parse(CLIENT).unwrap(),
            &Username::parse(USER).unwrap(),
            Duration::from_secs(600),
        )
        .unwrap();
    let (status, challenge, _) = get_with_token(&app, &path, &foreign).await;
    assert_eq!(status, 401);
    assert!(challenge.contains("invalid_token"), "{challenge}");
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let (status, challenge, body) = get_with_token(&app, &path, &token).await;
    assert_eq!(status, 401, "{body}");
    assert!(challenge.contains("error=\"invalid_token\""), "{challenge}");
    assert!(challenge.contains("expired"), "{challenge}");
    assert!(body.starts_with("<?xml"), "{body}");
}

#[tokio::test]
async fn a_revoked_clients_tokens_and_token_requests_are_refused() {
    let app = TestApp::spawn().await;
    with_client(&app).await;
    let token = token(&app).await;
    let path = format!("/accounts/{ACCOUNT}");
    assert_eq!(get_with_token(&app, &path, &token).await.0, 200);
    let r = app
        .admin(Method::POST, &format!("/admin/clients/{CLIENT}/revoke"))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let v: Value = serde_json::from_str(&r.body).unwrap();
    assert!(v["revokedAt"].is_string(), "{v}");
    // Refused at once on the server that revoked it.
    let (status, challenge, _) = get_with_token(&app, &path, &token).await;
    assert_eq!(status, 401);
    assert!(challenge.contains("invalid_token"), "{challenge}");
    let r = token_request(
        &app,
        "/api/v1",
        Some((CLIENT, SECRET)),
        &[("grant_type", "client_credentials")],
    )
    .await;
    assert_oauth_error(&r, 401, "invalid_client");
}

#[tokio::test]
async fn revocation_elsewhere_is_seen_within_the_auth_cache_time() {
    let app = TestApp::spawn_with_config(|c| c.auth_cache_ttl = Duration::from_secs(1)).await;
    with_client(&app).await;
    let token = token(&app).await;
    let path = format!("/accounts/{ACCOUNT}");
    assert_eq!(get_with_token(&app, &path, &token).await.0, 200);
    // Revoked in the database, as `tnhub client revoke` or another server does.
    app.hub
        .revoke_client(&ClientId::parse(CLIENT).unwrap())
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(1300)).await;
    assert_eq!(get_with_token(&app, &path, &token).await.0, 401);
}

#[tokio::test]
async fn a_token_acts_only_on_its_users_accounts() {
    let app = TestApp::spawn().await;
    app.other_tenant("9900002", "other", "other-password").await;
    let made = app
        .hub
        .create_client(&Username::parse("other").unwrap(), None, None, None)
        .await
        .unwrap();
    let r = token_request(
        &app,
        "/api/v1",
        Some((made.client.id.as_str(), &made.secret)),
        &[("grant_type", "client_credentials")],
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.json);
    let token = r.json["access_token"].as_str().unwrap();
    let (status, _, body) = get_with_token(&app, "/accounts/9900002", token).await;
    assert_eq!(status, 200, "{body}");
    let (status, _, body) =
        get_with_token(&app, &format!("/accounts/{ACCOUNT}/sites"), token).await;
    assert_eq!(status, 403, "{body}");
    assert!(
        body.contains("<Code>5051</Code>") || body.contains("<ErrorCode>5051</ErrorCode>"),
        "{body}"
    );
}

#[tokio::test]
async fn the_operator_plane_manages_clients() {
    let app = TestApp::spawn().await;
    let r = app
        .admin_as(
            Method::POST,
            "/admin/clients",
            Some(r#"{"user": "demo", "name": "billing"}"#),
            Some(ADMIN_TOKEN),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let made: Value = serde_json::from_str(&r.body).unwrap();
    let id = made["id"].as_str().unwrap().to_string();
    let secret = made["secret"].as_str().unwrap().to_string();
    assert_eq!(made["user"], "demo");
    assert_eq!(made["name"], "billing");
    assert_eq!(r.header("location"), format!("/admin/clients/{id}"));
    // The secret works, and is shown nowhere again.
    let t = token_request(
        &app,
        "/api",
        Some((&id, &secret)),
        &[("grant_type", "client_credentials")],
    )
    .await;
    assert_eq!(t.status, 200, "{}", t.json);
    let list = app.admin(Method::GET, "/admin/clients?user=demo").await;
    assert_eq!(list.status, 200);
    assert!(
        list.body.contains(&id) && !list.body.contains(&secret),
        "{}",
        list.body
    );
    let one = app
        .admin(Method::GET, &format!("/admin/clients/{id}"))
        .await;
    assert_eq!(one.status, 200);
    assert!(
        !one.body.contains(&secret) && !one.body.contains("argon2"),
        "{}",
        one.body
    );
    let none = app.admin(Method::GET, "/admin/clients?user=nobody").await;
    assert_eq!(none.body, r#"{"clients":[]}"#);

    for (body, status) in [
        (r#"{"user": "nobody"}"#, 404),
        (r#"{}"#, 400),
        (r#"{"user": "demo", "secret": "short"}"#, 400),
        (r#"{"user": "demo", "id": "bad id"}"#, 400),
    ] {
        let r = app
            .admin_as(
                Method::POST,
                "/admin/clients",
                Some(body),
                Some(ADMIN_TOKEN),
            )
            .await;
        assert_eq!(r.status.as_u16(), status, "{body}: {}", r.body);
    }
    let taken = format!(r#"{{"user": "demo", "id": "{id}"}}"#);
    let r = app
        .admin_as(
            Method::POST,
            "/admin/clients",
            Some(&taken),
            Some(ADMIN_TOKEN),
        )
        .await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert_eq!(
        app.admin(Method::GET, "/admin/clients/unknown")
            .await
            .status,
        404
    );
    assert_eq!(
        app.admin(Method::POST, "/admin/clients/unknown/revoke")
            .await
            .status,
        404
    );
    // Customer credentials do not reach the operator plane.
    let r = app
        .admin_as(
            Method::GET,
            "/admin/clients",
            None,
            t.json["access_token"].as_str(),
        )
        .await;
    assert_eq!(r.status, 401);
}
