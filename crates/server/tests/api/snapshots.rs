//! Snapshots and the reset over HTTP: a restore brings back exactly the
//! saved state (orders, numbers, port-ins, the sandbox clock,
//! subscriptions, accounts), and a reset is a fresh start that keeps the
//! demo credentials and, unless asked, the operator's inventory. The CI
//! runs this module on SQLite and on PostgreSQL.

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::callbacks::{subscribe, subscriptions};
use crate::helpers::{ACCOUNT, ADMIN_TOKEN, TestApp};
use crate::orders::{available, existing_order, is_offered, orders, place, settle, site_and_peer};
use crate::portins::{create, foc_in, lnp_order, numbers, portins};

async fn admin_json(
    app: &TestApp,
    method: Method,
    path: &str,
    body: Option<&str>,
) -> (StatusCode, Value) {
    let r = app.admin_as(method, path, body, Some(ADMIN_TOKEN)).await;
    (
        r.status,
        serde_json::from_str(&r.body).unwrap_or(Value::Null),
    )
}

async fn clock_offset(app: &TestApp) -> i64 {
    admin_json(app, Method::GET, "/admin/clock", None).await.1["offsetMs"]
        .as_i64()
        .unwrap()
}

/// What a client can see of the demo account: every list body, and the clock.
async fn visible_state(app: &TestApp) -> Vec<String> {
    let a = format!("/accounts/{ACCOUNT}");
    let mut seen = Vec::new();
    for path in [
        orders(),
        format!("{a}/inserviceNumbers"),
        format!("{a}/sites"),
        portins(),
        subscriptions(),
        format!("{a}/orders/totals"),
        "/tns".to_string(),
    ] {
        let r = app.get(&path).await;
        seen.push(format!("{path}: {} {}", r.status, r.body));
    }
    seen.push(format!("clock offset {}", clock_offset(app).await));
    let (_, accounts) = admin_json(app, Method::GET, "/admin/accounts", None).await;
    seen.push(accounts.to_string());
    seen
}

/// [`visible_state`] once two reads in a row agree (the job runner may
/// still be finishing what became due).
async fn settled_state(app: &TestApp) -> Vec<String> {
    let mut last = visible_state(app).await;
    for _ in 0..50 {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        let now = visible_state(app).await;
        if now == last {
            return now;
        }
        last = now;
    }
    panic!("the state did not settle: {last:?}");
}

#[tokio::test]
async fn a_restore_brings_back_exactly_the_saved_state() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let tns = available(&app, "areaCode=919&quantity=2").await;
    let first = place(&app, &existing_order(&site, &tns, "")).await;
    assert_eq!(
        settle(&app, &first).await.text_of("OrderStatus").as_deref(),
        Some("COMPLETE")
    );
    let (sub, _) = subscribe(&app, "orders", "http://127.0.0.1:9/hook", false).await;
    let port_tns = numbers("919207", 5400, 1);
    let foc = foc_in(&app, 10);
    let (port, _) = create(
        &app,
        &lnp_order(
            &site,
            &port_tns,
            &format!("<RequestedFocDate>{}</RequestedFocDate>", foc.iso()),
        ),
    )
    .await;
    app.advance_clock(3_600).await;
    // Let what became due run (the carrier's answer), so the state saved
    // is the state read.
    let _ = app.hub.run_due_jobs().await;
    let saved = settled_state(&app).await;
    assert!(saved.iter().any(|s| s.contains(&port)), "{saved:?}");

    let (status, info) = admin_json(
        &app,
        Method::POST,
        "/admin/snapshots",
        Some(r#"{"name": "baseline"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{info}");
    assert_eq!(info["name"], "baseline");
    assert!(info["bytes"].as_u64().unwrap() > 1_000, "{info}");

    // Change everything a test might: another order, a deleted
    // subscription, a cancelled port-in, a later clock, another tenant.
    // (The subscription goes first: deleting it while its callback for the
    // next order is being attempted could meet the deliverer's lease.)
    let r = app.delete(&format!("{}/{sub}", subscriptions())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let more = available(&app, "areaCode=919&quantity=1").await;
    let second = place(&app, &existing_order(&site, &more, "")).await;
    assert_eq!(
        settle(&app, &second)
            .await
            .text_of("OrderStatus")
            .as_deref(),
        Some("COMPLETE")
    );
    let r = app.delete(&format!("{}/{port}", portins())).await;
    assert!(r.status.is_success(), "{}", r.body);
    app.advance_clock(7_200).await;
    let (status, _) = admin_json(
        &app,
        Method::POST,
        "/admin/sandboxes",
        Some(r#"{"accountId": "9977001"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_ne!(visible_state(&app).await, saved);

    let (status, r) = admin_json(
        &app,
        Method::POST,
        "/admin/snapshots/baseline/restore",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert_eq!(visible_state(&app).await, saved);
    // The number sold after the save is on sale again; the sandbox is gone;
    // new orders work on the restored state.
    assert!(is_offered(&app, &more[0]).await);
    let (status, _) = admin_json(&app, Method::GET, "/admin/accounts/9977001", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let again = place(&app, &existing_order(&site, &more, "")).await;
    assert_eq!(
        settle(&app, &again).await.text_of("OrderStatus").as_deref(),
        Some("COMPLETE")
    );

    // A restarted server on the same database sees the restored state too.
    let app = app.restart().await;
    assert_eq!(
        saved.iter().find(|s| s.starts_with("clock offset")),
        Some(&format!("clock offset {}", clock_offset(&app).await))
    );
    let (_, list) = admin_json(&app, Method::GET, "/admin/snapshots", None).await;
    assert_eq!(list["snapshots"][0]["name"], "baseline", "{list}");
    let r = app
        .admin_as(
            Method::DELETE,
            "/admin/snapshots/baseline",
            None,
            Some(ADMIN_TOKEN),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let (status, _) = admin_json(
        &app,
        Method::POST,
        "/admin/snapshots/baseline/restore",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = admin_json(
        &app,
        Method::POST,
        "/admin/snapshots",
        Some(r#"{"name": "a b"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_reset_is_a_fresh_start_that_keeps_the_demo_credentials_and_inventory() {
    let app = TestApp::spawn().await;
    let held = available(&app, "areaCode=919&quantity=1").await.remove(0);
    app.import_inventory(&format!("number,status\n{held},excluded\n"), false)
        .await;
    assert!(!is_offered(&app, &held).await);
    let (site, _) = site_and_peer(&app).await;
    let tns = available(&app, "areaCode=919&quantity=1").await;
    let id = place(&app, &existing_order(&site, &tns, "")).await;
    settle(&app, &id).await;
    let (status, _) = admin_json(
        &app,
        Method::POST,
        "/admin/sandboxes",
        Some(r#"{"accountId": "9977002"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    app.advance_clock(86_400).await;

    let (status, kept) = admin_json(&app, Method::POST, "/admin/reset", None).await;
    assert_eq!(status, StatusCode::OK, "{kept}");
    assert_eq!(kept["keptAccounts"][0], ACCOUNT, "{kept}");
    assert_eq!(kept["inventoryKept"], true, "{kept}");
    // The demo user logs in to an empty account; everything else is gone.
    let r = app.get(&format!("/accounts/{ACCOUNT}/sites")).await;
    assert!(r.status.is_success(), "{}", r.body);
    assert!(!r.body.contains("<Site>"), "{}", r.body);
    let r = app.get(&format!("{}/{id}", orders())).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    assert!(is_offered(&app, &tns[0]).await);
    let (status, _) = admin_json(&app, Method::GET, "/admin/accounts/9977002", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(clock_offset(&app).await, 0);
    // The operator's inventory stays unless asked.
    assert!(!is_offered(&app, &held).await);
    let (status, kept) = admin_json(
        &app,
        Method::POST,
        "/admin/reset",
        Some(r#"{"inventory": true}"#),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kept["inventoryKept"], false);
    assert!(is_offered(&app, &held).await);
}
