//! The request journal: what an app sent and got back, redacted, with
//! diagnostics; the operator's view and the customer's own.

use reqwest::Method;
use serde_json::Value;

use crate::helpers::{ACCOUNT, PASSWORD, TestApp, USER};

/// The journal entries the operator sees for a query string.
pub async fn journal(app: &TestApp, query: &str) -> Vec<Value> {
    let r = app
        .admin(Method::GET, &format!("/admin/requests?{query}"))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let v: Value = serde_json::from_str(&r.body).unwrap();
    v["requests"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_request_is_journaled_redacted_with_its_diagnostics() {
    let app = TestApp::spawn().await;
    let secret = "s3cret-callback-pw";
    let body = format!(
        "<subscription><OrderType>orders</OrderType><CallbackSubscription><URL>http://127.0.0.1:9/cb</URL><Expiry>3600</Expiry><CallbackCredentials><BasicAuthentication><Username>u</Username><Password>{secret}</Password></BasicAuthentication></CallbackCredentials><Colour>blue</Colour></CallbackSubscription></subscription>"
    );
    let r = app
        .post(&format!("/accounts/{ACCOUNT}/subscriptions"), &body)
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let id = r.header("x-request-id").to_string();

    let entries = journal(&app, &format!("account={ACCOUNT}&path=subscriptions")).await;
    let e = entries.last().expect("the request is journaled");
    assert_eq!(e["method"], "POST");
    assert_eq!(e["status"], 201);
    assert_eq!(e["requestId"], id.as_str());
    assert_eq!(e["route"], "/api/accounts/{accountId}/subscriptions");
    assert_eq!(e["authorization"], "Basic [redacted]");
    let sent = e["requestBody"].as_str().unwrap();
    assert!(!sent.contains(secret), "{sent}");
    assert!(sent.contains("<Password>[redacted]</Password>"), "{sent}");
    assert!(sent.contains("<Username>u</Username>"), "{sent}");
    let notes: Vec<&str> = e["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert!(notes.iter().any(|d| d.contains("camelCase")), "{notes:?}");
    assert!(notes.iter().any(|d| d.contains("<colour>")), "{notes:?}");
    assert!(
        notes
            .iter()
            .any(|d| d.contains("not reachable from the internet")),
        "{notes:?}"
    );
    // Nothing anywhere in the journal holds the secret or the password.
    let all = app.admin(Method::GET, "/admin/requests").await.body;
    assert!(!all.contains(secret) && !all.contains(PASSWORD), "{all}");
}

#[tokio::test]
async fn a_list_without_paging_is_diagnosed_and_filters_apply() {
    let app = TestApp::spawn().await;
    let r = app.get("/tns?npa=919").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = app.get("/tns?npa=919&page=1&size=5").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = app.get(&format!("/accounts/{ACCOUNT}/sites/999999")).await;
    assert_eq!(r.status, 404, "{}", r.body);

    let lists = journal(&app, "path=/tns").await;
    assert_eq!(lists.len(), 2, "{lists:?}");
    assert!(
        lists[0]["diagnostics"][0]
            .as_str()
            .unwrap()
            .contains("without page and size"),
        "{lists:?}"
    );
    assert_eq!(lists[1]["diagnostics"].as_array().unwrap().len(), 0);
    assert!(lists[0]["seq"].as_u64() < lists[1]["seq"].as_u64());

    let missing = journal(&app, "status=4xx").await;
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(
        missing[0]["responseBody"]
            .as_str()
            .unwrap()
            .contains("<ErrorCode>"),
        "{missing:?}"
    );
    let later = journal(&app, "since=2999-01-01T00:00:00Z").await;
    assert!(later.is_empty(), "{later:?}");
    let bad = app
        .admin(Method::GET, "/admin/requests?status=teapot")
        .await;
    assert_eq!(bad.status, 400, "{}", bad.body);
}

#[tokio::test]
async fn customers_see_only_their_own_journal() {
    let app = TestApp::spawn().await;
    app.other_tenant("9900777", "other", "other-password").await;
    let r = app.get(&format!("/accounts/{ACCOUNT}/sites")).await;
    assert_eq!(r.status, 200);
    let r = app
        .request_as(
            Method::GET,
            "/accounts/9900777/sites",
            None,
            Some(("other", "other-password")),
        )
        .await;
    assert_eq!(r.status, 200);

    let own = app
        .get(&format!("/accounts/{ACCOUNT}/tnhub/requests?limit=10"))
        .await;
    assert_eq!(own.status, 200, "{}", own.body);
    let v: Value = serde_json::from_str(&own.body).unwrap();
    let entries = v["requests"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["path"], format!("/api/accounts/{ACCOUNT}/sites"));
    assert_eq!(v["scope"], "this server");

    // Another account's journal is not the user's to read.
    let r = app.get("/accounts/9900777/tnhub/requests").await;
    r.assert_error(403, 5051);
    let r = app
        .get(&format!(
            "/accounts/{ACCOUNT}/tnhub/requests?since=yesterday"
        ))
        .await;
    r.assert_error(400, 1004);
    let _ = USER;
}

#[tokio::test]
async fn the_journal_is_bounded_and_can_be_off() {
    let app = TestApp::spawn_with_config(|c| {
        c.journal.per_account = 3;
        c.journal.body_limit = 10;
    })
    .await;
    for _ in 0..5 {
        app.get(&format!("/accounts/{ACCOUNT}")).await;
    }
    let entries = journal(&app, &format!("account={ACCOUNT}")).await;
    assert_eq!(entries.len(), 3, "{entries:?}");
    let kept = entries[0]["responseBody"].as_str().unwrap();
    assert!(kept.len() <= 10, "{kept}");
    assert_eq!(entries[0]["truncated"], true);

    let off = TestApp::spawn_with_config(|c| c.journal.per_account = 0).await;
    off.get(&format!("/accounts/{ACCOUNT}")).await;
    let r = off.admin(Method::GET, "/admin/requests").await;
    let v: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["enabled"], false);
    assert!(v["requests"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn the_official_node_clients_request_is_journaled_with_the_password_redacted() {
    let app = TestApp::spawn().await;
    crate::conformance::run_script(&app, "node", "journal").await;
    // The operator sees the same entries.
    let entries = journal(&app, &format!("account={ACCOUNT}&path=subscriptions")).await;
    assert!(
        entries.iter().any(|e| e["method"] == "POST"
            && e["requestBody"]
                .as_str()
                .is_some_and(|b| b.contains("[redacted]"))),
        "{entries:?}"
    );
}
