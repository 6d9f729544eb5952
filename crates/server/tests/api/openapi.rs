//! The served OpenAPI document and the route table describe the same API.

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use tnhub_server::routes::{api_routes, router_path};

use crate::helpers::TestApp;

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options"];

fn normalise(path: &str) -> String {
    // Literal segments compare without case; parameter names do not matter.
    router_path(path)
        .split('/')
        .map(|s| if s.starts_with('{') { "{}" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn every_route_is_documented_and_every_documented_route_is_served() {
    let app = TestApp::spawn().await;
    let r = app
        .request_as(Method::GET, "/api/openapi.yaml", None, None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let doc: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(&r.body).expect("the served document is YAML");
    assert_eq!(doc["openapi"].as_str(), Some("3.1.0"));

    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_mapping().expect("paths") {
        let path = path.as_str().unwrap();
        for (method, _) in item.as_mapping().unwrap() {
            let method = method.as_str().unwrap();
            if METHODS.contains(&method) {
                documented.insert((method.to_ascii_uppercase(), normalise(path)));
            }
        }
    }
    let served: BTreeSet<(String, String)> = api_routes()
        .iter()
        .map(|r| (r.method.to_string(), normalise(r.path)))
        .collect();

    let undocumented: Vec<_> = served.difference(&documented).collect();
    let unserved: Vec<_> = documented.difference(&served).collect();
    assert!(
        undocumented.is_empty(),
        "served but not in openapi.yaml: {undocumented:?}"
    );
    assert!(
        unserved.is_empty(),
        "in openapi.yaml but not served: {unserved:?}"
    );
}

#[tokio::test]
async fn the_document_is_served_under_every_prefix() {
    let app = TestApp::spawn().await;
    for path in [
        "/api/openapi.yaml",
        "/api/v1/openapi.yaml",
        "/v1.0/openapi.yaml",
    ] {
        let r = app.request_as(Method::GET, path, None, None).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(r.body.contains("openapi: 3.1.0"));
    }
}
