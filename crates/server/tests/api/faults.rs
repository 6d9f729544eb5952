//! Fault injection: rules on the operator plane, what the client gets
//! (seen by the official Node client in `conformance/node/faults.mjs`), the
//! journal's marks, and a worker fault failing an order with its code and
//! its notification.

use reqwest::{Method, StatusCode};
use serde_json::Value;
use tnhub_server::callbacks::CallbackConfig;

use crate::callbacks::subscriptions;
use crate::helpers::{ACCOUNT, ADMIN_TOKEN, TestApp};
use crate::journal::journal;
use crate::orders::{available, existing_order, place, settle, site_and_peer};
use crate::receiver::Receiver;

/// Adds a fault rule; returns its id.
pub async fn add_rule(app: &TestApp, rule: &str) -> u64 {
    let r = app
        .admin_as(Method::POST, "/admin/faults", Some(rule), Some(ADMIN_TOKEN))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let v: Value = serde_json::from_str(&r.body).unwrap();
    v["id"].as_u64().unwrap()
}

#[tokio::test]
async fn each_fault_kind_is_seen_by_the_official_node_client() {
    let app = TestApp::spawn().await;
    crate::conformance::run_script(&app, "node", "faults").await;
    // Every fault fired is marked in its journal entry.
    let entries = journal(&app, "path=availableNumbers").await;
    let marked: Vec<&Value> = entries
        .iter()
        .filter(|e| !e["faults"].as_array().unwrap().is_empty())
        .collect();
    assert_eq!(marked.len(), 4, "{entries:?}");
    let statuses: Vec<u64> = marked
        .iter()
        .map(|e| e["status"].as_u64().unwrap())
        .collect();
    assert_eq!(statuses, [429, 503, 0, 200], "{marked:?}");
    assert!(marked[2]["faults"][0].as_str().unwrap().contains("dropped"));
    // The rules are used up and listed so.
    let r = app.admin(Method::GET, "/admin/faults").await;
    let v: Value = serde_json::from_str(&r.body).unwrap();
    let rules = v["faults"].as_array().unwrap();
    assert_eq!(rules.len(), 4);
    assert!(
        rules.iter().all(|r| r["remaining"] == 0 && r["fired"] == 1),
        "{rules:?}"
    );
}

#[tokio::test]
async fn rules_match_route_account_and_method_and_can_be_deleted() {
    let app = TestApp::spawn().await;
    let id = add_rule(
        &app,
        r#"{"route":"/accounts/{accountId}/sites","account":"9900001","method":"POST","action":{"type":"error","status":500,"code":1000,"description":"injected"}}"#,
    )
    .await;
    // Another method, another route: untouched.
    assert_eq!(
        app.get(&format!("/accounts/{ACCOUNT}/sites")).await.status,
        200
    );
    assert_eq!(app.get(&format!("/accounts/{ACCOUNT}")).await.status, 200);
    let r = app
        .post(
            &format!("/v1.0/accounts/{ACCOUNT}/Sites"),
            &crate::helpers::site_xml("faulted"),
        )
        .await;
    r.assert_error(500, 1000);
    // Every match, until deleted.
    let r = app
        .post(
            &format!("/accounts/{ACCOUNT}/sites"),
            &crate::helpers::site_xml("x"),
        )
        .await;
    r.assert_error(500, 1000);
    let r = app
        .admin(Method::DELETE, &format!("/admin/faults/{id}"))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = app
        .admin(Method::DELETE, &format!("/admin/faults/{id}"))
        .await;
    assert_eq!(r.status, 404, "{}", r.body);
    let r = app
        .post(
            &format!("/accounts/{ACCOUNT}/sites"),
            &crate::helpers::site_xml("y"),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    // Bad rules are refused with the reason.
    for bad in [
        r#"{"action":{"type":"error","status":200,"code":1,"description":"x"}}"#,
        r#"{"probability":2,"action":{"type":"drop"}}"#,
        r#"{"action":{"type":"teleport"}}"#,
        r#"{"orderType":"new_number","action":{"type":"drop"}}"#,
    ] {
        let r = app
            .admin_as(Method::POST, "/admin/faults", Some(bad), Some(ADMIN_TOKEN))
            .await;
        assert_eq!(r.status, 400, "{bad}: {}", r.body);
    }
}

#[tokio::test]
async fn a_seeded_probability_fires_the_same_way_every_run() {
    let mut runs = Vec::new();
    for _ in 0..2 {
        let app = TestApp::spawn().await;
        add_rule(
            &app,
            r#"{"route":"/accounts/{accountId}","probability":0.5,"seed":7,"action":{"type":"error","status":503,"code":1000,"description":"flaky"}}"#,
        )
        .await;
        let mut seen = Vec::new();
        for _ in 0..16 {
            seen.push(
                app.get(&format!("/accounts/{ACCOUNT}"))
                    .await
                    .status
                    .as_u16(),
            );
        }
        runs.push(seen);
    }
    assert_eq!(runs[0], runs[1]);
    assert!(
        runs[0].contains(&503) && runs[0].contains(&200),
        "{:?}",
        runs[0]
    );
}

#[tokio::test]
async fn a_worker_fault_fails_the_order_with_its_code_and_notification() {
    let app = TestApp::spawn_with_callbacks(CallbackConfig::default()).await;
    let receiver = Receiver::start(&[], 200).await;
    let r = app
        .post(
            &subscriptions(),
            &format!(
                "<Subscription><OrderType>orders</OrderType><CallbackSubscription><URL>{}</URL>\
                 <Expiry>3600</Expiry></CallbackSubscription></Subscription>",
                receiver.url
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    add_rule(
        &app,
        &format!(
            r#"{{"account":"{ACCOUNT}","orderType":"new_number","times":1,"action":{{"type":"workerFault","code":5005,"description":"The telephone number is unavailable for ordering (taken between search and order)"}}}}"#
        ),
    )
    .await;
    let (site, _) = site_and_peer(&app).await;
    let tns = available(&app, "areaCode=919&quantity=2").await;
    let id = place(&app, &existing_order(&site, &tns, "")).await;
    let order = settle(&app, &id).await;
    assert_eq!(
        order.text_of("OrderStatus").as_deref(),
        Some("FAILED"),
        "{}",
        order.body
    );
    assert!(order.body.contains("<Code>5005</Code>"), "{}", order.body);
    assert!(
        order.body.contains(&tns[0]) && order.body.contains(&tns[1]),
        "{}",
        order.body
    );
    // The notification says so.
    let got = receiver.wait_for(1).await;
    let note = &got.last().unwrap().body;
    assert!(note.contains("<Status>FAILED</Status>"), "{note}");
    assert!(note.contains(&id), "{note}");
    // The rule is used up: the next order of the same numbers completes.
    let id = place(&app, &existing_order(&site, &tns, "")).await;
    let order = settle(&app, &id).await;
    assert_eq!(
        order.text_of("OrderStatus").as_deref(),
        Some("COMPLETE"),
        "{}",
        order.body
    );
    // The journal marks the worker's fault.
    let entries = journal(&app, &format!("account={ACCOUNT}")).await;
    assert!(
        entries
            .iter()
            .any(|e| e["kind"] == "worker" && e["faults"][0].as_str().unwrap().contains("5005")),
        "{entries:?}"
    );
}
