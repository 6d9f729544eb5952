//! `PUT …/sippeers/{p}/tns/{tn}`: one number's settings on its SIP peer,
//! stored where `tnoptions` orders keep them, shown by the peer's number
//! resources and `tndetails`, and kept across a restart.

use std::time::Duration;

use reqwest::{Method, StatusCode};

use crate::helpers::{ACCOUNT, TestApp, last_segment};
use crate::tns::{TNS, three_in_service_one_reserved};

fn peer_tn(prefix: &str, site: &str, peer: &str, tn: &str) -> String {
    format!("{prefix}/accounts/{ACCOUNT}/sites/{site}/sippeers/{peer}/tns/{tn}")
}

/// What Node's `sipPeer.updateTns(tn, {fullNumber, callingNameDisplay, rpidFormat})` sends.
fn node_body(tn: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<SipPeerTelephoneNumber>\n  \
         <FullNumber>{tn}</FullNumber>\n  <CallingNameDisplay>on</CallingNameDisplay>\n  \
         <RpidFormat>e164</RpidFormat>\n</SipPeerTelephoneNumber>"
    )
}

/// Every element of the real example.
fn full_body(tn: &str) -> String {
    format!(
        "<SipPeerTelephoneNumber><FullNumber>{tn}</FullNumber><NumberFormat>10digit</NumberFormat>\
         <RPIDFormat>11digit</RPIDFormat><RewriteUser>frontdesk</RewriteUser><CallForward>9195550199</CallForward>\
         <CallingNameDisplay>false</CallingNameDisplay><TnAttributes><TnAttribute>Protected</TnAttribute></TnAttributes>\
         <MessagingSettings><SmsEnabled>true</SmsEnabled></MessagingSettings></SipPeerTelephoneNumber>"
    )
}

#[tokio::test]
async fn settings_are_stored_shown_and_kept_across_a_restart() {
    let app = TestApp::spawn().await;
    let (site, peer) = three_in_service_one_reserved(&app).await;

    // Node's body (its `on`, Python's `RpidFormat` spelling): 200 with the number.
    let r = app
        .put(&peer_tn("/api", &site, &peer, TNS[0]), &node_body(TNS[0]))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    insta::assert_snapshot!(r.body, @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><SipPeerTelephoneNumberResponse><SipPeerTelephoneNumber><FullNumber>9192120100</FullNumber><RPIDFormat>e164</RPIDFormat><CallingNameDisplay>true</CallingNameDisplay></SipPeerTelephoneNumber></SipPeerTelephoneNumberResponse>"#);

    // Every setting, under the other prefixes.
    for prefix in ["/api/v1", "/v1.0"] {
        let r = app
            .put(&peer_tn(prefix, &site, &peer, TNS[1]), &full_body(TNS[1]))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{prefix}: {}", r.body);
    }
    let r = app.get(&peer_tn("/api", &site, &peer, TNS[1])).await;
    insta::assert_snapshot!(r.body, @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><SipPeerTelephoneNumberResponse><SipPeerTelephoneNumber><FullNumber>9192120101</FullNumber><NumberFormat>10digit</NumberFormat><RPIDFormat>11digit</RPIDFormat><RewriteUser>frontdesk</RewriteUser><CallForward>9195550199</CallForward><CallingNameDisplay>false</CallingNameDisplay><TnAttributes><TnAttribute>Protected</TnAttribute></TnAttributes><MessagingSettings><SmsEnabled>true</SmsEnabled></MessagingSettings></SipPeerTelephoneNumber></SipPeerTelephoneNumberResponse>"#);
    let details = app.get(&format!("/tns/{}/tndetails", TNS[1])).await;
    for part in [
        "<ServiceTypes><ServiceType>Voice</ServiceType><ServiceType>Messaging</ServiceType></ServiceTypes>",
        "<Features><CallingNameDisplay>false</CallingNameDisplay><CallForward>9195550199</CallForward><NumberFormat>10digit</NumberFormat><RPIDFormat>11digit</RPIDFormat><RewriteUser>frontdesk</RewriteUser></Features>",
        "<MessagingSettings><SmsEnabled>true</SmsEnabled></MessagingSettings><TnAttributes><TnAttribute>Protected</TnAttribute></TnAttributes>",
    ] {
        assert!(
            details.body.contains(part),
            "{part} not in {}",
            details.body
        );
    }
    // The peer's list shows them too, and leaves them out on request.
    let list = format!("/accounts/{ACCOUNT}/sites/{site}/sippeers/{peer}/tns");
    let r = app.get(&list).await;
    assert!(
        r.body
            .contains("<FullNumber>9192120101</FullNumber><NumberFormat>10digit</NumberFormat>"),
        "{}",
        r.body
    );
    let r = app.get(&format!("{list}?includeAttributes=false")).await;
    assert!(!r.body.contains("NumberFormat"), "{}", r.body);

    // A partial PUT changes only what it names: clear the forward, drop Protected.
    let r = app
        .put(
            &peer_tn("/api", &site, &peer, TNS[1]),
            "<SipPeerTelephoneNumber><CallForward>systemdefault</CallForward><TnAttributes/></SipPeerTelephoneNumber>",
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    insta::assert_snapshot!(r.body, @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><SipPeerTelephoneNumberResponse><SipPeerTelephoneNumber><FullNumber>9192120101</FullNumber><NumberFormat>10digit</NumberFormat><RPIDFormat>11digit</RPIDFormat><RewriteUser>frontdesk</RewriteUser><CallingNameDisplay>false</CallingNameDisplay><MessagingSettings><SmsEnabled>true</SmsEnabled></MessagingSettings></SipPeerTelephoneNumber></SipPeerTelephoneNumberResponse>"#);

    // Durable: a restarted server on the same database shows the same.
    let app = app.restart().await;
    let r = app.get(&peer_tn("/api", &site, &peer, TNS[0])).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body
            .contains("<RPIDFormat>e164</RPIDFormat><CallingNameDisplay>true</CallingNameDisplay>"),
        "{}",
        r.body
    );
}

async fn settle_tn_option(app: &TestApp, id: &str) {
    let path = format!("/accounts/{ACCOUNT}/tnoptions/{id}");
    for _ in 0..200 {
        let r = app.get(&path).await;
        let s = r.text_of("ProcessingStatus").unwrap_or_default();
        if s != "RECEIVED" && s != "PROCESSING" {
            assert_eq!(s, "COMPLETE", "{}", r.body);
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("{path} did not finish");
}

#[tokio::test]
async fn a_peer_number_put_and_a_tnoptions_order_change_the_same_settings() {
    let app = TestApp::spawn().await;
    let (site, peer) = three_in_service_one_reserved(&app).await;
    let r = app
        .put(&peer_tn("/api", &site, &peer, TNS[2]), &full_body(TNS[2]))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    // A later order turns SMS off and the caller name on, and unprotects.
    let order = format!(
        "<TnOptionOrder><TnOptionGroups><TnOptionGroup><Sms>off</Sms><CallingNameDisplay>on</CallingNameDisplay>\
         <Protected>false</Protected><TelephoneNumbers><TelephoneNumber>{}</TelephoneNumber></TelephoneNumbers>\
         </TnOptionGroup></TnOptionGroups></TnOptionOrder>",
        TNS[2]
    );
    let r = app
        .post(&format!("/accounts/{ACCOUNT}/tnoptions"), &order)
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    settle_tn_option(&app, &last_segment(r.header("location"))).await;

    let r = app.get(&peer_tn("/api", &site, &peer, TNS[2])).await;
    insta::assert_snapshot!(r.body, @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><SipPeerTelephoneNumberResponse><SipPeerTelephoneNumber><FullNumber>9192120102</FullNumber><NumberFormat>10digit</NumberFormat><RPIDFormat>11digit</RPIDFormat><RewriteUser>frontdesk</RewriteUser><CallForward>9195550199</CallForward><CallingNameDisplay>true</CallingNameDisplay><MessagingSettings><SmsEnabled>false</SmsEnabled></MessagingSettings></SipPeerTelephoneNumber></SipPeerTelephoneNumberResponse>"#);
}

#[tokio::test]
async fn bad_numbers_places_and_values_have_their_codes() {
    let app = TestApp::spawn().await;
    let (site, peer) = three_in_service_one_reserved(&app).await;
    let other_peer = app.create_peer(&site, "spare").await;
    let put = |path: String, body: String| {
        let app = &app;
        async move { app.put(&path, &body).await }
    };
    let shape = "<SipPeerTelephoneNumberResponse><ResponseStatus><ErrorCode>";

    // Not on this peer: reserved, on another peer, nobody's.
    for (p, tn) in [
        (&peer, TNS[3]),
        (&other_peer, TNS[0]),
        (&peer, "9192129999"),
    ] {
        let r = put(peer_tn("/api", &site, p, tn), node_body(tn)).await;
        r.assert_error(404, 13536);
        assert!(r.body.contains(shape), "{}", r.body);
    }
    put(peer_tn("/api", &site, "999999", TNS[0]), node_body(TNS[0]))
        .await
        .assert_error(404, 13563);
    put(peer_tn("/api", "999999", &peer, TNS[0]), node_body(TNS[0]))
        .await
        .assert_error(404, 12016);
    put(peer_tn("/api", &site, &peer, "12345"), node_body("12345"))
        .await
        .assert_error(400, 13512);

    let path = peer_tn("/api", &site, &peer, TNS[0]);
    for (body, code) in [
        (node_body(TNS[1]), 1004),
        ("<SipPeerTelephoneNumber><NumberFormat>9digit</NumberFormat></SipPeerTelephoneNumber>".to_string(), 5081),
        ("<SipPeerTelephoneNumber><CallingNameDisplay>maybe</CallingNameDisplay></SipPeerTelephoneNumber>".to_string(), 5081),
        ("<SipPeerTelephoneNumber><MessagingSettings><SmsEnabled>on-ish</SmsEnabled></MessagingSettings></SipPeerTelephoneNumber>".to_string(), 5081),
        ("<SipPeerTelephoneNumber><CallForward>555</CallForward></SipPeerTelephoneNumber>".to_string(), 5081),
        ("<SipPeerTelephoneNumber><TnAttributes><TnAttribute>Hosted</TnAttribute></TnAttributes></SipPeerTelephoneNumber>".to_string(), 5081),
        (format!("<SipPeerTelephoneNumber><RewriteUser>{}</RewriteUser></SipPeerTelephoneNumber>", "u".repeat(65)), 1004),
        ("<SipPeerTelephoneNumber><FullNumber>".to_string(), 1002),
        ("<SipPeer/>".to_string(), 1002),
    ] {
        let r = put(path.clone(), body.clone()).await;
        r.assert_error(400, code);
        assert!(r.body.contains(shape), "{body}: {}", r.body);
    }
    // Nothing was changed by the refused requests.
    let r = app.get(&path).await;
    assert!(
        r.body.contains(
            "<SipPeerTelephoneNumber><FullNumber>9192120100</FullNumber></SipPeerTelephoneNumber>"
        ),
        "{}",
        r.body
    );

    // Another tenant cannot reach the account at all.
    app.other_tenant("9900002", "other", "other-password").await;
    app.request_as(
        Method::PUT,
        &path,
        Some(&node_body(TNS[0])),
        Some(("other", "other-password")),
    )
    .await
    .assert_error(403, 5051);
}
