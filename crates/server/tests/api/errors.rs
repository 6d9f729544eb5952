//! Bad input of every kind gets a Bandwidth-style XML error, never a panic,
//! a bare 500 or axum's plain-text rejection.

use reqwest::{Method, StatusCode};

use crate::helpers::{ACCOUNT, TestApp, site_xml};

#[tokio::test]
async fn malformed_bodies_are_refused_in_the_endpoints_envelope() {
    let app = TestApp::spawn().await;
    let sites = format!("/accounts/{ACCOUNT}/sites");
    for body in [
        "<Site><Name>x</Site>",                       // mismatched tags
        "<Site><Name>x</Name>",                       // unclosed root
        "not xml at all",                             // text only
        "<Site><Name>&bogus;</Name></Site>",          // unknown entity
        "<!DOCTYPE Site [<!ENTITY a \"b\">]><Site/>", // DTDs refused
        "",                                           // nothing
    ] {
        let r = app.post(&sites, body).await;
        r.assert_error(400, 1002);
        assert!(
            r.body.contains("<SiteResponse><ResponseStatus>"),
            "{body:?} -> {}",
            r.body
        );
    }
    // The wrong root is named in the error.
    let r = app
        .post(&sites, "<SipPeer><PeerName>x</PeerName></SipPeer>")
        .await;
    r.assert_error(400, 1002);
    assert!(
        r.body.contains("root element &lt;SipPeer&gt;")
            || r.body.contains("root element <SipPeer>"),
        "{}",
        r.body
    );
    // Peer endpoints use their own root.
    let site = app.create_site("s").await;
    let r = app
        .post(&format!("{sites}/{site}/sippeers"), "<SipPeer>")
        .await;
    r.assert_error(400, 1002);
    assert!(
        r.body.contains("<SipPeerResponse><ResponseStatus>"),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn oversized_bodies_get_413() {
    let app = TestApp::spawn().await;
    // The test server's limit is 64 KiB.
    let big = site_xml(&"x".repeat(10)).replace("test site", &"d".repeat(70 * 1024));
    let r = app.post(&format!("/accounts/{ACCOUNT}/sites"), &big).await;
    r.assert_error(413, 1007);
}

#[tokio::test]
async fn unknown_routes_and_methods_get_xml_errors() {
    let app = TestApp::spawn().await;
    app.get("/nothing/here").await.assert_error(404, 1005);
    app.get(&format!("/accounts/{ACCOUNT}/sites/1/unknown"))
        .await
        .assert_error(404, 1005);
    // Without one of the three prefixes there is no API.
    let r = app
        .request(
            Method::GET,
            &format!("{}/accounts/{ACCOUNT}/sites", app.address),
            None,
        )
        .await;
    r.assert_error(404, 1005);
    let r = app
        .request(
            Method::PATCH,
            &format!("/accounts/{ACCOUNT}/sites"),
            Some("<Site/>"),
        )
        .await;
    r.assert_error(405, 1006);
    assert_eq!(r.header("allow"), "GET, POST");
}

#[tokio::test]
async fn paths_and_prefixes_match_without_regard_to_case() {
    let app = TestApp::spawn().await;
    let site = app.create_site("s").await;
    for path in [
        format!("/api/ACCOUNTS/{ACCOUNT}/SITES/{site}/SipPeers"),
        format!("/API/V1/accounts/{ACCOUNT}/Sites/{site}/sippeers"),
        format!("/V1.0/Accounts/{ACCOUNT}/sites/{site}/SIPPEERS"),
    ] {
        let r = app.get(&format!("{}{path}", app.address)).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
        assert!(r.body.contains("<TNSipPeersResponse>"));
    }
}

#[tokio::test]
async fn every_response_has_a_request_id_and_ops_endpoints_answer() {
    let app = TestApp::spawn().await;
    let r = app.get(&format!("/accounts/{ACCOUNT}/sites")).await;
    assert!(!r.header("x-request-id").is_empty());
    let r = app
        .client
        .get(app.url(&format!("/accounts/{ACCOUNT}/sites")))
        .basic_auth(crate::helpers::USER, Some(crate::helpers::PASSWORD))
        .header("x-request-id", "trace-me-42")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["x-request-id"], "trace-me-42");

    let r = app.request_as(Method::GET, "/health", None, None).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = app.request_as(Method::GET, "/ready", None, None).await;
    assert_eq!(r.status, StatusCode::OK);
    let backend = match std::env::var("TNHUB_TEST_BACKEND").as_deref() {
        Ok("postgres") => "postgres",
        _ => "sqlite",
    };
    assert!(r.body.contains(backend), "{}", r.body);
    let r = app.request_as(Method::GET, "/metrics", None, None).await;
    assert_eq!(r.status, StatusCode::OK);
    // Labelled by route template, never by the raw path.
    assert!(
        r.body.contains("route=\"/api/accounts/{accountId}/sites\""),
        "{}",
        r.body
    );
    assert!(
        !r.body.contains(&format!("/accounts/{ACCOUNT}/")),
        "raw path leaked into metrics"
    );
}

#[tokio::test]
async fn a_failing_database_is_an_xml_error_not_a_crash() {
    let app = TestApp::spawn().await;
    // Log in once so the failure below is the database's, not auth's.
    assert_eq!(
        app.get(&format!("/accounts/{ACCOUNT}/sites")).await.status,
        StatusCode::OK
    );
    app.close_database().await;
    let r = app.get(&format!("/accounts/{ACCOUNT}/sites")).await;
    r.assert_error(503, 1000);
    assert!(
        !r.body.contains("pool"),
        "internal details leaked: {}",
        r.body
    );
    let r = app.request_as(Method::GET, "/ready", None, None).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    // The server itself is still up.
    assert_eq!(
        app.request_as(Method::GET, "/health", None, None)
            .await
            .status,
        StatusCode::OK
    );
}

/// Characters XML 1.0 forbids (here U+0001 and U+FFFE in a path) are
/// echoed as U+FFFD, so every error body stays a document XML parsers accept
/// (Java, C# and PHP clients parse 4xx bodies).
#[tokio::test]
async fn forbidden_characters_never_reach_a_body() {
    let app = TestApp::spawn().await;
    let r = app
        .get(&format!("/accounts/{ACCOUNT}/orders/a%01b%EF%BF%BEc"))
        .await;
    r.assert_error(404, 1005);
    assert!(r.body.contains("a\u{FFFD}b\u{FFFD}c"), "{:?}", r.body);
    assert!(!r.body.contains(['\u{1}', '\u{FFFE}']), "{:?}", r.body);
}
