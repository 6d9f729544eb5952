//! The operator plane's accounts, users and inventory import over HTTP:
//! only the admin token opens it, and what it creates works at once on the
//! customer API, with the CLI's validation.

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::helpers::{ACCOUNT, ADMIN_TOKEN, PASSWORD, TestApp, USER};

struct Answer {
    status: StatusCode,
    json: Value,
    location: Option<String>,
}

async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    body: Option<(&str, &str)>,
    token: Option<&str>,
) -> Answer {
    let mut req = app.client.request(method, format!("{}{path}", app.address));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some((content_type, b)) = body {
        req = req.header("Content-Type", content_type).body(b.to_string());
    }
    let r = req.send().await.unwrap();
    let status = r.status();
    let location = r
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string());
    let text = r.text().await.unwrap();
    Answer {
        status,
        json: serde_json::from_str(&text).unwrap_or(Value::String(text)),
        location,
    }
}

async fn admin(app: &TestApp, method: Method, path: &str, json: Option<&str>) -> Answer {
    send(
        app,
        method,
        path,
        json.map(|j| ("application/json", j)),
        Some(ADMIN_TOKEN),
    )
    .await
}

async fn customer_status(app: &TestApp, path: &str, user: &str, password: &str) -> StatusCode {
    app.request_as(Method::GET, path, None, Some((user, password)))
        .await
        .status
}

#[tokio::test]
async fn only_the_admin_token_opens_the_accounts_plane() {
    let app = TestApp::spawn().await;
    for (method, path) in [
        (Method::GET, "/admin/accounts"),
        (Method::POST, "/admin/accounts"),
        (Method::GET, &*format!("/admin/accounts/{ACCOUNT}")),
        (Method::GET, "/admin/users"),
        (Method::POST, "/admin/users"),
        (Method::POST, "/admin/users/demo/grants"),
        (Method::PUT, "/admin/users/demo/password"),
        (Method::POST, "/admin/inventory/import"),
    ] {
        let body = Some(("application/json", "{\"password\": \"stolen-password\"}"));
        // No credential, a wrong token, and the customer's own Basic credentials.
        let none = send(&app, method.clone(), path, body, None).await;
        assert_eq!(none.status, StatusCode::UNAUTHORIZED, "{method} {path}");
        let wrong = send(&app, method.clone(), path, body, Some("not-the-token")).await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED, "{method} {path}");
        let r = app
            .client
            .request(method.clone(), format!("{}{path}", app.address))
            .basic_auth(USER, Some(PASSWORD))
            .body("{\"password\": \"stolen-password\"}")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{method} {path}");
    }
    // Nothing above changed the demo user's password.
    assert_eq!(
        customer_status(&app, &format!("/accounts/{ACCOUNT}"), USER, PASSWORD).await,
        StatusCode::OK
    );
}

#[tokio::test]
async fn accounts_are_created_listed_and_read() {
    let app = TestApp::spawn().await;
    let r = admin(
        &app,
        Method::POST,
        "/admin/accounts",
        Some(r#"{"id": "4400001", "companyName": "  Acme Telecom "}"#),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    assert_eq!(r.json["id"], "4400001");
    assert_eq!(r.json["companyName"], "Acme Telecom");
    assert_eq!(r.location.as_deref(), Some("/admin/accounts/4400001"));
    // A generated id is 7 digits.
    let r = admin(
        &app,
        Method::POST,
        "/admin/accounts",
        Some(r#"{"companyName": "Generated"}"#),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    let generated = r.json["id"].as_str().unwrap().to_string();
    assert!(
        generated.len() == 7 && generated.bytes().all(|b| b.is_ascii_digit()),
        "{generated}"
    );

    // The CLI's validation: a taken id, no or a too-long company name, a bad id, bad JSON.
    for (body, status) in [
        (r#"{"id": "4400001", "companyName": "Again"}"#, 409),
        (r#"{"id": "4400002"}"#, 400),
        (r#"{"id": "4400002", "companyName": "   "}"#, 400),
        (
            &*format!(r#"{{"companyName": "{}"}}"#, "x".repeat(101)),
            400,
        ),
        (r#"{"id": "44 00", "companyName": "Spaces"}"#, 400),
        ("{not json", 400),
    ] {
        let r = admin(&app, Method::POST, "/admin/accounts", Some(body)).await;
        assert_eq!(r.status.as_u16(), status, "{body}: {}", r.json);
        assert!(r.json["error"].is_string(), "{}", r.json);
    }

    let r = admin(&app, Method::GET, "/admin/accounts", None).await;
    assert_eq!(r.status, StatusCode::OK);
    let ids: Vec<&str> = r.json["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"4400001") && ids.contains(&ACCOUNT) && ids.contains(&&*generated));
    assert!(!ids.contains(&"4400002"), "{ids:?}");

    let r = admin(
        &app,
        Method::GET,
        &format!("/admin/accounts/{ACCOUNT}"),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(r.json["users"], serde_json::json!([USER]));
    let r = admin(&app, Method::GET, "/admin/accounts/4400001", None).await;
    assert_eq!(r.json["users"], serde_json::json!([]));
    assert!(r.json["createdAt"].as_str().unwrap().ends_with('Z'));
    let r = admin(&app, Method::GET, "/admin/accounts/4499999", None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.json);
}

#[tokio::test]
async fn users_get_accounts_and_passwords_that_work_at_once() {
    let app = TestApp::spawn().await;
    let r = admin(
        &app,
        Method::POST,
        "/admin/accounts",
        Some(r#"{"id": "4400001", "companyName": "Acme"}"#),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED);

    // Created with a generated password, returned this once.
    let r = admin(
        &app,
        Method::POST,
        "/admin/users",
        Some(r#"{"name": "alice", "accounts": ["4400001"]}"#),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    assert_eq!(r.json["name"], "alice");
    assert_eq!(r.json["accounts"], serde_json::json!(["4400001"]));
    let password = r.json["password"].as_str().unwrap().to_string();
    assert_eq!(password.len(), 20);
    assert_eq!(
        customer_status(&app, "/accounts/4400001", "alice", &password).await,
        StatusCode::OK
    );
    assert_eq!(
        customer_status(&app, &format!("/accounts/{ACCOUNT}"), "alice", &password).await,
        StatusCode::FORBIDDEN
    );
    let r = admin(&app, Method::GET, "/admin/users", None).await;
    let text = r.json.to_string();
    assert!(
        text.contains("\"alice\"") && !text.contains(&password),
        "{text}"
    );
    assert!(!text.contains("argon2"), "{text}");

    // A password given is not echoed.
    let r = admin(
        &app,
        Method::POST,
        "/admin/users",
        Some(r#"{"name": "bob", "accounts": ["4400001"], "password": "bob-password"}"#),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    assert!(r.json.get("password").is_none(), "{}", r.json);

    // The CLI's validation; an unknown account creates nothing.
    for (body, status) in [
        (r#"{"name": "alice", "accounts": ["4400001"]}"#, 409),
        (r#"{"name": "carol", "accounts": []}"#, 400),
        (r#"{"name": "carol"}"#, 400),
        (r#"{"name": "carol lee", "accounts": ["4400001"]}"#, 400),
        (
            r#"{"name": "carol", "accounts": ["4400001"], "password": "short"}"#,
            400,
        ),
        (
            r#"{"name": "carol", "accounts": ["4400001", "4499999"]}"#,
            404,
        ),
    ] {
        let r = admin(&app, Method::POST, "/admin/users", Some(body)).await;
        assert_eq!(r.status.as_u16(), status, "{body}: {}", r.json);
    }
    let r = admin(&app, Method::GET, "/admin/users", None).await;
    assert!(!r.json.to_string().contains("carol"), "{}", r.json);

    // A grant is seen at once by this server (its login cache is cleared).
    assert_eq!(
        customer_status(&app, &format!("/accounts/{ACCOUNT}"), "bob", "bob-password").await,
        StatusCode::FORBIDDEN
    );
    let r = admin(
        &app,
        Method::POST,
        "/admin/users/bob/grants",
        Some(&format!(r#"{{"account": "{ACCOUNT}"}}"#)),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(r.json["accounts"], serde_json::json!(["4400001", ACCOUNT]));
    assert_eq!(
        customer_status(&app, &format!("/accounts/{ACCOUNT}"), "bob", "bob-password").await,
        StatusCode::OK
    );
    for (path, body, status) in [
        (
            "/admin/users/nobody/grants",
            r#"{"account": "4400001"}"#,
            404,
        ),
        ("/admin/users/bob/grants", r#"{"account": "4499999"}"#, 404),
        ("/admin/users/bob/grants", "{}", 400),
    ] {
        let r = admin(&app, Method::POST, path, Some(body)).await;
        assert_eq!(r.status.as_u16(), status, "{path} {body}: {}", r.json);
    }

    // A new password replaces the old one at once; a generated one is returned.
    let r = admin(
        &app,
        Method::PUT,
        "/admin/users/bob/password",
        Some(r#"{"password": "bob-password-2"}"#),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert!(r.json.get("password").is_none(), "{}", r.json);
    let path = "/accounts/4400001";
    assert_eq!(
        customer_status(&app, path, "bob", "bob-password").await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        customer_status(&app, path, "bob", "bob-password-2").await,
        StatusCode::OK
    );
    let r = admin(&app, Method::PUT, "/admin/users/bob/password", None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    let generated = r.json["password"].as_str().unwrap().to_string();
    assert_eq!(
        customer_status(&app, path, "bob", &generated).await,
        StatusCode::OK
    );
    assert_eq!(
        customer_status(&app, path, "bob", "bob-password-2").await,
        StatusCode::UNAUTHORIZED
    );
    for (path, body, status) in [
        ("/admin/users/bob/password", r#"{"password": "short"}"#, 400),
        (
            "/admin/users/nobody/password",
            r#"{"password": "long-enough"}"#,
            404,
        ),
    ] {
        let r = admin(&app, Method::PUT, path, Some(body)).await;
        assert_eq!(r.status.as_u16(), status, "{path}: {}", r.json);
    }
    assert_eq!(
        customer_status(&app, path, "bob", &generated).await,
        StatusCode::OK
    );
}

async fn import(app: &TestApp, query: &str, csv: &str) -> Answer {
    send(
        app,
        Method::POST,
        &format!("/admin/inventory/import{query}"),
        Some(("text/csv", csv)),
        Some(ADMIN_TOKEN),
    )
    .await
}

async fn offered(app: &TestApp, query: &str) -> String {
    let r = app
        .get(&format!("/accounts/{ACCOUNT}/availableNumbers?{query}"))
        .await;
    r.body
}

#[tokio::test]
async fn an_inventory_csv_is_imported_all_or_nothing() {
    let app = TestApp::spawn().await;
    let generation = app.hub.inventory().generation;

    // Bad rows: every problem by line, and nothing stored.
    let bad = "number,state,rate_center\n\
               9192210001,NC,RALEIGH\n\
               12345,NC,RALEIGH\n\
               9195550100,NC,RALEIGH\n";
    let r = import(&app, "?replaceDefault=true", bad).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.json);
    let lines: Vec<u64> = r.json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [3, 4], "{}", r.json);
    assert!(
        r.json["error"].as_str().unwrap().contains("2 problems"),
        "{}",
        r.json
    );
    assert_eq!(app.hub.inventory().generation, generation);
    let meta = app
        .hub
        .store()
        .read()
        .await
        .unwrap()
        .inventory_meta()
        .await
        .unwrap();
    assert!(
        meta.default_inventory,
        "a refused file must not replace the default"
    );
    let r = import(&app, "", "number,colour\n9192210001,red\n").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.json);
    assert_eq!(r.json["errors"][0]["line"], 1, "{}", r.json);
    let r = import(&app, "?replaceDefault=maybe", "number\n9192210001\n").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.json);

    // A good file is stored (replacing the default) and offered at once.
    let good = "number,state,city,rate_center,lata,vendor_name\n\
                9192210001,NC,Raleigh,RALEIGH,426,Acme Telecom\n\
                9192210002,NC,Raleigh,RALEIGH,426,Acme Telecom\n\
                9192210003,,,,,\n";
    let r = import(&app, "?replaceDefault=true", good).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(r.json["rows"], 3);
    assert_eq!(r.json["availableNumbers"], 3);
    assert_eq!(r.json["excludedNumbers"], 0);
    assert_eq!(r.json["defaultInventory"], false);
    assert!(
        r.json["generation"].as_i64().unwrap() > generation,
        "{}",
        r.json
    );
    let body = offered(&app, "areaCode=919&quantity=50").await;
    assert!(
        body.contains("9192210001") && body.contains("9192210003"),
        "{body}"
    );
    assert!(body.contains("<ResultCount>3</ResultCount>"), "{body}");
    let body = offered(&app, "areaCode=212&quantity=5").await;
    assert!(!body.contains("<TelephoneNumber>212"), "{body}");
}
