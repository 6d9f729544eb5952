//! Applications: create both kinds, read, replace, patch, the callback
//! address policy, the peers pointing at one and the refusal to delete an
//! application in use (docs/applications-and-products.md).

use reqwest::{Method, StatusCode};

use crate::helpers::{ACCOUNT, TestApp, last_segment};

fn apps() -> String {
    format!("/accounts/{ACCOUNT}/applications")
}

const MESSAGING: &str = "<Application><ServiceType>Messaging-V2</ServiceType><AppName>sms app</AppName>\
    <MsgCallbackUrl>https://example.com/sms</MsgCallbackUrl>\
    <CallbackCreds><UserId>hook</UserId><Password>s3cret</Password></CallbackCreds></Application>";

#[tokio::test]
async fn applications_are_created_read_replaced_patched_and_deleted() {
    let app = TestApp::spawn().await;
    let r = app.get(&apps()).await;
    assert!(
        r.body.ends_with(
            "<ApplicationProvisioningResponse><ApplicationList/></ApplicationProvisioningResponse>"
        ),
        "{}",
        r.body
    );

    let r = app.post(&apps(), MESSAGING).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = last_segment(r.header("location"));
    assert_eq!(r.text_of("ApplicationId").as_deref(), Some(id.as_str()));
    let r = app.get(&format!("{}/{id}", apps())).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(&format!("<Application><ApplicationId>{id}</ApplicationId><ServiceType>Messaging-V2</ServiceType><AppName>sms app</AppName><MsgCallbackUrl>https://example.com/sms</MsgCallbackUrl><CallbackCreds><UserId>hook</UserId></CallbackCreds></Application>")), "{}", r.body);
    assert!(
        !r.body.contains("s3cret"),
        "the password is never written back"
    );

    // The guides' <CallbackUrl> is the messaging URL; a voice application.
    let r = app
        .post(&apps(), "<Application><ServiceType>Voice-V2</ServiceType><AppName>voice</AppName><CallInitiatedCallbackUrl>https://example.com/in</CallInitiatedCallbackUrl><CallInitiatedMethod>get</CallInitiatedMethod></Application>")
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.text_of("CallInitiatedMethod").as_deref(), Some("GET"));
    let voice = last_segment(r.header("location"));
    let r = app
        .post(&apps(), "<Application><ServiceType>Messaging-V2</ServiceType><AppName>old</AppName><CallbackUrl>https://example.com/old</CallbackUrl><CallbackCreds/></Application>")
        .await;
    assert_eq!(
        r.text_of("MsgCallbackUrl").as_deref(),
        Some("https://example.com/old")
    );
    let list = app.get(&apps()).await;
    assert_eq!(
        list.body.matches("<Application>").count(),
        3,
        "{}",
        list.body
    );

    // PATCH changes what is sent; PUT replaces (credentials dropped) and
    // may leave ServiceType out, never change it.
    let url = format!("{}/{id}", apps());
    let r = app
        .request(
            Method::PATCH,
            &url,
            Some("<Application><AppName>renamed</AppName></Application>"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.text_of("AppName").as_deref(), Some("renamed"));
    assert_eq!(r.text_of("UserId").as_deref(), Some("hook"));
    let r = app
        .put(&url, "<Application><AppName>put</AppName><MsgCallbackUrl>https://example.com/put</MsgCallbackUrl></Application>")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(!r.body.contains("CallbackCreds"), "{}", r.body);
    app.put(&url, "<Application><ServiceType>Voice-V2</ServiceType><AppName>x</AppName><CallInitiatedCallbackUrl>https://e.com</CallInitiatedCallbackUrl></Application>")
        .await
        .assert_error(400, 17001);

    // Delete; then it is gone.
    assert_eq!(
        app.delete(&format!("{}/{voice}", apps())).await.status,
        StatusCode::OK
    );
    app.get(&format!("{}/{voice}", apps()))
        .await
        .assert_error(404, 17000);
    app.delete(&format!("{}/{voice}", apps()))
        .await
        .assert_error(404, 17000);
}

#[tokio::test]
async fn invalid_applications_are_refused_with_their_codes() {
    let app = TestApp::spawn().await;
    let cases: &[(&str, u32)] = &[
        (
            "<Application><AppName>a</AppName><MsgCallbackUrl>https://e.com</MsgCallbackUrl></Application>",
            1003,
        ),
        (
            "<Application><ServiceType>Fax</ServiceType><AppName>a</AppName></Application>",
            17001,
        ),
        (
            "<Application><ServiceType>Messaging-V2</ServiceType><MsgCallbackUrl>https://e.com</MsgCallbackUrl></Application>",
            1003,
        ),
        (
            "<Application><ServiceType>Messaging-V2</ServiceType><AppName>a</AppName></Application>",
            1003,
        ),
        (
            "<Application><ServiceType>Voice-V2</ServiceType><AppName>a</AppName></Application>",
            1003,
        ),
        (
            "<Application><ServiceType>Messaging-V2</ServiceType><AppName>a</AppName><MsgCallbackUrl>ftp://e.com/x</MsgCallbackUrl></Application>",
            17002,
        ),
        (
            "<Application><ServiceType>Messaging-V2</ServiceType><AppName>a</AppName><MsgCallbackUrl>https://e.com</MsgCallbackUrl><CallStatusMethod>POST</CallStatusMethod></Application>",
            17001,
        ),
        (
            "<Application><ServiceType>Voice-V2</ServiceType><AppName>a</AppName><CallInitiatedCallbackUrl>https://e.com</CallInitiatedCallbackUrl><CallInitiatedMethod>PUT</CallInitiatedMethod></Application>",
            17001,
        ),
        (
            "<Application><ServiceType>Voice-V2</ServiceType><AppName>a</AppName><CallInitiatedCallbackUrl>https://e.com</CallInitiatedCallbackUrl><CallbackCreds><UserId>u</UserId></CallbackCreds></Application>",
            17001,
        ),
        // The callback address policy (loopback allowed in the sandbox, not
        // private networks or the metadata address).
        (
            "<Application><ServiceType>Messaging-V2</ServiceType><AppName>a</AppName><MsgCallbackUrl>http://169.254.169.254/latest</MsgCallbackUrl></Application>",
            17002,
        ),
        (
            "<Application><ServiceType>Voice-V2</ServiceType><AppName>a</AppName><CallInitiatedCallbackUrl>http://[fd00::1]/x</CallInitiatedCallbackUrl></Application>",
            17002,
        ),
        (
            "<Application><ServiceType>Messaging-V2</ServiceType><AppName>a</AppName><MsgCallbackUrl>http://0x0a000001/x</MsgCallbackUrl></Application>",
            17002,
        ),
    ];
    for (body, code) in cases {
        let r = app.post(&apps(), body).await;
        assert_eq!(r.status.as_u16(), 400, "{body}: {}", r.body);
        r.assert_error(400, *code);
        assert!(
            r.body.contains("<ApplicationProvisioningResponse>"),
            "{}",
            r.body
        );
    }
    let r = app
        .post(&apps(), "<Application><ServiceType>Messaging-V2</ServiceType><AppName>a</AppName><MsgCallbackUrl>http://127.0.0.1:9/x</MsgCallbackUrl></Application>")
        .await;
    assert_eq!(
        r.status,
        StatusCode::CREATED,
        "loopback is allowed in the sandbox: {}",
        r.body
    );
    app.post(&apps(), "<Wrong/>").await.assert_error(400, 1002);
    assert_eq!(
        app.get(&apps()).await.body.matches("<Application>").count(),
        1
    );
}

#[tokio::test]
async fn an_application_in_use_cannot_be_deleted_and_lists_its_peers() {
    let app = TestApp::spawn().await;
    let site = app.create_site("s").await;
    let peer = app.create_peer(&site, "p").await;
    let id = last_segment(app.post(&apps(), MESSAGING).await.header("location"));
    let r = app
        .get(&format!("{}/{id}/associatedsippeers", apps()))
        .await;
    assert!(
        r.body.ends_with(
            "<AssociatedSipPeersResponse><AssociatedSipPeers/></AssociatedSipPeersResponse>"
        ),
        "{}",
        r.body
    );

    let products = format!("/accounts/{ACCOUNT}/sites/{site}/sippeers/{peer}/products");
    let r = app
        .post(&format!("{products}/messaging/features/sms"), "<SipPeerSmsFeature><SipPeerSmsFeatureSettings><Protocol>HTTP</Protocol></SipPeerSmsFeatureSettings></SipPeerSmsFeature>")
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = app
        .put(&format!("{products}/messaging/applicationSettings"), &format!("<ApplicationsSettings><HttpMessagingV2AppId>{id}</HttpMessagingV2AppId></ApplicationsSettings>"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let r = app
        .get(&format!("{}/{id}/associatedsippeers", apps()))
        .await;
    assert!(r.body.contains(&format!("<AssociatedSipPeer><SiteId>{site}</SiteId><SiteName>s</SiteName><PeerId>{peer}</PeerId><PeerName>p</PeerName></AssociatedSipPeer>")), "{}", r.body);
    app.delete(&format!("{}/{id}", apps()))
        .await
        .assert_error(409, 17003);

    // Removed from the peer, it can go.
    let r = app
        .put(
            &format!("{products}/messaging/applicationSettings"),
            "<ApplicationsSettings>REMOVE</ApplicationsSettings>",
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        app.delete(&format!("{}/{id}", apps())).await.status,
        StatusCode::OK
    );
    app.get(&format!("{}/{id}/associatedsippeers", apps()))
        .await
        .assert_error(404, 17000);
}
