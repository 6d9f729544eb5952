//! The served OpenAPI document and the route tables describe the same API:
//! every route (the API's, the operator plane's and the operations
//! endpoints at the root) is documented with its method and its server,
//! every documented operation is served, and every route's handler answers
//! the method the table declares for it.

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use tnhub_server::routes::{Access, Route, api_routes, ops_routes, router_path};

use crate::helpers::{ACCOUNT, ADMIN_TOKEN, PASSWORD, TestApp, USER};

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options"];

/// Literal segments compare without case; parameter names do not matter.
fn shape(path: &str) -> String {
    path.split('/')
        .map(|s| {
            if s.starts_with('{') {
                "{}".to_string()
            } else {
                s.to_ascii_lowercase()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// An operation as compared: method, path shape, and whether it is served
/// at the root (`servers: [{ url: / }]`: the operator plane and the
/// operations endpoints) rather than under the API prefixes.
type Operation = (String, String, bool);

fn served() -> BTreeSet<Operation> {
    let api = api_routes().into_iter().map(|r| {
        let root = r.path.starts_with("/admin");
        (r.method.to_string(), shape(&router_path(r.path)), root)
    });
    let ops = ops_routes()
        .into_iter()
        .map(|r| (r.method.to_string(), shape(r.path), true));
    api.chain(ops).collect()
}

fn documented(doc: &serde_yaml_ng::Value) -> BTreeSet<Operation> {
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_mapping().expect("paths") {
        let path = path.as_str().unwrap();
        let root = match item.get("servers") {
            None => false,
            Some(list) => {
                let urls: Vec<&str> = list
                    .as_sequence()
                    .expect("servers is a list")
                    .iter()
                    .map(|s| s["url"].as_str().expect("a server url"))
                    .collect();
                assert_eq!(urls, ["/"], "{path}: the only override is the root");
                true
            }
        };
        // Root paths are served as written; the others under `/api` (and
        // the other prefixes), which `router_path` adds.
        let key = if root {
            shape(path)
        } else {
            shape(&router_path(path))
        };
        for (method, _) in item.as_mapping().unwrap() {
            let method = method.as_str().unwrap();
            if METHODS.contains(&method) {
                out.insert((method.to_ascii_uppercase(), key.clone(), root));
            }
        }
    }
    out
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

    let (documented, served) = (documented(&doc), served());
    let undocumented: Vec<_> = served.difference(&documented).collect();
    let unserved: Vec<_> = documented.difference(&served).collect();
    assert!(
        undocumented.is_empty(),
        "served but not in openapi.yaml (method, path, at the root): {undocumented:?}"
    );
    assert!(
        unserved.is_empty(),
        "in openapi.yaml but not served (method, path, at the root): {unserved:?}"
    );
    // The web console (`/console`, and `/` redirecting to it) is HTML for
    // people, not API: its routes are outside the route table, so they are
    // neither documented nor fuzzed (docs/openapi.md).
    assert!(
        documented
            .iter()
            .all(|(_, path, _)| !path.starts_with("/console") && path != "/"),
        "the console is not API and stays out of openapi.yaml"
    );
    for path in ["/health", "/ready", "/metrics"] {
        assert!(
            served.contains(&("GET".into(), path.into(), true)),
            "{path} is in the ops table"
        );
    }
}

/// A concrete URL for a route: path parameters filled in with values of
/// the right shape (they need not exist: only the method matters here).
fn concrete(app: &TestApp, route: &Route, ops: bool) -> String {
    let path: String = route
        .path
        .split('/')
        .map(|s| match s {
            "{accountId}" => ACCOUNT.to_string(),
            "{tn}" => "9195550123".to_string(),
            s if s.starts_with('{') => "1".to_string(),
            s => s.to_string(),
        })
        .collect::<Vec<_>>()
        .join("/");
    if ops || route.path.starts_with("/admin") {
        format!("{}{path}", app.address)
    } else {
        app.url(&path)
    }
}

#[tokio::test]
async fn every_handler_answers_the_method_its_route_declares() {
    let app = TestApp::spawn().await;
    let routes = api_routes()
        .into_iter()
        .map(|r| (r, false))
        .chain(ops_routes().into_iter().map(|r| (r, true)));
    let mut checked = 0;
    for (route, ops) in routes {
        let url = concrete(&app, &route, ops);
        let mut req = app.client.request(route.method.clone(), &url);
        req = match route.access {
            Access::Customer => req.basic_auth(USER, Some(PASSWORD)),
            Access::Operator => req.bearer_auth(ADMIN_TOKEN),
            Access::Open => req,
        };
        if route.method == Method::POST || route.method == Method::PUT {
            req = req
                .header("Content-Type", "application/xml")
                .body("<Nothing/>");
        }
        let r = req.send().await.expect("request");
        let status = r.status();
        let body = r.text().await.unwrap_or_default();
        // A handler registered for another method than the row says would
        // leave the declared one to the method-not-allowed fallback (405,
        // code 1006); any other answer (even a 400 or 404 for the made-up
        // ids and body) means the declared method reached a handler.
        assert_ne!(
            status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{} {} (declared) is not served: {body}",
            route.method,
            route.path
        );
        assert!(
            !body.contains("no route matches"),
            "{} {} matched no route: {body}",
            route.method,
            route.path
        );
        checked += 1;
    }
    assert!(checked > 100, "every route was tried ({checked})");
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
