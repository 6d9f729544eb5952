//! Who may read `/metrics` (`--metrics-access`) and where it is served
//! (`--metrics-listen`): open by default in these sandbox servers; only with
//! the operator's bearer token in operator mode; not on the API's listener
//! when it has a listener of its own. The binary's defaults and the
//! separate listener itself are tested in `crates/tnhub/tests/metrics.rs`.

use reqwest::{Method, StatusCode};
use tnhub_server::metrics::{MetricsAccess, MetricsConfig};

use crate::helpers::{ADMIN_TOKEN, TestApp};

#[tokio::test]
async fn operator_access_needs_the_operator_token() {
    let app = TestApp::spawn_with_config(|c| {
        c.metrics = MetricsConfig {
            access: MetricsAccess::Operator,
            separate: false,
        };
    })
    .await;
    let url = format!("{}/metrics", app.address);
    let anonymous = app.client.get(&url).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        anonymous.headers()["www-authenticate"],
        "Bearer realm=\"tnhub-admin\""
    );
    let wrong = app.client.get(&url).bearer_auth("guess").send().await;
    assert_eq!(wrong.unwrap().status(), StatusCode::UNAUTHORIZED);
    // A customer's credentials are not the operator's.
    let customer = app
        .request_as(
            Method::GET,
            "/metrics",
            None,
            Some((crate::helpers::USER, crate::helpers::PASSWORD)),
        )
        .await;
    assert_eq!(customer.status, StatusCode::UNAUTHORIZED);
    let operator = app.client.get(&url).bearer_auth(ADMIN_TOKEN).send().await;
    let operator = operator.unwrap();
    assert_eq!(operator.status(), StatusCode::OK);
    assert!(
        operator
            .text()
            .await
            .unwrap()
            .contains("tnhub_http_requests_total"),
        "the metrics are served to the operator"
    );
    // The rest of the operations endpoints stay open.
    let health = app.request_as(Method::GET, "/health", None, None).await;
    assert_eq!(health.status, StatusCode::OK);
}

#[tokio::test]
async fn open_access_needs_nothing() {
    let app = TestApp::spawn().await;
    let r = app.request_as(Method::GET, "/metrics", None, None).await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn a_separate_metrics_listener_takes_metrics_off_the_api_listener() {
    let app = TestApp::spawn_with_config(|c| {
        c.metrics = MetricsConfig {
            access: MetricsAccess::Open,
            separate: true,
        };
    })
    .await;
    let r = app.request_as(Method::GET, "/metrics", None, None).await;
    r.assert_error(404, 1005);
    let r = app.request_as(Method::GET, "/health", None, None).await;
    assert_eq!(r.status, StatusCode::OK);
}
