//! SIP-peer products (SMS, MMS, messaging application, origination and
//! termination) and their effects on numbers; the account's products and
//! hosts (docs/applications-and-products.md).

use std::time::Duration;

use reqwest::StatusCode;

use crate::disconnects::in_service;
use crate::helpers::{ACCOUNT, TestApp, last_segment};
use crate::orders::site_and_peer;

const SMS: &str = "<SipPeerSmsFeature><SipPeerSmsFeatureSettings><TollFree>true</TollFree><ShortCode>false</ShortCode>\
    <Protocol>HTTP</Protocol><Zone1>true</Zone1></SipPeerSmsFeatureSettings><HttpSettings><ProxyPeerId>539692</ProxyPeerId></HttpSettings></SipPeerSmsFeature>";
const MMS: &str = "<MmsFeature><MmsSettings><protocol>HTTP</protocol></MmsSettings><Protocols><HTTP><HttpSettings>\
    <ProxyPeerId>539692</ProxyPeerId></HttpSettings></HTTP></Protocols></MmsFeature>";

fn products(site: &str, peer: &str) -> String {
    format!("/accounts/{ACCOUNT}/sites/{site}/sippeers/{peer}/products")
}

async fn application(app: &TestApp, kind: &str) -> String {
    let url = match kind {
        "Voice-V2" => "<CallInitiatedCallbackUrl>https://example.com/v</CallInitiatedCallbackUrl>",
        _ => "<MsgCallbackUrl>https://example.com/m</MsgCallbackUrl>",
    };
    let r = app
        .post(
            &format!("/accounts/{ACCOUNT}/applications"),
            &format!("<Application><ServiceType>{kind}</ServiceType><AppName>a</AppName>{url}</Application>"),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    last_segment(r.header("location"))
}

#[tokio::test]
async fn messaging_features_follow_their_rules() {
    let app = TestApp::spawn().await;
    let (site, peer) = site_and_peer(&app).await;
    let p = products(&site, &peer);
    let (sms, mms, apps) = (
        format!("{p}/messaging/features/sms"),
        format!("{p}/messaging/features/mms"),
        format!("{p}/messaging/applicationSettings"),
    );
    app.get(&sms).await.assert_error(404, 17012);
    app.post(&mms, MMS).await.assert_error(400, 17011);
    let messaging = application(&app, "Messaging-V2").await;
    app.put(&apps, &format!("<ApplicationsSettings><HttpMessagingV2AppId>{messaging}</HttpMessagingV2AppId></ApplicationsSettings>"))
        .await
        .assert_error(400, 17011);
    app.put(&sms, SMS).await.assert_error(404, 17012);
    app.post(&sms, "<SipPeerSmsFeature><SipPeerSmsFeatureSettings><Protocol>SIP</Protocol></SipPeerSmsFeatureSettings></SipPeerSmsFeature>")
        .await
        .assert_error(400, 17010);
    app.post(&sms, "<SipPeerSmsFeature><SipPeerSmsFeatureSettings><Protocol>SMPP</Protocol></SipPeerSmsFeatureSettings><HttpSettings><ProxyPeerId>1</ProxyPeerId></HttpSettings></SipPeerSmsFeature>")
        .await
        .assert_error(400, 17010);
    app.post(&sms, "<SipPeerSmsFeature/>")
        .await
        .assert_error(400, 1003);

    let r = app.post(&sms, SMS).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    insta::assert_snapshot!(r.body, @r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><SipPeerSmsFeatureResponse><SipPeerSmsFeature><SipPeerSmsFeatureSettings><TollFree>true</TollFree><ShortCode>false</ShortCode><Protocol>HTTP</Protocol><Zone1>true</Zone1><Zone2>false</Zone2><Zone3>false</Zone3><Zone4>false</Zone4><Zone5>false</Zone5></SipPeerSmsFeatureSettings><HttpSettings><ProxyPeerId>539692</ProxyPeerId></HttpSettings></SipPeerSmsFeature></SipPeerSmsFeatureResponse>"#);
    app.post(&sms, SMS).await.assert_error(409, 17013);
    let r = app
        .put(&sms, "<SipPeerSmsFeature><SipPeerSmsFeatureSettings><ShortCode>true</ShortCode></SipPeerSmsFeatureSettings></SipPeerSmsFeature>")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body
            .contains("<TollFree>true</TollFree><ShortCode>true</ShortCode>"),
        "{}",
        r.body
    );
    assert_eq!(
        app.get(&sms).await.text_of("ShortCode").as_deref(),
        Some("true")
    );

    let r = app.post(&mms, MMS).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert!(r.body.ends_with("<MmsFeatureResponse><MmsFeature><MmsSettings><protocol>HTTP</protocol></MmsSettings><Protocols><HTTP><HttpSettings><proxyPeerId>539692</proxyPeerId></HttpSettings></HTTP></Protocols></MmsFeature></MmsFeatureResponse>"), "{}", r.body);
    let r = app
        .put(
            &mms,
            "<MmsFeature><MmsSettings><protocol>MM4</protocol></MmsSettings></MmsFeature>",
        )
        .await;
    r.assert_error(400, 17010);

    // The messaging application must be the account's and of its kind.
    let voice = application(&app, "Voice-V2").await;
    app.put(&apps, &format!("<ApplicationsSettings><HttpMessagingV2AppId>{voice}</HttpMessagingV2AppId></ApplicationsSettings>"))
        .await
        .assert_error(400, 17001);
    app.put(&apps, "<ApplicationsSettings><HttpMessagingV2AppId>nope</HttpMessagingV2AppId></ApplicationsSettings>")
        .await
        .assert_error(400, 17000);
    let r = app
        .put(&apps, &format!("<ApplicationsSettings><HttpMessagingV2AppId>{messaging}</HttpMessagingV2AppId></ApplicationsSettings>"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(app.get(&apps).await.body.ends_with(&format!("<ApplicationSettingsResponse><ApplicationSettings><HttpMessagingV2AppId>{messaging}</HttpMessagingV2AppId></ApplicationSettings></ApplicationSettingsResponse>")));
    let r = app.get(&p).await;
    assert!(r.body.contains("<Product><Name>Messaging</Name><Features><Feature>SMS</Feature><Feature>MMS</Feature><Feature>HttpMessagingV2</Feature></Features></Product>"), "{}", r.body);

    // SMS goes last; a peer with SMS cannot be deleted (13613).
    app.delete(&sms).await.assert_error(400, 17010);
    app.delete(&format!("/accounts/{ACCOUNT}/sites/{site}/sippeers/{peer}"))
        .await
        .assert_error(400, 13613);
    assert_eq!(app.delete(&mms).await.status, StatusCode::OK);
    app.get(&mms).await.assert_error(404, 17012);
    let r = app
        .put(&apps, "<ApplicationsSettings>REMOVE</ApplicationsSettings>")
        .await;
    assert!(
        r.body
            .ends_with("<ApplicationSettings/></ApplicationSettingsResponse>"),
        "{}",
        r.body
    );
    assert_eq!(app.delete(&sms).await.status, StatusCode::OK);
    app.get(&sms).await.assert_error(404, 17012);
    assert!(!app.get(&p).await.body.contains("Messaging"));
}

#[tokio::test]
async fn origination_and_termination_settings_point_at_voice_applications() {
    let app = TestApp::spawn().await;
    let (site, peer) = site_and_peer(&app).await;
    let p = products(&site, &peer);
    let orig = format!("{p}/origination/settings");
    app.get(&orig).await.assert_error(404, 17012);
    app.post(&orig, "<SipPeerOriginationSettings><VoiceProtocol>HTTP</VoiceProtocol></SipPeerOriginationSettings>")
        .await
        .assert_error(400, 1003);
    let messaging = application(&app, "Messaging-V2").await;
    app.post(&orig, &format!("<SipPeerOriginationSettings><VoiceProtocol>HTTP</VoiceProtocol><HttpSettings><HttpVoiceV2AppId>{messaging}</HttpVoiceV2AppId></HttpSettings></SipPeerOriginationSettings>"))
        .await
        .assert_error(400, 17001);
    let voice = application(&app, "Voice-V2").await;
    let body = format!(
        "<SipPeerOriginationSettings><VoiceProtocol>HTTP</VoiceProtocol><HttpSettings><HttpVoiceV2AppId>{voice}</HttpVoiceV2AppId></HttpSettings></SipPeerOriginationSettings>"
    );
    let r = app.post(&orig, &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert!(r.body.ends_with(&format!("<SipPeerOriginationSettingsResponse><SipPeerOriginationSettings><VoiceProtocol>HTTP</VoiceProtocol><HttpSettings><HttpVoiceV2AppId>{voice}</HttpVoiceV2AppId></HttpSettings></SipPeerOriginationSettings></SipPeerOriginationSettingsResponse>")), "{}", r.body);
    app.post(&orig, &body).await.assert_error(409, 17013);
    // The voice application is now in use.
    app.delete(&format!("/accounts/{ACCOUNT}/applications/{voice}"))
        .await
        .assert_error(409, 17003);
    let r = app.get(&p).await;
    assert!(r.body.contains("<Product><Name>Origination</Name><Features><Feature>HttpVoice</Feature></Features></Product><Product><Name>Termination</Name></Product>"), "{}", r.body);
    let r = app.put(&orig, "<SipPeerOriginationSettings><VoiceProtocol>SIP</VoiceProtocol></SipPeerOriginationSettings>").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(!r.body.contains("HttpSettings"), "{}", r.body);
    assert_eq!(
        app.delete(&format!("/accounts/{ACCOUNT}/applications/{voice}"))
            .await
            .status,
        StatusCode::OK
    );

    let term = format!("{p}/termination/settings");
    app.put(&term, "<SipPeerTerminationSettings><VoiceProtocol>SIP</VoiceProtocol></SipPeerTerminationSettings>")
        .await
        .assert_error(404, 17012);
    let r = app.post(&term, "<SipPeerTerminationSettings><VoiceProtocol>SIP</VoiceProtocol></SipPeerTerminationSettings>").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert!(r.body.ends_with("<SipPeerTerminationSettingsResponse><SipPeerTerminationSettings><VoiceProtocol>SIP</VoiceProtocol></SipPeerTerminationSettings></SipPeerTerminationSettingsResponse>"), "{}", r.body);
    let r = app.get(&format!("{p}/termination/hosts")).await;
    assert!(
        r.body
            .ends_with("<TerminationHostsResponse><TerminationHosts/></TerminationHostsResponse>"),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn numbers_on_a_messaging_peer_show_sms_and_others_refuse_it() {
    let app = TestApp::spawn().await;
    let (site, peer) = site_and_peer(&app).await;
    let tns = in_service(&app, &site, 1).await;
    let details = app.get(&format!("/tns/{}/tndetails", tns[0])).await;
    assert!(
        !details.body.contains("<MessagingSettings>"),
        "{}",
        details.body
    );

    // SMS on a number whose peer has no messaging: the number fails (17011).
    let order = format!(
        "<TnOptionOrder><TnOptionGroups><TnOptionGroup><Sms>on</Sms><TelephoneNumbers><TelephoneNumber>{}</TelephoneNumber></TelephoneNumbers></TnOptionGroup></TnOptionGroups></TnOptionOrder>",
        tns[0]
    );
    let r = app
        .post(&format!("/accounts/{ACCOUNT}/tnoptions"), &order)
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = last_segment(r.header("location"));
    let mut done = None;
    for _ in 0..200 {
        let r = app
            .get(&format!("/accounts/{ACCOUNT}/tnoptions/{id}"))
            .await;
        if r.text_of("ProcessingStatus").as_deref() == Some("FAILED") {
            done = Some(r);
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let r = done.expect("the option order failed");
    assert!(r.body.contains(&format!("<Code>17011</Code><Description>SMS cannot be enabled: the number's SIP peer has no messaging (SMS) feature.</Description><TelephoneNumber>{}</TelephoneNumber>", tns[0])), "{}", r.body);

    // With SMS on its peer, the number shows messaging in its details.
    let r = app
        .post(
            &format!("{}/messaging/features/sms", products(&site, &peer)),
            SMS,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let details = app.get(&format!("/tns/{}/tndetails", tns[0])).await;
    assert!(
        details.body.contains("<ServiceTypes><ServiceType>Voice</ServiceType><ServiceType>Messaging</ServiceType></ServiceTypes>")
            && details.body.contains("<MessagingSettings><SmsEnabled>true</SmsEnabled></MessagingSettings>"),
        "{}",
        details.body
    );

    // The account's products and its hosts roll-up.
    let r = app.get(&format!("/accounts/{ACCOUNT}/products")).await;
    assert!(
        r.body
            .contains("<AccountProductsResponse><Products><Product><Name>Origination</Name>"),
        "{}",
        r.body
    );
    assert!(r.body.contains("<Product><Name>Messaging</Name><Features><Feature>SMS</Feature><Feature>MMS</Feature><Feature>HttpMessagingV2</Feature></Features></Product>"), "{}", r.body);
    let r = app.get(&format!("/accounts/{ACCOUNT}/hosts")).await;
    assert!(r.body.contains(&format!("<SiteHosts><SiteHost><SiteId>{site}</SiteId><SipPeerHosts><SipPeerHost><SipPeerId>{peer}</SipPeerId><VoiceHosts/><SmsHosts/><TerminationHosts/></SipPeerHost>")), "{}", r.body);
}
