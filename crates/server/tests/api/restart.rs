use reqwest::StatusCode;

use crate::helpers::{ACCOUNT, TestApp};

#[tokio::test]
async fn sites_and_peers_survive_a_restart() {
    let app = TestApp::spawn().await;
    let site = app.create_site("durable").await;
    let peer = app.create_peer(&site, "kept").await;
    let app = app.restart().await;
    let r = app.get(&format!("/accounts/{ACCOUNT}/sites/{site}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.text_of("Name").as_deref(), Some("durable"));
    let r = app
        .get(&format!("/accounts/{ACCOUNT}/sites/{site}/sippeers/{peer}"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.text_of("PeerName").as_deref(), Some("kept"));
    assert_eq!(r.text_of("IsDefaultPeer").as_deref(), Some("true"));
}
