//! The operator plane over HTTP: the sandbox clock (read, moved, refused
//! in production mode), the job queue (listed, one job inspected, the job
//! runner paused and resumed), and the wall between operator and customer
//! credentials.

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::helpers::{ACCOUNT, ADMIN_TOKEN, PASSWORD, Reply, TestApp, USER};
use crate::orders::{available, existing_order, orders, place, settle, site_and_peer};

fn json(r: &Reply) -> Value {
    assert!(
        r.headers
            .get("content-type")
            .is_some_and(|v| v.to_str().unwrap().starts_with("application/json")),
        "the operator plane answers JSON: {:?} {}",
        r.headers,
        r.body
    );
    serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("{e}: {}", r.body))
}

#[tokio::test]
async fn the_sandbox_clock_is_read_and_moved_forward() {
    let app = TestApp::spawn().await;
    let r = app.admin(Method::GET, "/admin/clock").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let before = json(&r);
    assert_eq!(before["sandbox"], true, "{before}");
    assert_eq!(before["offsetMs"], 0, "{before}");
    let now_ms = before["nowMs"].as_i64().unwrap();
    assert!(
        tnhub_core::Timestamp::parse(before["now"].as_str().unwrap())
            .is_some_and(|t| t.millis() == now_ms),
        "{before}"
    );

    // Two hours and thirty minutes: the offset is exactly that, and the
    // service's clock agrees.
    let r = app
        .admin(Method::POST, "/admin/clock/advance?hours=2&minutes=30")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let after = json(&r);
    assert_eq!(after["offsetMs"], 9_000_000, "{after}");
    assert!(after["nowMs"].as_i64().unwrap() >= now_ms + 9_000_000);
    assert_eq!(app.hub.clock_state().offset_ms, Some(9_000_000));
    let r = app.admin(Method::GET, "/admin/clock").await;
    assert_eq!(json(&r)["offsetMs"], 9_000_000);
    app.advance_clock(1).await;
    assert_eq!(
        json(&app.admin(Method::GET, "/admin/clock").await)["offsetMs"],
        9_001_000
    );

    // Nothing to move by, or a value that is not a forward amount: 400,
    // and the clock stays where it was.
    for bad in [
        "/admin/clock/advance",
        "/admin/clock/advance?days=-1",
        "/admin/clock/advance?hours=soon",
        "/admin/clock/advance?seconds=0",
    ] {
        let r = app.admin(Method::POST, bad).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}: {}", r.body);
        assert!(json(&r)["error"].is_string());
    }
    assert_eq!(app.hub.clock_state().offset_ms, Some(9_001_000));
}

#[tokio::test]
async fn production_mode_has_no_clock_to_move() {
    let app = TestApp::spawn_configured(true, |hub| hub).await;
    let r = app.admin(Method::GET, "/admin/clock").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let clock = json(&r);
    assert_eq!(clock["sandbox"], false, "{clock}");
    assert!(clock.get("offsetMs").is_none(), "{clock}");
    let r = app.admin(Method::POST, "/admin/clock/advance?days=1").await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(
        json(&r)["error"].as_str().unwrap().contains("sandbox"),
        "{}",
        r.body
    );
    assert_eq!(app.hub.clock_state().offset_ms, None);
}

#[tokio::test]
async fn jobs_are_listed_and_inspected_while_the_worker_is_paused() {
    let app = TestApp::spawn().await;
    let (site, _) = site_and_peer(&app).await;
    let tns = available(&app, "areaCode=919&quantity=1").await;

    let r = app.admin(Method::GET, "/admin/worker").await;
    assert_eq!(json(&r), serde_json::json!({ "paused": false }));
    let r = app.admin(Method::POST, "/admin/worker/pause").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(json(&r), serde_json::json!({ "paused": true }));

    // Accepted while paused: the order and its job wait.
    let id = place(&app, &existing_order(&site, &tns, "")).await;
    let r = app.admin(Method::GET, "/admin/jobs").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let list = json(&r);
    assert_eq!(list["workerPaused"], true, "{list}");
    let jobs = list["jobs"].as_array().unwrap();
    assert_eq!(jobs.len(), 1, "{list}");
    let job = &jobs[0];
    assert_eq!(job["kind"], "order");
    assert_eq!(job["subject"], id.as_str());
    assert_eq!(job["attempts"], 0);
    assert!(job.get("lastError").is_none(), "{job}");
    let job_id = job["id"].as_i64().unwrap();

    let r = app
        .admin(Method::GET, &format!("/admin/jobs/{job_id}"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let one = json(&r);
    assert_eq!(one["id"], job_id);
    assert_eq!(one["subject"], id.as_str());
    assert_eq!(one["runAt"], job["runAt"]);
    assert_eq!(one["order"]["id"], id.as_str());
    assert_eq!(one["order"]["accountId"], ACCOUNT);
    assert_eq!(one["order"]["orderType"], "new_number");
    assert_eq!(one["order"]["status"], "RECEIVED");
    // Still waiting: the worker has not run it, nor will a moved clock.
    app.advance_clock(60).await;
    let r = app.get(&format!("{}/{id}", orders())).await;
    assert_eq!(r.text_of("OrderStatus").as_deref(), Some("RECEIVED"));

    // Resumed: the order completes and its job is gone.
    let r = app.admin(Method::POST, "/admin/worker/resume").await;
    assert_eq!(json(&r), serde_json::json!({ "paused": false }));
    let r = settle(&app, &id).await;
    assert_eq!(r.text_of("OrderStatus").as_deref(), Some("COMPLETE"));
    let r = app
        .admin(Method::GET, &format!("/admin/jobs/{job_id}"))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    assert!(json(&r)["error"].is_string());
    let list = json(&app.admin(Method::GET, "/admin/jobs").await);
    assert_eq!(list["jobs"], serde_json::json!([]), "{list}");
    assert_eq!(list["workerPaused"], false);

    // A back-order waits as a job due a minute later; limit caps the list.
    app.hub.set_default_inventory(false).await.unwrap();
    let body = format!(
        "<Order><SiteId>{site}</SiteId><BackOrderRequested>true</BackOrderRequested><StateSearchAndOrderType><State>NC</State><Quantity>2</Quantity></StateSearchAndOrderType></Order>"
    );
    for _ in 0..2 {
        let id = place(&app, &body).await;
        assert_eq!(
            settle(&app, &id).await.text_of("OrderStatus").as_deref(),
            Some("BACKORDERED")
        );
    }
    let list = json(&app.admin(Method::GET, "/admin/jobs?limit=1").await);
    let jobs = list["jobs"].as_array().unwrap();
    assert_eq!(jobs.len(), 1, "{list}");
    let due = tnhub_core::Timestamp::parse(jobs[0]["runAt"].as_str().unwrap()).unwrap();
    assert!(
        due > app.hub.clock().now(),
        "a back-order's retry is due later: {list}"
    );
    assert_eq!(
        json(&app.admin(Method::GET, "/admin/jobs").await)["jobs"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // Unknown or malformed ids and limits.
    for path in ["/admin/jobs/999999", "/admin/jobs/abc", "/admin/jobs/-1"] {
        let r = app.admin(Method::GET, path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}: {}", r.body);
    }
    let r = app.admin(Method::GET, "/admin/jobs?limit=many").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
}

#[tokio::test]
async fn customer_and_operator_credentials_do_not_cross() {
    let app = TestApp::spawn().await;
    let basic = Some((USER, PASSWORD));
    // Customer Basic credentials never open the operator plane.
    for (method, path) in [
        (Method::GET, "/admin/clock"),
        (Method::POST, "/admin/clock/advance?days=1"),
        (Method::GET, "/admin/jobs"),
        (Method::GET, "/admin/jobs/1"),
        (Method::GET, "/admin/worker"),
        (Method::POST, "/admin/worker/pause"),
    ] {
        let url = format!("{}{path}", app.address);
        let r = app.request_as(method.clone(), &url, None, basic).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}: {}", r.body);
        assert_eq!(
            r.header("www-authenticate"),
            "Bearer realm=\"tnhub-admin\"",
            "{path}"
        );
        // Nor does a wrong token, or none.
        let r = app
            .admin_as(method.clone(), path, None, Some("not-the-token"))
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}: {}", r.body);
        let r = app.admin_as(method, path, None, None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}: {}", r.body);
    }
    // … and none of those requests did anything.
    assert_eq!(app.hub.clock_state().offset_ms, Some(0));
    assert!(!app.hub.worker_paused());

    // The admin token never opens the customer API, as a bearer token or
    // as a Basic password.
    let sites = format!("/api/accounts/{ACCOUNT}/sites");
    let r = app
        .admin_as(Method::GET, &sites, None, Some(ADMIN_TOKEN))
        .await;
    r.assert_error(401, 1001);
    for user in [USER, "admin", "operator"] {
        app.request_as(Method::GET, &sites, None, Some((user, ADMIN_TOKEN)))
            .await
            .assert_error(401, 1001);
    }
    // The customer's own credentials still work there.
    assert_eq!(app.get(&sites[4..]).await.status, StatusCode::OK);
}
